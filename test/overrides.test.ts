import { HardenedDemoServiceProps, HardeningLevel, HardeningOverrides } from '../src';
import { attributesOf, bucketPolicyStatements, Match, onlyResource, resourcesOf, synth, Synthesized, warningTexts } from './util';

/** The logical ID behind a construct's Fn::GetAtt token. */
const idOf = (s: Synthesized, token: string): string => (s.stack.resolve(token) as any)['Fn::GetAtt'][0];
const loadBalancerAttributes = (s: Synthesized) => attributesOf(onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[1].Properties.LoadBalancerAttributes);
const allBucketStatements = (s: Synthesized) => resourcesOf(s.template, 'AWS::S3::Bucket').flatMap(([id]) => bucketPolicyStatements(s.template, id));
const actionsOf = (statement: any): string[] => [statement.Action].flat();

type Check = (s: Synthesized) => void;

const DOMAIN_FREE_PRODUCTION: HardenedDemoServiceProps = { hardeningLevel: HardeningLevel.PRODUCTION };

/** For each control: an override that weakens PRODUCTION and how the template shows it. */
const WEAKENING: Array<[keyof HardeningOverrides, HardeningOverrides, Check]> = [
  ['waf', { waf: false }, (s) => s.template.resourceCountIs('AWS::WAFv2::WebACL', 0)],
  ['customerManagedKeys', { customerManagedKeys: false }, (s) => s.template.resourceCountIs('AWS::KMS::Key', 0)],
  ['dataBucketAccessLogging', { dataBucketAccessLogging: false }, (s) => {
    const dataBucket = s.template.findResources('AWS::S3::Bucket')[idOf(s, s.service.dataBucket.bucketArn)];
    expect(dataBucket.Properties.LoggingConfiguration).toBeUndefined();
  }],
  ['mfaDeleteAlternative', { mfaDeleteAlternative: false }, (s) => {
    // No bucket policy denies version deletion or versioning changes, whatever its Sid; no Object Lock.
    const statements = allBucketStatements(s);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((st) => st.Effect === 'Deny' && actionsOf(st).some((a) => ['s3:DeleteObjectVersion', 's3:PutBucketVersioning'].includes(a)))).toEqual([]);
    for (const [, bucket] of resourcesOf(s.template, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
    }
  }],
  ['restrictTaskEgress', { restrictTaskEgress: false }, (s) => {
    const taskGroup = s.template.findResources('AWS::EC2::SecurityGroup')[idOf(s, s.service.taskSecurityGroup.securityGroupId)];
    expect(taskGroup.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
  }],
  ['dropInvalidHeaderFields', { dropInvalidHeaderFields: false }, (s) => s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'false' }]) })],
  ['containerInsights', { containerInsights: false }, (s) => s.template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'disabled' }] })],
  ['loadBalancerAccessLogs', { loadBalancerAccessLogs: false }, (s) => {
    const attributes = loadBalancerAttributes(s);
    expect(attributes['access_logs.s3.enabled'] ?? 'false').toBe('false');
    expect(attributes['access_logs.s3.bucket']).toBeUndefined();
  }],
  ['loadBalancerDeletionProtection', { loadBalancerDeletionProtection: false }, (s) => {
    expect(loadBalancerAttributes(s)['deletion_protection.enabled'] ?? 'false').toBe('false');
  }],
  ['vpcFlowLogs', { vpcFlowLogs: false }, (s) => s.template.resourceCountIs('AWS::EC2::FlowLog', 0)],
  ['restrictDefaultSecurityGroup', { restrictDefaultSecurityGroup: false }, (s) => s.template.resourceCountIs('Custom::VpcRestrictDefaultSG', 0)],
  ['deploymentCircuitBreaker', { deploymentCircuitBreaker: false }, (s) => {
    const [, service] = onlyResource(s.template, 'AWS::ECS::Service');
    expect(service.Properties.DeploymentConfiguration?.DeploymentCircuitBreaker?.Enable ?? false).toBe(false);
  }],
  ['ecsExec', { ecsExec: true }, (s) => s.template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true })],
  ['readOnlyRootFilesystem', { readOnlyRootFilesystem: false }, (s) => s.template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: false })] })],
  // Buckets deleted with the stack must be emptied, which the version-deletion deny forbids.
  ['retainData', { retainData: false, mfaDeleteAlternative: false }, (s) => resourcesOf(s.template, 'AWS::S3::Bucket').forEach(([, b]) => expect(b.DeletionPolicy).toBe('Delete'))],
  ['autoScaling', { autoScaling: false }, (s) => s.template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0)],
  ['alarms', { alarms: false }, (s) => s.template.resourceCountIs('AWS::CloudWatch::Alarm', 0)],
  ['cloudFront', { cloudFront: false, waf: true }, (s) => {
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    // Internal, reachable from the VPC only; WAF moves to the load balancer.
    s.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
  }],
  ['privateSubnets', { privateSubnets: false, internalLoadBalancer: false, cloudFront: false }, (s) => {
    s.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    s.template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) } });
    // Egress stays restricted, so the AWS endpoints the tasks need are still there.
    s.template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
  }],
  ['internalLoadBalancer', { internalLoadBalancer: false, cloudFront: false }, (s) => s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' })],
];

describe.each(WEAKENING)('overriding %s at PRODUCTION', (control, overrides, check) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ ...DOMAIN_FREE_PRODUCTION, overrides }, 'region-agnostic');
  });
  test('changes the template', () => check(s));
  test('raises a warning that names the control', () => {
    expect(warningTexts(s.annotations).some((w) => w.includes(`set by overrides.${control}`))).toBe(true);
  });
});

describe('strengthening DEMO control by control', () => {
  test('customer-managed keys at DEMO', () => {
    const s = synth({ hardeningLevel: HardeningLevel.DEMO, overrides: { customerManagedKeys: true } }, 'eu-west-1');
    s.template.resourceCountIs('AWS::KMS::Key', 3);
    expect(warningTexts(s.annotations).some((w) => w.includes('Customer-managed KMS keys is off'))).toBe(false);
  });
  test('private subnets at DEMO: NAT gateways, tasks without public IPs, the load balancer still public', () => {
    const s = synth({ hardeningLevel: HardeningLevel.DEMO, overrides: { privateSubnets: true }, natGateways: 1 }, 'us-east-1');
    s.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    s.template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) } });
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    for (const [, subnet] of resourcesOf(s.template, 'AWS::EC2::Subnet')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });
  test('WAF at DEMO sits on the internet-facing load balancer', () => {
    const s = synth({ hardeningLevel: HardeningLevel.DEMO, overrides: { waf: true } }, 'us-east-1');
    s.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    s.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });
  test('access logging and ALB logs at DEMO create the audit bucket', () => {
    const s = synth({ hardeningLevel: HardeningLevel.DEMO, overrides: { dataBucketAccessLogging: true, loadBalancerAccessLogs: true } }, 'region-agnostic');
    s.template.resourceCountIs('AWS::S3::Bucket', 2);
    expect(s.service.auditBucket).toBeDefined();
  });
});
