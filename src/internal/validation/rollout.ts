import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CheckResult } from './result';
import { checkWholeNumber, isWholeNumberIn, WholeNumberRange } from './whole-numbers';
import { TargetHealthCheck } from '../../health-check';

/** The rolling-deployment floor ECS accepts: a percentage of the desired count, rounded up. */
export const MIN_HEALTHY_PERCENT_RANGE: WholeNumberRange = { property: 'minHealthyPercent', min: 0, max: 100, fix: 'Give a whole number from 0 to 100.' };
/**
 * The rolling-deployment ceiling: a percentage of the desired count, rounded down. ECS takes
 * at least 100 for a replica service; 200 (replace every task at once) is the most that means
 * anything for a web service, and ECS's default.
 */
export const MAX_HEALTHY_PERCENT_RANGE: WholeNumberRange = { property: 'maxHealthyPercent', min: 100, max: 200, fix: 'Give a whole number from 100 to 200.' };
/** ECS's health check grace period: whole seconds up to 2^31 - 1. */
export const GRACE_PERIOD_RANGE: WholeNumberRange = {
  property: 'healthCheckGracePeriod',
  min: 0,
  max: 2147483647,
  fix: 'Give whole seconds from 0 to 2147483647, e.g. Duration.seconds(120).',
};
/** The target group's deregistration delay (ELB accepts 0 - 3600 seconds). */
export const DEREGISTRATION_DELAY_RANGE: WholeNumberRange = {
  property: 'deregistrationDelay',
  min: 0,
  max: 3600,
  fix: 'Give whole seconds from 0 to 3600, e.g. Duration.seconds(30).',
};
/** The ALB target group health check, as ELB accepts it. */
export const TARGET_HEALTH_CHECK_RANGES = {
  interval: { property: 'healthCheck.interval', min: 5, max: 300, fix: 'Give whole seconds from 5 to 300, e.g. Duration.seconds(15).' },
  timeout: { property: 'healthCheck.timeout', min: 2, max: 120, fix: 'Give whole seconds from 2 to 120, e.g. Duration.seconds(5).' },
  healthyThresholdCount: { property: 'healthCheck.healthyThresholdCount', min: 2, max: 10, fix: 'Give a whole number from 2 to 10.' },
  unhealthyThresholdCount: { property: 'healthCheck.unhealthyThresholdCount', min: 2, max: 10, fix: 'Give a whole number from 2 to 10.' },
} satisfies Record<string, WholeNumberRange>;
/** The container health check, as ECS accepts it. */
const CONTAINER_HEALTH_CHECK_RANGES = {
  interval: { property: 'containerHealthCheck.interval', min: 5, max: 300, fix: 'Give whole seconds from 5 to 300, e.g. Duration.seconds(30).' },
  timeout: { property: 'containerHealthCheck.timeout', min: 2, max: 120, fix: 'Give whole seconds from 2 to 120, e.g. Duration.seconds(5).' },
  retries: { property: 'containerHealthCheck.retries', min: 1, max: 10, fix: 'Give a whole number from 1 to 10.' },
  startPeriod: { property: 'containerHealthCheck.startPeriod', min: 0, max: 300, fix: 'Give whole seconds from 0 to 300, e.g. Duration.seconds(60).' },
} satisfies Record<string, WholeNumberRange>;

/** HTTP codes of a healthy answer an ALB accepts. */
const HEALTHY_CODE_MIN = 200;
const HEALTHY_CODE_MAX = 499;
const HEALTHY_CODES_FIX = "Give HTTP codes from 200 to 499: one ('200'), a list ('200,302') or a range ('200-299').";

/** The health and rollout properties as given (each may be absent). */
export interface RolloutInputs {
  readonly healthCheckGracePeriod?: Duration;
  readonly minHealthyPercent?: number;
  readonly maxHealthyPercent?: number;
  readonly healthCheck?: TargetHealthCheck;
  readonly deregistrationDelay?: Duration;
  readonly containerHealthCheck?: ecs.HealthCheck;
}

/** The target group's health check the construct builds with. */
export interface ResolvedTargetHealthCheck {
  readonly interval: Duration;
  readonly timeout: Duration;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  readonly healthyHttpCodes: string;
}

/** The health and rollout values the construct builds with (see `resolveInputs`). */
export interface ResolvedRollout {
  readonly healthCheckGracePeriod: Duration;
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
  readonly healthCheck: ResolvedTargetHealthCheck;
  readonly deregistrationDelay: Duration;
  readonly containerHealthCheck?: ecs.HealthCheck;
}

/** The task count deployments start from: desiredCount, or minCapacity under auto scaling. */
export interface TaskFloor {
  readonly property: 'desiredCount' | 'minCapacity';
  readonly count: number;
}

/** Whether a duration is concrete, in whole seconds, and within `range`. */
export function isWholeSecondsIn(duration: Duration, range: WholeNumberRange): boolean {
  return !duration.isUnresolved() && isWholeNumberIn(duration.toMilliseconds() / 1000, range);
}

/** The error for a duration that is given but is a token, not whole seconds, or out of range. */
export function checkWholeSeconds(duration: Duration | undefined, range: WholeNumberRange): string[] {
  if (duration === undefined || isWholeSecondsIn(duration, range)) {
    return [];
  }
  if (duration.isUnresolved()) {
    return [`${range.property}: must be a concrete duration, not a token (it is checked and used at synth).`];
  }
  const seconds = duration.toMilliseconds() / 1000;
  return [`${range.property}: ${seconds} second${seconds === 1 ? '' : 's'} is not allowed. ${range.fix}`];
}

