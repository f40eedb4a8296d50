import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService, HardeningLevel } from '../../src';
import { estimateFixedMonthlyCost, PRICE_TABLE } from '../../src/internal/price-table';
import { testApp } from '../util';

/**
 * Literal figures, not read back from PRICE_TABLE: a wrong price must fail here. On-demand list
 * prices in USD for us-east-1, from the AWS pricing pages:
 * - NAT gateway: $0.045 per hour (aws.amazon.com/vpc/pricing, "NAT Gateway").
 * - Interface VPC endpoint: $0.01 per hour per AZ (aws.amazon.com/privatelink/pricing).
 * - KMS customer-managed key: $1 per month (aws.amazon.com/kms/pricing).
 * - WAF: $5 per web ACL per month, $1 per rule per month (aws.amazon.com/waf/pricing).
 * - Application Load Balancer: $0.0225 per hour (aws.amazon.com/elasticloadbalancing/pricing).
 * - Public IPv4 address: $0.005 per hour (aws.amazon.com/vpc/pricing, "Public IPv4 Address").
 * - Fargate, Linux/x86: $0.04048 per vCPU-hour, $0.004445 per GB-hour (aws.amazon.com/fargate/pricing).
 * - Fargate, Linux/ARM (Graviton): $0.03238 per vCPU-hour, $0.00356 per GB-hour (same page).
 * - CloudFront: no fixed monthly charge (aws.amazon.com/cloudfront/pricing).
 * A month is 730 hours, as in the AWS Pricing Calculator.
 */
describe('the price table', () => {
  test('holds the us-east-1 list prices', () => {
    expect(PRICE_TABLE).toMatchObject({
      region: 'us-east-1',
      currency: 'USD',
      hoursPerMonth: 730,
      natGatewayHour: 0.045,
      interfaceEndpointAzHour: 0.01,
      kmsKeyMonth: 1,
      wafWebAclMonth: 5,
      wafRuleMonth: 1,
      albHour: 0.0225,
      publicIpv4Hour: 0.005,
      fargateVcpuHour: 0.04048,
      fargateGbHour: 0.004445,
      fargateArmVcpuHour: 0.03238,
      fargateArmGbHour: 0.00356,
      cloudFrontDistributionMonth: 0,
    });
    expect(PRICE_TABLE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('estimateFixedMonthlyCost', () => {
  test('counts the fixed cost drivers of a template, in dollars per month', () => {
    const template = {
      Resources: {
        Nat1: { Type: 'AWS::EC2::NatGateway' },
        Nat2: { Type: 'AWS::EC2::NatGateway' },
        Eip1: { Type: 'AWS::EC2::EIP' },
        Key: { Type: 'AWS::KMS::Key' },
        Ep: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', SubnetIds: ['a', 'b'] } },
        Gw: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway' } },
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{}, {}] } },
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['a', 'b'] } },
        Td: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048' } },
        Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 2, TaskDefinition: { Ref: 'Td' } } },
      },
    };
    const e = estimateFixedMonthlyCost(template);
    expect(e.lines.map((l) => [l.driver, l.control, l.quantity, l.unitMonthly, l.monthly])).toEqual([
      ['NAT gateway', 'privateSubnets', 2, 32.85, 65.7], // 0.045 x 730
      ['Interface VPC endpoint (per AZ)', 'restrictTaskEgress', 2, 7.3, 14.6], // 0.01 x 730, gateway endpoints are free
      ['KMS customer-managed key', 'customerManagedKeys', 1, 1, 1],
      ['WAF web ACL with 2 rules', 'waf', 1, 7, 7], // 5 + 2 x 1
      ['Application Load Balancer', undefined, 1, 16.43, 16.43], // 0.0225 x 730
      ['Public IPv4 address', undefined, 3, 3.65, 10.95], // the EIP and one per AZ of the internet-facing ALB; 0.005 x 730
      ['Fargate task (x86, as sized)', undefined, 2, 36.04, 72.08], // (1 vCPU x 0.04048 + 2 GB x 0.004445) x 730
    ]);
    expect(e.totalMonthly).toBe(187.76);
    expect(e.region).toBe('us-east-1');
  });

  test('an internal load balancer and private tasks have no public IPv4 address', () => {
    const e = estimateFixedMonthlyCost({
      Resources: {
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['a', 'b'] } },
        Svc: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 1, NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } } } },
      },
    });
    expect(e.lines.map((l) => l.driver)).toEqual(['Application Load Balancer', 'Fargate task (x86, as sized)']);
    // 0.25 vCPU and 0.5 GB when the service names no task definition: (0.25 x 0.04048 + 0.5 x 0.004445) x 730.
    expect(e.lines[1].monthly).toBe(9.01);
  });

  test('ARM64 tasks are priced at the ARM64 rate, on a line of their own', () => {
    const e = estimateFixedMonthlyCost({
      Resources: {
        X86: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'X86_64' } } },
        Arm: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '512', Memory: '1024', RuntimePlatform: { OperatingSystemFamily: 'LINUX', CpuArchitecture: 'ARM64' } } },
        SvcX86: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 1, TaskDefinition: { Ref: 'X86' } } },
        SvcArm: { Type: 'AWS::ECS::Service', Properties: { DesiredCount: 3, TaskDefinition: { Ref: 'Arm' } } },
      },
    });
    expect(e.lines.map((l) => [l.driver, l.quantity, l.unitMonthly, l.monthly])).toEqual([
      ['Fargate task (x86, as sized)', 1, 36.04, 36.04], // (1 vCPU x 0.04048 + 2 GB x 0.004445) x 730
      ['Fargate task (ARM64, as sized)', 3, 14.42, 43.25], // (0.5 vCPU x 0.03238 + 1 GB x 0.00356) x 730 = 14.4175; x 3 = 43.2525
    ]);
    expect(e.totalMonthly).toBe(79.29); // 36.04 + 43.25
  });

  test('an empty template costs nothing', () => {
    expect(estimateFixedMonthlyCost({ Resources: {} })).toMatchObject({ totalMonthly: 0, lines: [] });
  });
});

