import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { addPartitionRule, checkPartition, PARTITION_RULE_ID, partitionOf } from '../../src/internal/partitions';
import { testApp } from '../util';

const stackIn = (region?: string) => new Stack(testApp(), 'P', { env: region ? { account: '123456789012', region } : undefined });

describe('partitionOf', () => {
  test.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eusc-de-east-1', 'aws-eusc'],
    // Regions this aws-cdk-lib may not know yet: by prefix.
    ['cn-south-9', 'aws-cn'],
    ['us-gov-central-9', 'aws-us-gov'],
    ['eusc-fr-west-9', 'aws-eusc'],
    ['xx-newregion-1', 'aws'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe('checkPartition', () => {
  test.each(['us-east-1', 'eu-west-1', 'ap-southeast-2'])('%s: no error', (region) => {
    expect(checkPartition(stackIn(region), true)).toEqual([]);
    expect(checkPartition(stackIn(region), false)).toEqual([]);
  });

  test('region-agnostic: nothing to check at synth (the rule checks at deploy)', () => {
    expect(checkPartition(stackIn(), true)).toEqual([]);
  });

  test('China: names the property, the partition, the endpoint names and the fix', () => {
    const [error, ...rest] = checkPartition(stackIn('cn-north-1'), false);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^env\.region of stack P: cn-north-1 is in the aws-cn partition, which HardenedDemoService does not support/);
    expect(error).toContain('amazonaws.com.cn');
    expect(error).toContain('Deploy the stack to a region of the aws partition');
    expect(error).not.toContain('ICP');
  });

  test('China with CloudFront: also says why CloudFront cannot follow', () => {
    const [error] = checkPartition(stackIn('cn-northwest-1'), true);
    expect(error).toContain('ICP');
    expect(error).toContain('overrides.cloudFront');
  });

  test('GovCloud with CloudFront: CloudFront is absent there', () => {
    const [error] = checkPartition(stackIn('us-gov-west-1'), true);
    expect(error).toMatch(/us-gov-west-1 is in the aws-us-gov partition/);
    expect(error).toContain('CloudFront is not available in AWS GovCloud (US)');
  });

  test.each(['us-iso-east-1', 'us-isob-east-1', 'eusc-de-east-1'])('%s: refused', (region) => {
    expect(checkPartition(stackIn(region), true)).toEqual([expect.stringMatching(new RegExp(`^env\\.region of stack P: ${region} is in the aws-[a-z-]+ partition`))]);
  });
});

describe('addPartitionRule', () => {
  test('region-agnostic stack: one Rules assertion that the partition is aws, with a readable message', () => {
    const s = stackIn();
    const rule = addPartitionRule(s);
    expect(rule).toBeDefined();
    const template = Template.fromStack(s).toJSON();
    expect(template.Rules[PARTITION_RULE_ID]).toEqual({
      Assertions: [{
        Assert: { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws'] },
        AssertDescription: expect.stringMatching(/^HardenedDemoService supports the aws partition only: .*Deploy this template to a region of the aws partition/),
      }],
    });
  });

  test('idempotent: several instances in one stack share one rule', () => {
    const s = stackIn();
    const first = addPartitionRule(s);
    const second = addPartitionRule(s);
    expect(second).toBe(first);
    expect(Object.keys(Template.fromStack(s).toJSON().Rules).filter((id) => id.startsWith('HardenedDemoService'))).toEqual([PARTITION_RULE_ID]);
  });

  test('one rule per stack: two region-agnostic stacks of one app get one each', () => {
    const app = testApp();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    expect(addPartitionRule(a)).not.toBe(addPartitionRule(b));
    for (const s of [a, b]) {
      expect(Object.keys(Template.fromStack(s).toJSON().Rules)).toContain(PARTITION_RULE_ID);
    }
  });

  test('a construct of another kind under the reserved id: refused, naming the path and the fix', () => {
    const s = stackIn();
    new Construct(s, PARTITION_RULE_ID);
    expect(() => addPartitionRule(s)).toThrow(
      `P/${PARTITION_RULE_ID}: this id is reserved for the HardenedDemoService partition rule; rename the construct that uses it.`,
    );
  });

  test('a stack with a concrete region gets no rule (checked at synth instead)', () => {
    const s = stackIn('eu-west-1');
    expect(addPartitionRule(s)).toBeUndefined();
    expect(Template.fromStack(s).toJSON().Rules?.[PARTITION_RULE_ID]).toBeUndefined();
  });
});
