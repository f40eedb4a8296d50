import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ServiceNetwork } from '../../src/internal/network';

const base = { flowLogs: false, restrictDefaultSecurityGroup: false, logRetention: RetentionDays.ONE_WEEK, retain: false };
const stack = () => new Stack(new App(), 'Net');

describe('ServiceNetwork', () => {
  test('public only: two public /24 subnets that auto-assign, tasks with public IPs', () => {
    const s = stack();
    const n = new ServiceNetwork(s, 'N', { ...base, privateSubnets: false, internalLoadBalancer: false, natGateways: 0, internetGatewayForVpcOrigin: false });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::Subnet', 2);
    t.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    expect(n.assignPublicIp).toBe(true);
    expect(n.isolated).toBe(false);
    expect(Object.values<any>(t.findResources('AWS::EC2::Subnet')).map((r) => r.Properties.CidrBlock).sort()).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  test('private with NAT: public subnets stop auto-assigning, private /20s follow them', () => {
    const s = stack();
    const n = new ServiceNetwork(s, 'N', { ...base, privateSubnets: true, internalLoadBalancer: true, natGateways: 2, flowLogs: true, restrictDefaultSecurityGroup: true, internetGatewayForVpcOrigin: true });
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
    const n = new ServiceNetwork(s, 'N', { ...base, privateSubnets: true, internalLoadBalancer: true, natGateways: 0, internetGatewayForVpcOrigin: false });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::EC2::InternetGateway', 0);
    t.resourceCountIs('AWS::EC2::Subnet', 2);
    expect(n.isolated).toBe(true);
  });
});