/** The error for healthy HTTP codes that are a token or not a list of codes and ranges within 200 - 499. */
export function checkHealthyHttpCodes(codes: string | undefined): string[] {
  if (codes === undefined) {
    return [];
  }
  if (Token.isUnresolved(codes)) {
    return ['healthCheck.healthyHttpCodes: must be a concrete string, not a token (it is checked and used at synth).'];
  }
  return areHealthyHttpCodes(codes) ? [] : [`healthCheck.healthyHttpCodes: ${JSON.stringify(codes)} is not allowed. ${HEALTHY_CODES_FIX}`];
}

/** Whether `codes` is a comma-separated list of codes and ascending ranges, each within 200 - 499. */
function areHealthyHttpCodes(codes: string): boolean {
  if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(codes)) {
    return false;
  }
  return codes.split(',').every((part) => {
    const [low, high = low] = part.split('-').map(Number);
    return low >= HEALTHY_CODE_MIN && high <= HEALTHY_CODE_MAX && low <= high;
  });
}

/**
 * Health checks and rolling deployments: each value within what ECS and ELB accept; the
 * target health check's timeout below its interval; and a deployment that can make progress
 * from the service's smallest task count (ECS rounds the floor up and the ceiling down: with
 * one task at 100/100, or 50/150, it can neither start a new task nor stop an old one).
 */
export function checkRollout(given: RolloutInputs, resolved: ResolvedRollout, floor: TaskFloor): CheckResult {
  const hc = given.healthCheck ?? {};
  const container = given.containerHealthCheck;
  const errors = [
    ...checkWholeSeconds(given.healthCheckGracePeriod, GRACE_PERIOD_RANGE),
    ...checkWholeNumber(given.minHealthyPercent, MIN_HEALTHY_PERCENT_RANGE),
    ...checkWholeNumber(given.maxHealthyPercent, MAX_HEALTHY_PERCENT_RANGE),
    ...checkWholeSeconds(hc.interval, TARGET_HEALTH_CHECK_RANGES.interval),
    ...checkWholeSeconds(hc.timeout, TARGET_HEALTH_CHECK_RANGES.timeout),
    ...checkWholeNumber(hc.healthyThresholdCount, TARGET_HEALTH_CHECK_RANGES.healthyThresholdCount),
    ...checkWholeNumber(hc.unhealthyThresholdCount, TARGET_HEALTH_CHECK_RANGES.unhealthyThresholdCount),
    ...checkHealthyHttpCodes(hc.healthyHttpCodes),
    ...checkWholeSeconds(given.deregistrationDelay, DEREGISTRATION_DELAY_RANGE),
  ];
  const { minHealthyPercent: min, maxHealthyPercent: max, healthCheck } = resolved;
  if (max <= min) {
    errors.push(`maxHealthyPercent: ${max} is not above minHealthyPercent ${min}, so a deployment can neither start a new task nor stop an old one. Raise maxHealthyPercent or lower minHealthyPercent.`);
  } else if (Math.floor((floor.count * max) / 100) <= Math.ceil((floor.count * min) / 100)) {
    errors.push(
      `minHealthyPercent/maxHealthyPercent: with ${floor.property} ${floor.count}, ${min}% rounds up and ${max}% rounds down to the same task count, so a deployment can neither start a new task nor stop an old one. ` +
        'Raise maxHealthyPercent (200 always works) or lower minHealthyPercent.',
    );
  }
  const interval = healthCheck.interval.toSeconds();
  const timeout = healthCheck.timeout.toSeconds();
  if (timeout >= interval) {
    errors.push(`healthCheck.timeout: ${timeout} seconds is not less than the interval, ${interval} seconds. Shorten healthCheck.timeout or lengthen healthCheck.interval.`);
  }
  if (container) {
    errors.push(
      ...checkWholeSeconds(container.interval, CONTAINER_HEALTH_CHECK_RANGES.interval),
      ...checkWholeSeconds(container.timeout, CONTAINER_HEALTH_CHECK_RANGES.timeout),
      ...checkWholeNumber(container.retries, CONTAINER_HEALTH_CHECK_RANGES.retries),
      ...checkWholeSeconds(container.startPeriod, CONTAINER_HEALTH_CHECK_RANGES.startPeriod),
    );
    const containerInterval = secondsIfIn(container.interval, CONTAINER_HEALTH_CHECK_RANGES.interval) ?? 30;
    const containerTimeout = secondsIfIn(container.timeout, CONTAINER_HEALTH_CHECK_RANGES.timeout) ?? 5;
    if (containerTimeout > containerInterval) {
      errors.push(
        `containerHealthCheck.timeout: ${containerTimeout} seconds is longer than the interval, ${containerInterval} seconds. Shorten containerHealthCheck.timeout or lengthen containerHealthCheck.interval.`,
      );
    }
  }
  return { errors, warnings: [] };
}

/** The duration in seconds when it is whole seconds within `range`; undefined otherwise. */
function secondsIfIn(duration: Duration | undefined, range: WholeNumberRange): number | undefined {
  return duration !== undefined && isWholeSecondsIn(duration, range) ? duration.toSeconds() : undefined;
}
