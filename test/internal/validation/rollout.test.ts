import { Duration, Lazy, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { resolveRollout } from '../../../src/internal/validation/defaults';
import { checkHealthyHttpCodes, checkRollout, RolloutInputs, TaskFloor } from '../../../src/internal/validation/rollout';

const ONE_TASK: TaskFloor = { property: 'desiredCount', count: 1 };
const TWO_TASKS: TaskFloor = { property: 'minCapacity', count: 2 };

function errors(given: RolloutInputs, floor: TaskFloor = TWO_TASKS): string[] {
  return checkRollout(given, resolveRollout(given), floor).errors;
}

const TOKEN_SECONDS = () => Duration.seconds(Token.asNumber(Lazy.number({ produce: () => 30 })));
const TOKEN_NUMBER = () => Token.asNumber(Lazy.number({ produce: () => 50 }));
const command = ['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1'];

describe('resolveRollout: the values the construct used before these were properties', () => {
  test('nothing given', () => {
    expect(resolveRollout({})).toEqual({
      healthCheckGracePeriod: Duration.seconds(60),
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheck: {
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
        healthyHttpCodes: '200-399',
      },
      deregistrationDelay: Duration.seconds(30),
      containerHealthCheck: undefined,
    });
  });
  test('given values in range are kept; out of range ones fall back (and are refused)', () => {
    const healthCheck = { interval: Duration.minutes(1), timeout: Duration.seconds(1) };
    const r = resolveRollout({ minHealthyPercent: 50, maxHealthyPercent: 300, healthCheck });
    const { interval, timeout } = r.healthCheck;
    expect([r.minHealthyPercent, r.maxHealthyPercent, interval.toSeconds(), timeout.toSeconds()]).toEqual([50, 200, 60, 5]);
  });
});

test('the defaults pass, with one task or many', () => {
  expect(checkRollout({}, resolveRollout({}), ONE_TASK)).toEqual({ errors: [], warnings: [] });
  expect(errors({})).toEqual([]);
});

describe('deployment percents', () => {
  test.each([[0, 100], [100, 200], [50, 150]])('minHealthyPercent %p with maxHealthyPercent %p is accepted', (minHealthyPercent, maxHealthyPercent) => {
    expect(errors({ minHealthyPercent, maxHealthyPercent })).toEqual([]);
  });
  test.each([-1, 101, 50.5])('minHealthyPercent %p is refused', (minHealthyPercent) => {
    expect(errors({ minHealthyPercent })).toEqual([`minHealthyPercent: ${minHealthyPercent} is not allowed. Give a whole number from 0 to 100.`]);
  });
  test.each([99, 201])('maxHealthyPercent %p is refused', (maxHealthyPercent) => {
    expect(errors({ maxHealthyPercent, minHealthyPercent: 50 })).toEqual([`maxHealthyPercent: ${maxHealthyPercent} is not allowed. Give a whole number from 100 to 200.`]);
  });
  test('a token percent is refused: it cannot be checked at synth', () => {
    expect(errors({ minHealthyPercent: TOKEN_NUMBER() })).toEqual(['minHealthyPercent: must be a concrete number, not a token (it is checked and used at synth).']);
  });
  test('100/100 is refused at any count: nothing can start or stop', () => {
    const message = 'maxHealthyPercent: 100 is not above minHealthyPercent 100, so a deployment can neither start a new task nor stop an old one. Raise maxHealthyPercent or lower minHealthyPercent.';
    expect(errors({ minHealthyPercent: 100, maxHealthyPercent: 100 }, ONE_TASK)).toEqual([message]);
    expect(errors({ minHealthyPercent: 100, maxHealthyPercent: 100 })).toEqual([message]);
  });
  test('50/150 stalls with one task (both round to 1), but not with two', () => {
    expect(errors({ minHealthyPercent: 50, maxHealthyPercent: 150 }, ONE_TASK)).toEqual([
      'minHealthyPercent/maxHealthyPercent: with desiredCount 1, 50% rounds up and 150% rounds down to the same task count, so a deployment can neither start a new task nor stop an old one. Raise maxHealthyPercent (200 always works) or lower minHealthyPercent.',
    ]);
    expect(errors({ minHealthyPercent: 50, maxHealthyPercent: 150 }, TWO_TASKS)).toEqual([]);
  });
  test('one task at 0/100 (stop, then start) and 100/200 (start, then stop) deploy', () => {
    expect(errors({ minHealthyPercent: 0, maxHealthyPercent: 100 }, ONE_TASK)).toEqual([]);
    expect(errors({ minHealthyPercent: 100, maxHealthyPercent: 200 }, ONE_TASK)).toEqual([]);
  });
});

describe('health check grace period and deregistration delay', () => {
  test('both ends of each range are accepted', () => {
    expect(errors({ healthCheckGracePeriod: Duration.seconds(0), deregistrationDelay: Duration.seconds(0) })).toEqual([]);
    expect(errors({ healthCheckGracePeriod: Duration.seconds(2147483647), deregistrationDelay: Duration.hours(1) })).toEqual([]);
  });
  test('just outside, or not whole seconds, is refused', () => {
    expect(errors({ healthCheckGracePeriod: Duration.seconds(2147483648), deregistrationDelay: Duration.seconds(3601) })).toEqual([
      'healthCheckGracePeriod: 2147483648 seconds is not allowed. Give whole seconds from 0 to 2147483647, e.g. Duration.seconds(120).',
      'deregistrationDelay: 3601 seconds is not allowed. Give whole seconds from 0 to 3600, e.g. Duration.seconds(30).',
    ]);
    expect(errors({ deregistrationDelay: Duration.millis(1500) })).toEqual([
      'deregistrationDelay: 1.5 seconds is not allowed. Give whole seconds from 0 to 3600, e.g. Duration.seconds(30).',
    ]);
  });
  test('a token duration is refused', () => {
    expect(errors({ healthCheckGracePeriod: TOKEN_SECONDS() })).toEqual([
      'healthCheckGracePeriod: must be a concrete duration, not a token (it is checked and used at synth).',
    ]);
  });
});

describe('the target group health check', () => {
  test('both ends of each range are accepted', () => {
    const low = { interval: Duration.seconds(5), timeout: Duration.seconds(2), healthyThresholdCount: 2, unhealthyThresholdCount: 2 };
    const high = { interval: Duration.seconds(300), timeout: Duration.seconds(120), healthyThresholdCount: 10, unhealthyThresholdCount: 10 };
    expect(errors({ healthCheck: low })).toEqual([]);
    expect(errors({ healthCheck: high })).toEqual([]);
  });
  test('just outside each range is refused, naming the field', () => {
    const low = { interval: Duration.seconds(4), timeout: Duration.seconds(1), healthyThresholdCount: 1, unhealthyThresholdCount: 11 };
    expect(errors({ healthCheck: low })).toEqual([
      'healthCheck.interval: 4 seconds is not allowed. Give whole seconds from 5 to 300, e.g. Duration.seconds(15).',
      'healthCheck.timeout: 1 second is not allowed. Give whole seconds from 2 to 120, e.g. Duration.seconds(5).',
      'healthCheck.healthyThresholdCount: 1 is not allowed. Give a whole number from 2 to 10.',
      'healthCheck.unhealthyThresholdCount: 11 is not allowed. Give a whole number from 2 to 10.',
    ]);
    const high = { interval: Duration.seconds(301), timeout: Duration.seconds(121), healthyThresholdCount: 11, unhealthyThresholdCount: 1 };
    expect(errors({ healthCheck: high })).toEqual([
      'healthCheck.interval: 301 seconds is not allowed. Give whole seconds from 5 to 300, e.g. Duration.seconds(15).',
      'healthCheck.timeout: 121 seconds is not allowed. Give whole seconds from 2 to 120, e.g. Duration.seconds(5).',
      'healthCheck.healthyThresholdCount: 11 is not allowed. Give a whole number from 2 to 10.',
      'healthCheck.unhealthyThresholdCount: 1 is not allowed. Give a whole number from 2 to 10.',
    ]);
  });
  test('the timeout must be less than the interval (default interval 15 s)', () => {
    expect(errors({ healthCheck: { timeout: Duration.seconds(15) } })).toEqual([
      'healthCheck.timeout: 15 seconds is not less than the interval, 15 seconds. Shorten healthCheck.timeout or lengthen healthCheck.interval.',
    ]);
    expect(errors({ healthCheck: { timeout: Duration.seconds(14) } })).toEqual([]);
    expect(errors({ healthCheck: { interval: Duration.seconds(5) } })).toEqual([
      'healthCheck.timeout: 5 seconds is not less than the interval, 5 seconds. Shorten healthCheck.timeout or lengthen healthCheck.interval.',
    ]);
  });
});

describe('healthy HTTP codes', () => {
  test.each(['200', '200-299', '200,302', '200-299,302', '499', '200-499'])('%p is accepted', (codes) => {
    expect(checkHealthyHttpCodes(codes)).toEqual([]);
  });
  test.each(['199', '500', '200-500', '299-200', '', '2xx', '200, 302', '200-', 'OK'])('%p is refused', (codes) => {
    expect(checkHealthyHttpCodes(codes)).toEqual([
      `healthCheck.healthyHttpCodes: ${JSON.stringify(codes)} is not allowed. Give HTTP codes from 200 to 499: one ('200'), a list ('200,302') or a range ('200-299').`,
    ]);
  });
  test('a token is refused', () => {
    expect(checkHealthyHttpCodes(Lazy.string({ produce: () => '200' }))).toEqual([
      'healthCheck.healthyHttpCodes: must be a concrete string, not a token (it is checked and used at synth).',
    ]);
  });
  test('checked by checkRollout too', () => {
    expect(errors({ healthCheck: { healthyHttpCodes: '500' } })).toHaveLength(1);
  });
});

describe('the container health check', () => {
  test('both ends of each range are accepted', () => {
    const s = Duration.seconds;
    const low: ecs.HealthCheck = { command, interval: s(5), timeout: s(2), retries: 1, startPeriod: Duration.millis(0) };
    const m = Duration.minutes;
    const high: ecs.HealthCheck = { command, interval: m(5), timeout: m(2), retries: 10, startPeriod: m(5) };
    expect(errors({ containerHealthCheck: low })).toEqual([]);
    expect(errors({ containerHealthCheck: high })).toEqual([]);
    expect(errors({ containerHealthCheck: { command } })).toEqual([]);
  });
  test('just outside each range is refused, naming the field', () => {
    const low: ecs.HealthCheck = { command, interval: Duration.seconds(4), timeout: Duration.seconds(1), retries: 0 };
    expect(errors({ containerHealthCheck: low })).toEqual([
      'containerHealthCheck.interval: 4 seconds is not allowed. Give whole seconds from 5 to 300, e.g. Duration.seconds(30).',
      'containerHealthCheck.timeout: 1 second is not allowed. Give whole seconds from 2 to 120, e.g. Duration.seconds(5).',
      'containerHealthCheck.retries: 0 is not allowed. Give a whole number from 1 to 10.',
    ]);
    const high: ecs.HealthCheck = {
      command,
      interval: Duration.seconds(301),
      timeout: Duration.seconds(121),
      retries: 11,
      startPeriod: Duration.seconds(301),
    };
    expect(errors({ containerHealthCheck: high })).toEqual([
      'containerHealthCheck.interval: 301 seconds is not allowed. Give whole seconds from 5 to 300, e.g. Duration.seconds(30).',
      'containerHealthCheck.timeout: 121 seconds is not allowed. Give whole seconds from 2 to 120, e.g. Duration.seconds(5).',
      'containerHealthCheck.retries: 11 is not allowed. Give a whole number from 1 to 10.',
      'containerHealthCheck.startPeriod: 301 seconds is not allowed. Give whole seconds from 0 to 300, e.g. Duration.seconds(60).',
    ]);
  });
  test('a timeout longer than the interval (default 30 s) is refused; equal is accepted', () => {
    expect(errors({ containerHealthCheck: { command, interval: Duration.seconds(10), timeout: Duration.seconds(11) } })).toEqual([
      'containerHealthCheck.timeout: 11 seconds is longer than the interval, 10 seconds. ' +
        'Shorten containerHealthCheck.timeout or lengthen containerHealthCheck.interval.',
    ]);
    expect(errors({ containerHealthCheck: { command, interval: Duration.seconds(10), timeout: Duration.seconds(10) } })).toEqual([]);
  });
});
