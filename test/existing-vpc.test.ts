import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardenedDemoService, HardeningLevel } from '../src';
import { isAnyAddress, Match, newStack, resourcesOf, securityGroupRules, testApp } from './util';

/** A VPC imported by attributes (10.9.0.0/16, us-east-1a/b) with two subnets of one kind. */
function importedVpc(stack: Stack, kind: 'private' | 'isolated'): ec2.IVpc {
  const subnets = ['subnet-1', 'subnet-2'];
  return ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
    vpcId: 'vpc-0abc',
    vpcCidrBlock: '10.9.0.0/16',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    ...(kind === 'private' ? { privateSubnetIds: subnets } : { isolatedSubnetIds: subnets }),
  });
}

describe('an existing VPC', () => {
  test.each([HardeningLevel.DEMO, HardeningLevel.PRODUCTION])('%s creates no VPC and uses the right subnets of the given one', (level) => {
    const stack = newStack('eu-west-1');
    const vpc = new ec2.Vpc(stack, 'TeamVpc', { maxAzs: 2, natGateways: 1 });
    const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: level, vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    expect(service.vpc).toBe(vpc);
    const [, alb] = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
    const wanted = level === HardeningLevel.DEMO ? vpc.publicSubnets : vpc.privateSubnets;
    expect(alb.Properties.Subnets).toEqual(wanted.map((s) => stack.resolve(s.subnetId)));
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: {
        AwsvpcConfiguration: Match.objectLike({
          AssignPublicIp: level === HardeningLevel.DEMO ? 'ENABLED' : 'DISABLED',
          Subnets: wanted.map((s) => stack.resolve(s.subnetId)),
        }),
      },
    });
    // The team's VPC keeps its own flow-log setting and NAT gateways.
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('a VPC found by lookup (offline, from context) works at PRODUCTION', () => {
    const app = testApp();
    const stack = new Stack(app, 'Lookup', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-12345' });
    new HardenedDemoService(stack, 'Web', { vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
  });

  test('a VPC imported with only isolated subnets: tasks and the load balancer go there, endpoints carry AWS traffic', () => {
    const stack = newStack('us-east-1');
    const vpc = importedVpc(stack, 'isolated');
    new HardenedDemoService(stack, 'Web', { vpc });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-1', 'subnet-2'] });
    expect(resourcesOf(template, 'AWS::EC2::VPCEndpoint').length).toBe(3);
  });

  test('createVpcEndpoints: false uses the endpoints the VPC already has: none is created, tasks get HTTPS to the VPC CIDR', () => {
    const stack = newStack('us-east-1');
    const vpc = importedVpc(stack, 'private');
    const service = new HardenedDemoService(stack, 'Web', { vpc, createVpcEndpoints: false });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    const taskGroup = stack.resolve((service.taskSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup).logicalId);
    const egress = template.toJSON().Resources[taskGroup].Properties.SecurityGroupEgress;
    expect(egress).toEqual(expect.arrayContaining([expect.objectContaining({ CidrIp: '10.9.0.0/16', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })]));
    // Egress stays restricted: nothing to every IPv4 or IPv6 address, inline or standalone.
    expect(securityGroupRules(template).filter((r) => r.groupId === taskGroup && r.direction === 'egress' && isAnyAddress(r.rule))).toEqual([]);
    const control = service.hardeningReport().controls.find((x) => x.id === 'restrictTaskEgress');
    expect(control?.reason).toContain('HTTPS (443) to the VPC CIDR (existing VPC endpoints)');
  });

  test('createVpcEndpoints: false without an existing vpc is refused, naming the fix', () => {
    const stack = newStack('us-east-1');
    expect(() => new HardenedDemoService(stack, 'Web', { createVpcEndpoints: false })).toThrow(
      /createVpcEndpoints: false applies only to an existing vpc that already has the endpoints.*Remove createVpcEndpoints, or give vpc\./,
    );
  });
});

describe('several instances in one stack', () => {
  test('two services at different levels synthesize side by side, each with its own outputs', () => {
    const stack = newStack('region-agnostic');
    new HardenedDemoService(stack, 'Public', { hardeningLevel: HardeningLevel.DEMO });
    new HardenedDemoService(stack, 'Private', { hardeningLevel: HardeningLevel.PRODUCTION, containerPort: 8080 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Service', 2);
    template.resourceCountIs('AWS::EC2::VPC', 2);
    // One mapping/condition for ELB log delivery, shared.
    expect(Object.keys(template.toJSON().Conditions ?? {})).toHaveLength(1);
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs.filter((o) => o.includes('Url'))).toHaveLength(2);
    // WAF log groups have unique names.
    const wafLogNames = resourcesOf(template, 'AWS::Logs::LogGroup')
      .map(([, r]) => r.Properties.LogGroupName)
      .filter((n) => typeof n === 'string');
    expect(new Set(wafLogNames).size).toBe(wafLogNames.length);
  });
});
