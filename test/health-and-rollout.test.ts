/**
 * Health checks and rolling deployments: the grace period, the deployment percents, the
 * target group's health check and deregistration delay, and the container health check, at
 * each level; the defaults the construct had before they were properties; bad input refused.
 */
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel } from '../src';
import { newStack, synth } from './util';
import { invalidPropertiesMessage } from '../src/internal/validation';

const LEVELS = [HardeningLevel.DEMO, HardeningLevel.PRODUCTION];
const ENVS = ['eu-west-1', 'region-agnostic'] as const;

const TUNED: HardenedDemoServiceProps = {
  healthCheckGracePeriod: Duration.minutes(3),
  minHealthyPercent: 50,
  maxHealthyPercent: 150,
  healthCheck: {
    interval: Duration.seconds(30),
    timeout: Duration.seconds(10),
    healthyThresholdCount: 3,
    unhealthyThresholdCount: 5,
    healthyHttpCodes: '200,302',
  },
  deregistrationDelay: Duration.seconds(120),
  containerHealthCheck: {
    command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:3000/health || exit 1'],
    interval: Duration.seconds(20),
    timeout: Duration.seconds(4),
    retries: 4,
    startPeriod: Duration.seconds(40),
  },
};

function webContainer(template: Template): any {
  const [taskDefinition] = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'));
  return taskDefinition.Properties.ContainerDefinitions.find((c: any) => c.Name === 'web');
}

function deregistrationDelayOf(template: Template): string | undefined {
  const [targetGroup] = Object.values<any>(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
  return targetGroup.Properties.TargetGroupAttributes?.find((a: any) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
}

describe.each(LEVELS)('%s', (hardeningLevel) => {
  // DEMO runs one fixed task; PRODUCTION auto scales from two. 50/150 needs two tasks.
  const counts = hardeningLevel === HardeningLevel.DEMO ? { desiredCount: 2 } : {};

  test.each(ENVS)('every value given is in the template (%s)', (env) => {
    const { template } = synth({ hardeningLevel, ...counts, ...TUNED }, env);
    template.hasResourceProperties('AWS::ECS::Service', {
      HealthCheckGracePeriodSeconds: 180,
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50, MaximumPercent: 150 }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 10,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 5,
      Matcher: { HttpCode: '200,302' },
    });
    expect(deregistrationDelayOf(template)).toEqual('120');
    expect(webContainer(template).HealthCheck).toEqual({
      Command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:3000/health || exit 1'],
      Interval: 20,
      Timeout: 4,
      Retries: 4,
      StartPeriod: 40,
    });
  });

  test('nothing given: the values the construct always had, and no container health check', () => {
    const { template } = synth({ hardeningLevel }, 'eu-west-1');
    template.hasResourceProperties('AWS::ECS::Service', {
      HealthCheckGracePeriodSeconds: 60,
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100, MaximumPercent: 200 }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200-399' },
    });
    expect(deregistrationDelayOf(template)).toEqual('30');
    expect(webContainer(template).HealthCheck).toBeUndefined();
  });

  test('a partial health check keeps the other fields at their defaults', () => {
    const { template } = synth({ hardeningLevel, healthCheck: { healthyHttpCodes: '200' } }, 'region-agnostic');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      Matcher: { HttpCode: '200' },
    });
  });
});

describe('bad input is refused at construction, naming the property and the fix', () => {
  function build(props: HardenedDemoServiceProps) {
    return () => new HardenedDemoService(newStack('eu-west-1'), 'Web', props);
  }

  test('percents outside what ECS accepts', () => {
    expect(build({ hardeningLevel: HardeningLevel.DEMO, minHealthyPercent: 101, maxHealthyPercent: 201 })).toThrow(invalidPropertiesMessage([
      'minHealthyPercent: 101 is not allowed. Give a whole number from 0 to 100.',
      'maxHealthyPercent: 201 is not allowed. Give a whole number from 100 to 200.',
    ]));
    expect(build({ minHealthyPercent: -1, maxHealthyPercent: 99 })).toThrow(invalidPropertiesMessage([
      'minHealthyPercent: -1 is not allowed. Give a whole number from 0 to 100.',
      'maxHealthyPercent: 99 is not allowed. Give a whole number from 100 to 200.',
    ]));
  });

  test('a single DEMO task at 100/100 cannot deploy', () => {
    expect(build({ hardeningLevel: HardeningLevel.DEMO, maxHealthyPercent: 100 })).toThrow(invalidPropertiesMessage([
      'maxHealthyPercent: 100 is not above minHealthyPercent 100, so a deployment can neither start a new task nor stop an old one. Raise maxHealthyPercent or lower minHealthyPercent.',
    ]));
  });

  test('PRODUCTION scaled down to one task at 50/150 cannot deploy; at two tasks it can', () => {
    expect(build({ minCapacity: 1, minHealthyPercent: 50, maxHealthyPercent: 150 })).toThrow(invalidPropertiesMessage([
      'minHealthyPercent/maxHealthyPercent: with minCapacity 1, 50% rounds up and 150% rounds down to the same task count, so a deployment can neither start a new task nor stop an old one. Raise maxHealthyPercent (200 always works) or lower minHealthyPercent.',
    ]));
    expect(build({ minHealthyPercent: 50, maxHealthyPercent: 150 })).not.toThrow();
  });

  test('a health check ELB would reject', () => {
    expect(build({ healthCheck: { interval: Duration.seconds(10), timeout: Duration.seconds(10), healthyThresholdCount: 11, healthyHttpCodes: '500' } })).toThrow(invalidPropertiesMessage([
      'healthCheck.healthyThresholdCount: 11 is not allowed. Give a whole number from 2 to 10.',
      "healthCheck.healthyHttpCodes: \"500\" is not allowed. Give HTTP codes from 200 to 499: one ('200'), a list ('200,302') or a range ('200-299').",
      'healthCheck.timeout: 10 seconds is not less than the interval, 10 seconds. Shorten healthCheck.timeout or lengthen healthCheck.interval.',
    ]));
  });

  test('a deregistration delay, grace period or container health check out of range', () => {
    const containerHealthCheck: ecs.HealthCheck = { command: ['CMD', 'true'], retries: 11 };
    const props = { deregistrationDelay: Duration.hours(2), healthCheckGracePeriod: Duration.millis(500), containerHealthCheck };
    expect(build({ hardeningLevel: HardeningLevel.DEMO, ...props })).toThrow(
      invalidPropertiesMessage([
        'healthCheckGracePeriod: 0.5 seconds is not allowed. Give whole seconds from 0 to 2147483647, e.g. Duration.seconds(120).',
        'deregistrationDelay: 7200 seconds is not allowed. Give whole seconds from 0 to 3600, e.g. Duration.seconds(30).',
        'containerHealthCheck.retries: 11 is not allowed. Give a whole number from 1 to 10.',
      ]),
    );
  });
});