/** The README's cost table ("What PRODUCTION adds, and what it costs"): each service's report computes it. */
describe('the fixed monthly cost in the report matches the README', () => {
  const reportOf = (level: HardeningLevel) => {
    const stack = new Stack(testApp(), 'Cost');
    return new HardenedDemoService(stack, 'Web', { hardeningLevel: level }).hardeningReport();
  };

  test('DEMO: $36.39 (ALB $16.43, three public IPv4 addresses $10.95, one task $9.01)', () => {
    const report = reportOf(HardeningLevel.DEMO);
    expect(report.costs.map((c) => [c.driver, c.quantity, c.monthlyUsd])).toEqual([
      ['Application Load Balancer', 1, 16.43],
      ['Public IPv4 address', 3, 10.95],
      ['Fargate task (x86, as sized)', 1, 9.01],
    ]);
    expect(report.monthlyCostUsd).toBe(36.39);
  });

  // Under auto scaling the template has no DesiredCount: the estimate counts the scalable
  // target's minimum (two tasks at PRODUCTION).
  test('PRODUCTION: $163.25 (NAT $65.70, endpoints $43.80, KMS $3, WAF $9, ALB $16.43, two NAT addresses $7.30, two tasks $18.02)', () => {
    const report = reportOf(HardeningLevel.PRODUCTION);
    expect(report.costs.map((c) => [c.driver, c.quantity, c.monthlyUsd])).toEqual([
      ['NAT gateway', 2, 65.7],
      ['Interface VPC endpoint (per AZ)', 6, 43.8],
      ['KMS customer-managed key', 3, 3],
      ['WAF web ACL with 4 rules', 1, 9],
      ['CloudFront distribution', 1, 0],
      ['Application Load Balancer', 1, 16.43],
      ['Public IPv4 address', 2, 7.3],
      ['Fargate task (x86, as sized)', 2, 18.02],
    ]);
    expect(report.monthlyCostUsd).toBe(163.25);
  });

  // The same PRODUCTION service on ARM64 (Graviton): only the task line changes. One task of
  // 0.25 vCPU and 0.5 GB: (0.25 x 0.03238 + 0.5 x 0.00356) x 730 = 0.009875 x 730 = $7.20875;
  // two tasks $14.4175, so $14.42; total 65.70 + 43.80 + 3 + 9 + 0 + 16.43 + 7.30 + 14.42 = $159.65.
  test('PRODUCTION on ARM64: $159.65 (two ARM64 tasks $14.42)', () => {
    const stack = new Stack(testApp(), 'Cost');
    const report = new HardenedDemoService(stack, 'Web', {
      hardeningLevel: HardeningLevel.PRODUCTION,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64 },
    }).hardeningReport();
    expect(report.costs.map((c) => [c.driver, c.quantity, c.monthlyUsd]).slice(-2)).toEqual([
      ['Public IPv4 address', 2, 7.3],
      ['Fargate task (ARM64, as sized)', 2, 14.42],
    ]);
    expect(report.monthlyCostUsd).toBe(159.65);
  });
});
