import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HardeningLevel } from '../../src';
import { ServiceNetwork } from '../../src/internal/network';
import { profileOf, testApp } from '../util';

const base = {
  logRetention: RetentionDays.ONE_WEEK,
};
/** DEMO's network (public subnets only), or PRODUCTION's with the given overrides. */
const demo = profileOf(HardeningLevel.DEMO);
const production = (overrides = {}) => profileOf(HardeningLevel.PRODUCTION, overrides);
const stack = () => new Stack(testApp(), 'Net');

describe('ServiceNetwork', () => {
  test('public only: two public /24 subnets that auto-assign, tasks with public IPs', () => {
    const s = stack();
    const n = new ServiceNetwork(s, 'N', { ...base, natGateways: 0, profile: demo });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::Subnet', 2);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    expect(n.assignPublicIp).toBe(true);
    expect(n.isolated).toBe(false);
    expect(Object.values<any>(t.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.CidrBlock).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  test('private with NAT: public subnets stop auto-assigning, private /20s follow them', () => {
    const s = stack();
    const n = new ServiceNetwork(s, 'N', { ...base, natGateways: 2, profile: production() });
    const t = Template.fromStack(s);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    expect(Object.values<any>(t.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.CidrBlock).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.16.0/20', '10.0.32.0/20']);
    t.resourceCountIs('AWS::EC2::NatGateway', 2);
    t.resourceCountIs('AWS::EC2::FlowLog', 1);
    t.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    expect(n.assignPublicIp).toBe(false);
    expect(n.flowLogGroup).toBeDefined();
  });

  test('private without NAT: isolated subnets, no internet gateway', () => {
    const s = stack();
    const n = new ServiceNetwork(s, 'N', { ...base, natGateways: 0, profile: production({ cloudFront: false }) });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::Subnet', 2);
    expect(n.isolated).toBe(true);
  });

  test('the flow-log role trusts the flow logs of this account and region only, and keeps its logical ID', () => {
    const s = new Stack(testApp(), 'Net', { env: { account: '123456789012', region: 'eu-west-1' } });
    new ServiceNetwork(s, 'N', { ...base, natGateways: 1, profile: production() });
    const roles = Template.fromStack(s).findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'vpc-flow-logs.amazonaws.com' } }] } },
    });
    const ids = Object.keys(roles);
    expect(ids).toHaveLength(1);
    // The role aws-cdk-lib creates for the flow log, at its usual path: no replacement.
    expect(ids[0]).toMatch(/^NVpcFlowLogIAMRole[0-9A-F]{8}$/);
    expect(roles[ids[0]].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:123456789012:vpc-flow-log/*']] } },
      },
    }]);
  });

  test('region-agnostic: the flow-log role conditions use the deploying account and region', () => {
    const s = stack();
    new ServiceNetwork(s, 'N', { ...base, natGateways: 0, profile: profileOf(HardeningLevel.DEMO, { vpcFlowLogs: true }) });
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':vpc-flow-log/*']] } },
          },
        }],
      },
    });
  });
});
