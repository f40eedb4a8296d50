import { Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HardenedDemoServiceProps, HardeningLevel } from '../../../src';
import { resolveHardeningProfile } from '../../../src/internal/profile';
import { invalidPropertiesMessage, validateInputs } from '../../../src/internal/validation';
import { resolveRollout } from '../../../src/internal/validation/defaults';
import { testApp } from '../../util';

function validate(props: HardenedDemoServiceProps, region = 'us-east-1', isSampleApp = true) {
  const stack = new Stack(testApp(), 'S', { env: { account: '123456789012', region } });
  return validateInputs(stack, props, resolveHardeningProfile(props.hardeningLevel ?? HardeningLevel.PRODUCTION, props.overrides), isSampleApp);
}

function messageOf(props: HardenedDemoServiceProps, region?: string): string {
  try {
    validate(props, region);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected validateInputs to refuse these properties');
}

test('the message: a header, then each problem on its own indented line', () => {
  expect(invalidPropertiesMessage(['a: one.', 'b: two.'])).toBe('HardenedDemoService: invalid properties:\n  - a: one.\n  - b: two.');
});

test('accepted props: the resolved values and the warnings of every concern, in concern order', () => {
  expect(validate({ hardeningLevel: HardeningLevel.PRODUCTION, minCapacity: 1, natGateways: 1 })).toEqual({
    containerPort: 3000,
    cpu: 256,
    memoryLimitMiB: 512,
    desiredCount: 1,
    minCapacity: 1,
    maxCapacity: 10,
    natGateways: 1,
    wafRateLimit: 2000,
    healthCheckPath: '/health',
    environment: { PORT: '3000' },
    rollout: resolveRollout({}),
    warnings: [
      {
        id: 'SingleTask',
        message: 'minCapacity is below 2: the service can run a single task in a single availability zone, so one task or zone failure takes it down.',
      },
      { id: 'SingleNatGateway', message: 'natGateways is 1: one availability zone failure cuts the other zone off from the internet.' },
    ],
  });
});

test('one problem in each concern: all in one message, sizing to platform', () => {
  const stack = new Stack(testApp(), 'S', { env: { account: '123456789012', region: 'cn-north-1' } });
  const props: HardenedDemoServiceProps = {
    hardeningLevel: HardeningLevel.DEMO,
    containerPort: 0,
    maxCapacity: 3,
    natGateways: 1,
    environment: { DATA_BUCKET: 'x' },
    wafRateLimit: 500,
    taskEgressAllowList: [{} as any],
    alarmTopic: new sns.Topic(stack, 'T'),
  };
  expect(() => validateInputs(stack, props, resolveHardeningProfile(HardeningLevel.DEMO), true)).toThrow(
    new Error([
      'HardenedDemoService: invalid properties:',
      'containerPort: 0 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).',
      'minCapacity/maxCapacity: only apply with auto scaling, which is off. Remove them, or set overrides.autoScaling to true.',
      'natGateways: tasks run in public subnets at this level, so there is no NAT gateway to count. Remove natGateways, or set overrides.privateSubnets to true.',
      'environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.',
      'wafRateLimit: applies to a web ACL the construct creates, and WAF is off. Remove wafRateLimit.',
      'taskEgressAllowList: task egress is unrestricted at this level, so an allow-list would change nothing. Remove it, or set overrides.restrictTaskEgress to true.',
      'taskEgressAllowList[0]: needs a peer and a port.',
      'env.region of stack S: cn-north-1 is in the aws-cn partition, which HardenedDemoService does not support: ' +
        'its service endpoints are named *.amazonaws.com.cn (ECR, CloudWatch Logs, S3 and the VPC endpoints the construct creates). ' +
        'Deploy the stack to a region of the aws partition (for example eu-west-1 or us-east-1).',
      'alarmTopic: there are no alarms to notify (alarms are off). Remove alarmTopic, or set overrides.alarms to true.',
    ].join('\n  - ')),
  );
});

test('a check that compares inputs runs on the defaults of refused ones: PORT against the default containerPort', () => {
  expect(messageOf({ hardeningLevel: HardeningLevel.DEMO, containerPort: 70000, environment: { PORT: '70000' } })).toBe(
    'HardenedDemoService: invalid properties:\n' +
      '  - containerPort: 70000 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).\n' +
      "  - environment: PORT is '70000' but containerPort is 3000. Remove PORT (it is set from containerPort) or make them agree.",
  );
});

test('a region-agnostic stack is accepted: its partition is not known at synth, and is left to the template rule', () => {
  const stack = new Stack(testApp(), 'S');
  expect(validateInputs(stack, { hardeningLevel: HardeningLevel.DEMO }, resolveHardeningProfile(HardeningLevel.DEMO), false).warnings).toEqual([]);
});
