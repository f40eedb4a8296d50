import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService, HardeningLevel } from '../../src';
import { pseudoTemplate, securityGroupRules } from '../../src/internal/report-resources';
import { ACCOUNT, newStack, testApp } from '../util';

const ENDPOINTS = 'Interface VPC endpoint with private DNS: one per AWS service per VPC';
const ENDPOINT_GROUP = 'Security group of the VPC endpoints (HTTPS from the task security group of every instance in the VPC)';
const WAF_POLICY =
  'CloudWatch Logs resource policy letting WAF deliver to the aws-waf-logs-* log groups of the account and region (resource policies are account-level: 10 per region)';

/** Two PRODUCTION services in one stack, in one VPC defined beside them (as test/platform-scale.test.ts builds it). */
function twoServicesInOneVpc() {
  const stack = new Stack(testApp(), 'Platform', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'SharedVpc', { maxAzs: 2 });
  return [new HardenedDemoService(stack, 'Team0', { vpc }), new HardenedDemoService(stack, 'Team1', { vpc })];
}

describe('sharedResourcesOf (the report\'s sharedResources)', () => {
  const [team0, team1] = twoServicesInOneVpc();

  test.each([
    ['Team0', team0],
    ['Team1', team1],
  ])('%s: the endpoints belong to the VPC, the log buckets and the WAF log policy to the stack', (name, service) => {
    expect(service.hardeningReport().sharedResources).toEqual([
      { resource: 'Platform/SharedVpc/HardenedDemoServiceEndpoints/EndpointSecurityGroup', scope: 'vpc', owner: 'Platform/SharedVpc', description: ENDPOINT_GROUP },
      { resource: 'Platform/SharedVpc/HardenedDemoServiceEndpoints/EcrApiEndpoint', scope: 'vpc', owner: 'Platform/SharedVpc', description: ENDPOINTS },
      { resource: 'Platform/SharedVpc/HardenedDemoServiceEndpoints/EcrDockerEndpoint', scope: 'vpc', owner: 'Platform/SharedVpc', description: ENDPOINTS },
      { resource: 'Platform/SharedVpc/HardenedDemoServiceEndpoints/LogsEndpoint', scope: 'vpc', owner: 'Platform/SharedVpc', description: ENDPOINTS },
      {
        resource: 'Platform/HardenedDemoServiceLogBuckets/AuditBucket',
        scope: 'stack',
        owner: 'Platform',
        description: `Log bucket of the stack; this service writes under ${name}/`,
      },
      {
        resource: 'Platform/HardenedDemoServiceLogBuckets/EdgeLogBucket',
        scope: 'stack',
        owner: 'Platform',
        description: `Log bucket of the stack; this service writes under ${name}/`,
      },
      { resource: 'Platform/HardenedDemoServiceWafLogDelivery', scope: 'stack', owner: 'Platform', description: WAF_POLICY },
    ]);
  });

  test('in a VPC the construct creates, the endpoints are owned by the instance itself', () => {
    const stack = newStack('eu-west-1');
    const service = new HardenedDemoService(stack, 'Web');
    const endpoints = service.hardeningReport().sharedResources.filter((r) => r.scope === 'vpc');
    expect(endpoints.map((r) => [r.resource, r.owner])).toEqual([
      ['TestStack/Web/Egress/EndpointSecurityGroup', 'TestStack/Web'],
      ['TestStack/Web/Egress/EcrApiEndpoint', 'TestStack/Web'],
      ['TestStack/Web/Egress/EcrDockerEndpoint', 'TestStack/Web'],
      ['TestStack/Web/Egress/LogsEndpoint', 'TestStack/Web'],
    ]);
  });

  test('a DEMO service in a cluster the team gave shares only that cluster, owned by itself', () => {
    const stack = newStack('eu-west-1');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const service = new HardenedDemoService(stack, 'Web', { vpc, cluster, hardeningLevel: HardeningLevel.DEMO });
    expect(service.hardeningReport().sharedResources).toEqual([
      { resource: 'TestStack/Cluster', scope: 'cluster', owner: 'TestStack/Cluster', description: 'The ECS cluster the team gave' },
    ]);
  });
});

describe('securityGroupRules', () => {
  test('DEMO: HTTP from anywhere to the load balancer, the load balancer to the tasks, tasks out anywhere', () => {
    const stack = newStack('eu-west-1');
    const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.DEMO });
    const rules = securityGroupRules(service, stack);
    expect(rules).toContainEqual({ securityGroup: 'LoadBalancer/SecurityGroup', direction: 'ingress', peer: '0.0.0.0/0', ports: 'tcp 80', description: 'HTTP from the internet' });
    expect(rules).toContainEqual({
      securityGroup: 'Service/SecurityGroup',
      direction: 'ingress',
      peer: 'LoadBalancer/SecurityGroup',
      ports: 'tcp 3000',
      description: 'Load balancer to target',
    });
    expect(rules).toContainEqual({
      securityGroup: 'LoadBalancer/SecurityGroup',
      direction: 'egress',
      peer: 'Service/SecurityGroup',
      ports: 'tcp 3000',
      description: 'Load balancer to target',
    });
    expect(rules).toContainEqual({
      securityGroup: 'Service/SecurityGroup',
      direction: 'egress',
      peer: '0.0.0.0/0',
      ports: 'all traffic',
      description: 'Allow all outbound traffic by default',
    });
    expect(rules).toHaveLength(4);
  });

  test('PRODUCTION, region-agnostic: prefix lists by what they are, the endpoint group\'s placeholder egress as "nothing"', () => {
    const stack = newStack('region-agnostic');
    const service = new HardenedDemoService(stack, 'Web');
    const rules = securityGroupRules(service, stack);
    expect(rules).toContainEqual({
      securityGroup: 'Service/SecurityGroup',
      direction: 'egress',
      peer: 'prefix list (regional S3)',
      ports: 'tcp 443',
      description: 'HTTPS to S3 (image layers, data bucket) through the gateway endpoint',
    });
    expect(rules).toContainEqual({
      securityGroup: 'Edge/OriginFacingSecurityGroup',
      direction: 'ingress',
      peer: 'prefix list (CloudFront origin-facing)',
      ports: 'tcp 80',
      description: 'CloudFront origin-facing addresses (VPC origin)',
    });
    expect(rules).toContainEqual({
      securityGroup: 'Egress/EndpointSecurityGroup',
      direction: 'egress',
      peer: 'nothing',
      ports: 'none',
      description: 'No egress (placeholder rule that matches no traffic)',
    });
    // Nothing from or to every address.
    expect(rules.filter((r) => r.peer === '0.0.0.0/0' || r.peer === '::/0')).toEqual([]);
  });
});

describe('pseudoTemplate', () => {
  test('renders only the costed resources of the subtree', () => {
    const stack = newStack('eu-west-1');
    const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.DEMO });
    const types = Object.values(pseudoTemplate(service).Resources).map((r: any) => r.Type).sort();
    expect(types).toEqual(['AWS::ECS::Service', 'AWS::ECS::TaskDefinition', 'AWS::ElasticLoadBalancingV2::LoadBalancer']);
  });
});
