/**
 * Many services in one VPC, one stack, one account: what is shared by scope (VPC endpoints per
 * VPC, log buckets and the WAF log-delivery policy per stack), what each added service costs in
 * resources, and the errors for a cluster that does not fit.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService } from '../src';
import { computeChangeSet } from './lifecycle/change-set';
import { ACCOUNT, testApp } from './util';

type Region = 'us-east-1' | 'eu-west-1' | 'region-agnostic';

/** `n` PRODUCTION services in one stack, all in one VPC defined beside them. */
function servicesInOneVpc(n: number, region: Region = 'eu-west-1', extra: { cluster?: boolean } = {}) {
  const app = testApp();
  const stack = new Stack(app, 'Platform', region === 'region-agnostic' ? {} : { env: { account: ACCOUNT, region } });
  const vpc = new ec2.Vpc(stack, 'SharedVpc', { maxAzs: 2 });
  const cluster = extra.cluster ? new ecs.Cluster(stack, 'SharedCluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED }) : undefined;
  const services = Array.from({ length: n }, (_, i) => new HardenedDemoService(stack, `Team${i}`, { vpc, cluster }));
  return { app, stack, vpc, services, template: Template.fromStack(stack) };
}

function resourceCount(t: Template): number {
  return Object.keys(t.toJSON().Resources).length;
}

/** Private-DNS interface endpoints per AWS service name (the serialized ServiceName). */
function privateDnsEndpointsPerService(t: Template): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of Object.values<any>(t.findResources('AWS::EC2::VPCEndpoint'))) {
    if (r.Properties.VpcEndpointType === 'Interface' && r.Properties.PrivateDnsEnabled) {
      const name = JSON.stringify(r.Properties.ServiceName);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return counts;
}

describe('many PRODUCTION services in one VPC', () => {
  const two = servicesInOneVpc(2);
  const ten = servicesInOneVpc(10);

  test.each([['two', two], ['ten', ten]])('%s services: one private-DNS endpoint per AWS service in the VPC', (_, s) => {
    const counts = privateDnsEndpointsPerService(s.template);
    expect(counts.size).toBe(3);
    expect([...counts.values()]).toEqual([1, 1, 1]);
  });

  test('the endpoints belong to the VPC, not to a service, and admit every service\'s tasks', () => {
    const endpointIds = Object.keys(two.template.findResources('AWS::EC2::VPCEndpoint'));
    expect(endpointIds.every((id) => id.startsWith('SharedVpcHardenedDemoServiceEndpoints'))).toBe(true);
    const ingress = Object.values<any>(two.template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => r.Properties.FromPort === 443 && r.Properties.GroupId['Fn::GetAtt']?.[0].startsWith('SharedVpcHardenedDemoServiceEndpointsEndpointSecurityGroup'),
    );
    const sources = ingress.map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort();
    expect(sources).toEqual(two.services.map((x) => Stack.of(x).getLogicalId(x.taskSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup)).sort());
  });

  test('nothing account-scoped per instance: one CloudWatch Logs resource policy for the whole stack', () => {
    ten.template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const [policy] = Object.values<any>(ten.template.findResources('AWS::Logs::ResourcePolicy'));
    const doc = JSON.stringify(policy.Properties.PolicyDocument);
    expect(doc).toContain(`:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-*:*`);
    expect(doc).toContain(`\\"aws:SourceAccount\\":\\"${ACCOUNT}\\"`);
    expect(doc).toContain('delivery.logs.amazonaws.com');
    // Every web ACL's logging waits for it.
    for (const logging of Object.values<any>(ten.template.findResources('AWS::WAFv2::LoggingConfiguration'))) {
      expect(logging.DependsOn).toEqual(expect.arrayContaining([Object.keys(ten.template.findResources('AWS::Logs::ResourcePolicy'))[0]]));
    }
  });

  test('the report says why WAF logs need no policy per instance, and what each instance shares with whom', () => {
    const report = two.services[1].hardeningReport();
    const waf = report.controls.find((c) => c.id === 'waf')!;
    expect(waf.reason).toContain("delivered under the stack's CloudWatch Logs resource policy for aws-waf-logs-* log groups, one per stack");
    expect(waf.reason).toContain('an account holds at most 10 such policies per region');
    const byScope = (scope: string) => report.sharedResources.filter((r) => r.scope === scope);
    expect(byScope('vpc').map((r) => r.owner)).toEqual(Array(4).fill('Platform/SharedVpc'));
    expect(byScope('vpc').map((r) => r.resource)).toContain('Platform/SharedVpc/HardenedDemoServiceEndpoints/EcrApiEndpoint');
    expect(byScope('stack').map((r) => r.resource).sort()).toEqual([
      'Platform/HardenedDemoServiceLogBuckets/AuditBucket',
      'Platform/HardenedDemoServiceLogBuckets/EdgeLogBucket',
      'Platform/HardenedDemoServiceWafLogDelivery',
    ]);
    expect(two.services[1].hardeningReportMarkdown()).toContain('## Shared With Other Services');
  });

  test('createWafLogDeliveryPolicy: false relies on a policy the account has: none is created, the report says so', () => {
    const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const svc = new HardenedDemoService(stack, 'Web', { createWafLogDeliveryPolicy: false });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    expect(svc.hardeningReport().controls.find((c) => c.id === 'waf')!.reason).toContain('a CloudWatch Logs resource policy the account already has (createWafLogDeliveryPolicy: false)');
  });

  test('removing one service deletes none of what the others still use', () => {
    const before = two.template.toJSON();
    const after = servicesInOneVpc(1).template.toJSON();
    const changes = computeChangeSet(before, after);
    const removed = changes.ofKind('REMOVED').map((e) => e.logicalId);
    expect(removed.length).toBeGreaterThan(30);
    // Only Team1's own resources go, and the rule that admitted Team1's tasks to the shared endpoints.
    const notTeam1 = removed.filter((id) => !id.startsWith('Team1'));
    expect(notTeam1.map((id) => [before.Resources[id].Type, JSON.stringify(before.Resources[id].Properties.SourceSecurityGroupId)])).toEqual([
      ['AWS::EC2::SecurityGroupIngress', expect.stringMatching(/"Team1ServiceSecurityGroup/)],
    ]);
    for (const type of ['AWS::EC2::VPCEndpoint', 'AWS::S3::Bucket', 'AWS::Logs::ResourcePolicy']) {
      for (const id of Object.keys(after.Resources).filter((k) => after.Resources[k].Type === type)) {
        expect([id, changes.kindOf(id)]).toEqual([id, expect.not.stringMatching(/REMOVED|REPLACED/)]);
      }
    }
  });

  test('one audit bucket and one edge log bucket per stack; each service writes under its own prefix', () => {
    const buckets = Object.values<any>(ten.template.findResources('AWS::S3::Bucket'));
    // 10 data buckets + the stack's audit and edge log buckets.
    expect(buckets).toHaveLength(12);
    const prefixes = buckets.map((b) => b.Properties.LoggingConfiguration?.LogFilePrefix).filter((p) => p && p.endsWith('data-bucket-access/'));
    expect(new Set(prefixes).size).toBe(10);
    expect(prefixes).toContain('Team3/data-bucket-access/');
    const albPrefixes = Object.values<any>(ten.template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')).map(
      (lb) => lb.Properties.LoadBalancerAttributes.find((a: any) => a.Key === 'access_logs.s3.prefix').Value,
    );
    expect(new Set(albPrefixes).size).toBe(10);
    expect(albPrefixes).toContain('Team7/load-balancer');
  });

  test.each([['eu-west-1'], ['us-east-1'], ['region-agnostic']] as Array<[Region]>)('each added service costs at most 40 resources (%s)', (region) => {
    const base = resourceCount(servicesInOneVpc(2, region).template);
    const more = resourceCount(servicesInOneVpc(3, region).template);
    expect(more - base).toBeLessThanOrEqual(40);
    expect(more - base).toBeGreaterThan(30);
  });

  test('ten services fit far below the 500-resource limit of a stack', () => {
    expect(resourceCount(ten.template)).toBeLessThan(500);
  });

  test('a shared cluster: no cluster per service, one less resource each', () => {
    const shared = servicesInOneVpc(3, 'eu-west-1', { cluster: true });
    shared.template.resourceCountIs('AWS::ECS::Cluster', 1);
    for (const svc of Object.values<any>(shared.template.findResources('AWS::ECS::Service'))) {
      expect(svc.Properties.Cluster).toEqual({ Ref: Stack.of(shared.stack).getLogicalId(shared.stack.node.findChild('SharedCluster').node.defaultChild as ecs.CfnCluster) });
    }
    const report = shared.services[0].hardeningReport().controls.find((c) => c.id === 'containerInsights')!;
    expect(report.state).toBe('ON');
  });
});

describe('services in several VPCs and stacks', () => {
  test('services in two VPCs keep their own endpoints', () => {
    const app = testApp();
    const stack = new Stack(app, 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const a = new ec2.Vpc(stack, 'A', { maxAzs: 2 });
    const b = new ec2.Vpc(stack, 'B', { maxAzs: 2 });
    new HardenedDemoService(stack, 'One', { vpc: a });
    new HardenedDemoService(stack, 'Two', { vpc: b });
    const t = Template.fromStack(stack);
    const byVpc = new Map<string, number>();
    for (const r of Object.values<any>(t.findResources('AWS::EC2::VPCEndpoint'))) {
      if (r.Properties.VpcEndpointType === 'Interface') {
        const vpc = r.Properties.VpcId.Ref;
        byVpc.set(vpc, (byVpc.get(vpc) ?? 0) + 1);
      }
    }
    expect([...byVpc.values()]).toEqual([3, 3]);
  });

  test('services in two stacks sharing a VPC from a network stack: the endpoints live in the network stack, each rule in its service stack', () => {
    const app = testApp();
    const env = { account: ACCOUNT, region: 'eu-west-1' };
    const network = new Stack(app, 'Network', { env });
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2 });
    const stacks = ['Orders', 'Billing'].map((name) => {
      const s = new Stack(app, name, { env });
      new HardenedDemoService(s, 'Web', { vpc });
      return s;
    });
    const net = Template.fromStack(network);
    expect(privateDnsEndpointsPerService(net).size).toBe(3);
    for (const s of stacks) {
      const t = Template.fromStack(s);
      t.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
      // The service stack holds the ingress rule on the shared endpoint group (imported by reference).
      const ingress = Object.values<any>(t.findResources('AWS::EC2::SecurityGroupIngress')).filter((r) => JSON.stringify(r.Properties.GroupId).includes('Fn::ImportValue'));
      expect(ingress).toHaveLength(1);
      expect(ingress[0].Properties.FromPort).toBe(443);
    }
    // Deploy order: network first; no stack depends on a service stack.
    expect(network.dependencies).toEqual([]);
    expect(stacks.every((s) => s.dependencies.includes(network))).toBe(true);
  });

  test('one VPC imported separately in two stacks: a clear error instead of a failed second deployment', () => {
    const app = testApp();
    const env = { account: ACCOUNT, region: 'eu-west-1' };
    const attrs = { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a', 'eu-west-1b'], privateSubnetIds: ['subnet-1', 'subnet-2'], publicSubnetIds: ['subnet-3', 'subnet-4'] };
    const first = new Stack(app, 'First', { env });
    new HardenedDemoService(first, 'Web', { vpc: ec2.Vpc.fromVpcAttributes(first, 'Vpc', attrs) });
    const second = new Stack(app, 'Second', { env });
    expect(() => new HardenedDemoService(second, 'Web', { vpc: ec2.Vpc.fromVpcAttributes(second, 'Vpc', attrs) })).toThrow(
      /vpc: vpc-0123456789abcdef0 is imported separately in stacks First and Second.*pass that same object to every instance.*or set createVpcEndpoints: false in all but one stack/,
    );
  });
});

describe('a cluster that does not fit', () => {
  test('a cluster without vpc: name the property and the fix', () => {
    const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const cluster = new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'V', { maxAzs: 2 }) });
    expect(() => new HardenedDemoService(stack, 'Web', { cluster })).toThrow(/cluster: the cluster runs in its own VPC.*Give vpc: the cluster's VPC \(cluster\.vpc\)/);
  });

  test('a cluster in another VPC than vpc', () => {
    const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const cluster = new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'V1', { maxAzs: 2 }) });
    expect(() => new HardenedDemoService(stack, 'Web', { cluster, vpc: new ec2.Vpc(stack, 'V2', { maxAzs: 2 }) })).toThrow(
      /cluster: the cluster is in another VPC than vpc.*Give the cluster of vpc, or the vpc of the cluster/,
    );
  });

  test.each([
    ['imported: unknown', (s: Stack, vpc: ec2.IVpc) => ecs.Cluster.fromClusterAttributes(s, 'C', { clusterName: 'shared', vpc }), 'UNKNOWN', /cannot tell whether Container Insights is on/],
    ['Container Insights off', (s: Stack, vpc: ec2.IVpc) => new ecs.Cluster(s, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.DISABLED }), 'OFF', /Container Insights is off on the given cluster/],
  ])('a cluster with Container Insights %s: the report says so and a warning asks for it', (_, make, state, warning) => {
    const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'V', { maxAzs: 2 });
    const svc = new HardenedDemoService(stack, 'Web', { vpc, cluster: make(stack, vpc) });
    const control = svc.hardeningReport().controls.find((c) => c.id === 'containerInsights')!;
    expect(control.state).toBe(state);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data)));
    expect(warnings.some((w) => warning.test(w))).toBe(true);
  });
});
