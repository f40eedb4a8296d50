/**
 * One dated table of list prices, and a fixed-monthly-cost estimate read off a synthesized
 * template. "Fixed" means what the resources cost per month before any traffic: hourly
 * charges, per-key and per-rule charges. Traffic-driven charges (requests, GB processed,
 * log ingestion) are named, not estimated.
 */

/** List prices in USD, us-east-1, on-demand. Update the date with the numbers. */
export const PRICE_TABLE = {
  date: '2026-11-01',
  region: 'us-east-1',
  currency: 'USD',
  hoursPerMonth: 730,
  natGatewayHour: 0.045,
  interfaceEndpointAzHour: 0.01,
  kmsKeyMonth: 1.0,
  wafWebAclMonth: 5.0,
  wafRuleMonth: 1.0,
  albHour: 0.0225,
  publicIpv4Hour: 0.005,
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  /** Fargate on ARM64 (Graviton), Linux. */
  fargateArmVcpuHour: 0.03238,
  fargateArmGbHour: 0.00356,
  cloudFrontDistributionMonth: 0,
} as const;

/** One line of the estimate. */
export interface CostLine {
  /** What costs money. */
  readonly driver: string;
  /** The control that brings it, when one does. */
  readonly control?: string;
  readonly quantity: number;
  /** USD per month for one unit. */
  readonly unitMonthly: number;
  /** USD per month for all units. */
  readonly monthly: number;
  /** What the unit price leaves out (traffic-driven charges). */
  readonly plus?: string;
}

export interface CostEstimate {
  readonly priceDate: string;
  readonly region: string;
  readonly lines: CostLine[];
  /** USD per month, fixed charges only. */
  readonly totalMonthly: number;
}

type Template = { Resources?: Record<string, { Type: string; Properties?: any }> };

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Estimate the fixed monthly cost of everything in a template (any construct's, not only ours). */
export function estimateFixedMonthlyCost(template: Template): CostEstimate {
  const p = PRICE_TABLE;
  const h = p.hoursPerMonth;
  const resources = Object.values(template.Resources ?? {});
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const lines: CostLine[] = [];
  const add = (driver: string, quantity: number, unitMonthly: number, control?: string, plus?: string) => {
    if (quantity > 0) {
      lines.push({ driver, control, quantity, unitMonthly: round2(unitMonthly), monthly: round2(quantity * unitMonthly), plus });
    }
  };

  add('NAT gateway', ofType('AWS::EC2::NatGateway').length, p.natGatewayHour * h, 'privateSubnets', '$0.045 per GB processed');

  const endpointAzs = ofType('AWS::EC2::VPCEndpoint')
    .filter((r) => r.Properties?.VpcEndpointType === 'Interface')
    .reduce((n, r) => n + (Array.isArray(r.Properties?.SubnetIds) ? r.Properties.SubnetIds.length : 1), 0);
  add('Interface VPC endpoint (per AZ)', endpointAzs, p.interfaceEndpointAzHour * h, 'restrictTaskEgress', '$0.01 per GB processed');

  add('KMS customer-managed key', ofType('AWS::KMS::Key').length, p.kmsKeyMonth, 'customerManagedKeys', '$0.03 per 10,000 requests');

  for (const acl of ofType('AWS::WAFv2::WebACL')) {
    const rules = Array.isArray(acl.Properties?.Rules) ? acl.Properties.Rules.length : 0;
    add(`WAF web ACL with ${rules} rules`, 1, p.wafWebAclMonth + rules * p.wafRuleMonth, 'waf', '$0.60 per million requests');
  }

  add('CloudFront distribution', ofType('AWS::CloudFront::Distribution').length, p.cloudFrontDistributionMonth, 'cloudFront', 'per request and per GB out; VPC origins add nothing');

  const albs = ofType('AWS::ElasticLoadBalancingV2::LoadBalancer').filter((r) => (r.Properties?.Type ?? 'application') === 'application');
  add('Application Load Balancer', albs.length, p.albHour * h, undefined, '$0.008 per LCU-hour');

  // Public IPv4: NAT EIPs, one per AZ of each internet-facing load balancer, public tasks.
  const internetFacingAzs = albs
    .filter((r) => (r.Properties?.Scheme ?? 'internet-facing') === 'internet-facing')
    .reduce((n, r) => n + (Array.isArray(r.Properties?.Subnets) ? r.Properties.Subnets.length : 2), 0);
  let publicTasks = 0;
  // Tasks and their monthly cost per CPU architecture (the task definition's RuntimePlatform).
  const fargate = { x86: { tasks: 0, monthly: 0 }, arm64: { tasks: 0, monthly: 0 } };
  // Under auto scaling the service has no DesiredCount: it runs the scalable target's minimum.
  const minimumOf = (serviceId: string): number | undefined =>
    ofType('AWS::ApplicationAutoScaling::ScalableTarget')
      .map((t) => t.Properties)
      .find((target) => target?.ScalableDimension === 'ecs:service:DesiredCount' && JSON.stringify(target?.ResourceId ?? '').includes(`"${serviceId}"`))?.MinCapacity;
  for (const [serviceId, svc] of Object.entries(template.Resources ?? {}).filter(([, r]) => r.Type === 'AWS::ECS::Service')) {
    const count = typeof svc.Properties?.DesiredCount === 'number' ? svc.Properties.DesiredCount : minimumOf(serviceId) ?? 1;
    if (svc.Properties?.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === 'ENABLED') {
      publicTasks += count;
    }
    const taskDefId = svc.Properties?.TaskDefinition?.Ref;
    const taskDef = taskDefId ? template.Resources?.[taskDefId] : undefined;
    const cpu = Number(taskDef?.Properties?.Cpu ?? 256);
    const mem = Number(taskDef?.Properties?.Memory ?? 512);
    const arm64 = taskDef?.Properties?.RuntimePlatform?.CpuArchitecture === 'ARM64';
    const [vcpuHour, gbHour] = arm64 ? [p.fargateArmVcpuHour, p.fargateArmGbHour] : [p.fargateVcpuHour, p.fargateGbHour];
    const line = arm64 ? fargate.arm64 : fargate.x86;
    line.tasks += count;
    line.monthly += count * ((cpu / 1024) * vcpuHour + (mem / 1024) * gbHour) * h;
  }
  add('Public IPv4 address', ofType('AWS::EC2::EIP').length + internetFacingAzs + publicTasks, p.publicIpv4Hour * h);
  for (const [name, line] of [['x86', fargate.x86], ['ARM64', fargate.arm64]] as const) {
    if (line.tasks > 0) {
      add(`Fargate task (${name}, as sized)`, line.tasks, line.monthly / line.tasks);
    }
  }

  return {
    priceDate: p.date,
    region: p.region,
    lines,
    totalMonthly: round2(lines.reduce((n, l) => n + l.monthly, 0)),
  };
}
