/**
 * The hardening report's statements, checked against the template they describe.
 *
 * For every row of the report, in many configurations (both levels, three region modes, a
 * domain, an existing VPC, the construct's own repository, overrides), the row's state and the
 * claims of its text are checked on the synthesized template: a row that says ON or names a
 * setting must find that setting on the resources; a row that says OFF must find it absent.
 * Every row the report has needs a check here (a new row without one fails the suite).
 */
import { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { IConstruct } from 'constructs';
import { ControlState, HardenedDemoService, HardenedDemoServiceProps, HardeningControl, HardeningLevel, HardeningReport, ServiceImage } from '../src';
import { ACCOUNT, attributesOf, ENVIRONMENTS, EnvName, isAnyAddress, regionalCertificate, securityGroupRules, testApp } from './util';

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string };

/** What a check sees: the report, the template, and the resources of the construct. */
interface Subject {
  readonly report: HardeningReport;
  readonly resources: Record<string, Resource>;
  /** Logical IDs of the resources under the construct (its own, not the stack's shared ones). */
  readonly own: Set<string>;
  readonly service: HardenedDemoService;
  /** Logical IDs of the CloudFormation resources under a construct path. */
  logicalIdsAt(path: string): string[];
}

const ofType = (s: Subject, type: string, ownOnly = true) =>
  Object.entries(s.resources).filter(([id, r]) => r.Type === type && (!ownOnly || s.own.has(id)));
const only = (s: Subject, type: string): [string, Resource] => {
  const all = ofType(s, type);
  if (all.length !== 1) throw new Error(`expected one ${type} under the construct, found ${all.length}`);
  return all[0];
};
/** True when `value` refers (Ref or Fn::GetAtt) to the logical ID anywhere inside. */
const refersTo = (value: unknown, id: string): boolean => JSON.stringify(value ?? null).match(new RegExp(`"(Ref|Fn::GetAtt)":\\[?"${id}"`)) !== null;
/** The load balancer's attributes as a key-value map. */
const lbAttributes = (lb: Resource): Record<string, string> => attributesOf(lb.Properties?.LoadBalancerAttributes);
const problem = (cond: boolean, text: string): string[] => (cond ? [] : [text]);

function loadBalancer(s: Subject): [string, Resource] {
  return only(s, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
}
function listeners(s: Subject): Array<[string, Resource]> {
  return ofType(s, 'AWS::ElasticLoadBalancingV2::Listener');
}
function vpcOrigin(s: Subject): Resource {
  return only(s, 'AWS::CloudFront::VpcOrigin')[1];
}
function distribution(s: Subject): Resource {
  return only(s, 'AWS::CloudFront::Distribution')[1];
}
/** The resources a row names, by logical ID (only those that are CloudFormation resources). */
function rowResources(s: Subject, row: HardeningControl): Array<[string, Resource]> {
  return row.resources.flatMap((p) => s.logicalIdsAt(p)).map((id) => [id, s.resources[id]] as [string, Resource]);
}
function buckets(s: Subject): Array<[string, Resource]> {
  return Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::S3::Bucket');
}
function bucketPolicyOf(s: Subject, bucketId: string): any[] {
  return ofType(s, 'AWS::S3::BucketPolicy', false)
    .filter(([, p]) => refersTo(p.Properties.Bucket, bucketId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}
function taskSecurityGroupId(s: Subject): string {
  return s.logicalIdsAt(s.service.taskSecurityGroup.node.path).find((id) => s.resources[id].Type === 'AWS::EC2::SecurityGroup')!;
}
/** Every rule of a security group in one direction: inline and separate. */
function rulesOf(s: Subject, groupId: string, direction: 'ingress' | 'egress'): any[] {
  return securityGroupRules({ Resources: s.resources }).filter((r) => r.groupId === groupId && r.direction === direction).map((r) => r.rule);
}
const egressOf = (s: Subject, groupId: string) => rulesOf(s, groupId, 'egress');
const ingressOf = (s: Subject, groupId: string) => rulesOf(s, groupId, 'ingress');
function container(s: Subject): any {
  const [, td] = only(s, 'AWS::ECS::TaskDefinition');
  return td.Properties.ContainerDefinitions.find((c: any) => c.Name === 'web');
}
function ecsService(s: Subject): Resource {
  return only(s, 'AWS::ECS::Service')[1];
}

type Check = (s: Subject, row: HardeningControl) => string[];

/** One check per report row: the row's state and the claims in its text, on the template. */
const CHECKS: Record<string, Check> = {
  internalLoadBalancer: (s, row) => {
    const scheme = loadBalancer(s)[1].Properties.Scheme;
    return problem(scheme === (row.state === ControlState.ON ? 'internal' : 'internet-facing'), `the load balancer's scheme is ${scheme}`);
  },
  cloudFront: (s, row) => {
    if (row.state === ControlState.OFF) return problem(ofType(s, 'AWS::CloudFront::Distribution').length === 0, 'a distribution exists');
    const behavior = distribution(s).Properties.DistributionConfig.DefaultCacheBehavior;
    const policy = vpcOrigin(s).Properties.VpcOriginEndpointConfig.OriginProtocolPolicy;
    return [
      ...problem(behavior.ViewerProtocolPolicy === 'redirect-to-https', 'the distribution does not redirect HTTP'),
      ...problem(policy === (row.state === ControlState.ON ? 'https-only' : 'http-only'), `the VPC origin's protocol policy is ${policy}`),
      ...problem(!row.reason.includes('HTTPS (TLS 1.2)') || policy === 'https-only', 'the row says HTTPS to the load balancer'),
    ];
  },
  waf: (s, row) => {
    const acls = ofType(s, 'AWS::WAFv2::WebACL');
    const associations = ofType(s, 'AWS::WAFv2::WebACLAssociation');
    if (row.state === ControlState.OFF) return problem(acls.length === 0 && associations.length === 0, 'a web ACL exists');
    const webAclOfDistribution = ofType(s, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig.WebACLId;
    if (row.reason.includes('an existing CLOUDFRONT-scope web ACL')) {
      return problem(acls.length === 0 && typeof webAclOfDistribution === 'string' && webAclOfDistribution.includes(':global/webacl/'), 'the given ACL is not on the distribution');
    }
    const [aclId, acl] = only(s, 'AWS::WAFv2::WebACL');
    const ruleNames = acl.Properties.Rules.map((r: any) => r.Statement.ManagedRuleGroupStatement?.Name ?? 'rate');
    const logging = ofType(s, 'AWS::WAFv2::LoggingConfiguration').filter(([, l]) => refersTo(l.Properties.ResourceArn, aclId));
    const placement = row.reason.includes('Placement: a REGIONAL web ACL on the load balancer')
      ? [
        ...problem(acl.Properties.Scope === 'REGIONAL', `the ACL's scope is ${acl.Properties.Scope}`),
        ...problem(associations.length === 1 && refersTo(associations[0][1].Properties.ResourceArn, loadBalancer(s)[0]), 'the ACL is not associated with the load balancer'),
      ]
      : [
        ...problem(row.reason.includes('Placement: a CLOUDFRONT-scope web ACL on the distribution'), 'the row names no placement'),
        ...problem(acl.Properties.Scope === 'CLOUDFRONT' && refersTo(webAclOfDistribution, aclId), 'the CLOUDFRONT ACL is not on the distribution'),
      ];
    return [
      ...placement,
      ...problem(
        JSON.stringify(ruleNames) === JSON.stringify(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'rate']),
        `the ACL's rules are ${ruleNames}`,
      ),
      ...problem(acl.Properties.Rules.some((r: any) => r.Statement.RateBasedStatement?.AggregateKeyType === 'IP'), 'no per-IP rate rule'),
      ...problem(logging.length === 1, 'the ACL is not logged'),
    ];
  },
  customerManagedKeys: (s, row) => {
    const keys = ofType(s, 'AWS::KMS::Key');
    if (row.state === ControlState.OFF) return problem(keys.length === 0, 'a KMS key exists');
    const [, repo] = only(s, 'AWS::ECR::Repository');
    const dataBucket = s.logicalIdsAt(s.service.dataBucket.node.path).find((id) => s.resources[id].Type === 'AWS::S3::Bucket')!;
    const algorithm = (id: string) =>
      s.resources[id].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm;
    return [
      ...problem(keys.length > 0 && keys.every(([, k]) => k.Properties.EnableKeyRotation === true), 'a key without rotation'),
      ...problem(repo.Properties.EncryptionConfiguration?.EncryptionType === 'KMS', 'the repository is not KMS-encrypted'),
      ...ofType(s, 'AWS::Logs::LogGroup').filter(([, l]) => l.Properties.KmsKeyId === undefined).map(([id]) => `log group ${id} has no key`),
      ...problem(algorithm(dataBucket) === 'aws:kms', 'the data bucket is not SSE-KMS'),
      ...buckets(s).filter(([id]) => id !== dataBucket).filter(([id]) => algorithm(id) !== 'AES256').map(([id]) => `log bucket ${id} is not SSE-S3`),
      ...problem(row.reason.includes('is encrypted where it lives') === !s.report.controls.find((c) => c.id === 'ecrScanOnPush')!.reason.includes('The service runs the tag'),
        'the row and the image row disagree on where the image lives'),
    ];
  },
  mfaDeleteAlternative: (s, row) => {
    const denies = (id: string) => bucketPolicyOf(s, id).some((st) => st.Effect === 'Deny' && [st.Action].flat().includes('s3:DeleteObjectVersion'));
    if (row.state === ControlState.OFF) return buckets(s).filter(([id]) => denies(id)).map(([id]) => `${id} denies version deletion`);
    return [
      ...buckets(s).filter(([id]) => !denies(id)).map(([id]) => `${id} does not deny version deletion`),
      ...problem(s.service.auditBucket !== undefined, 'the row names an audit bucket and there is none'),
      ...(s.service.auditBucket
        ? problem(s.resources[s.logicalIdsAt(s.service.auditBucket.node.path).find((id) => s.resources[id].Type === 'AWS::S3::Bucket')!].Properties.ObjectLockEnabled === true, 'no Object Lock on the audit bucket')
        : []),
    ];
  },
  dataBucketAccessLogging: (s, row) => {
    const dataBucket = s.resources[s.logicalIdsAt(s.service.dataBucket.node.path).find((id) => s.resources[id].Type === 'AWS::S3::Bucket')!];
    const target = dataBucket.Properties.LoggingConfiguration?.DestinationBucketName;
    if (row.state === ControlState.OFF) return problem(target === undefined, 'the data bucket logs');
    const audit = s.logicalIdsAt(s.service.auditBucket!.node.path).find((id) => s.resources[id].Type === 'AWS::S3::Bucket')!;
    const auditPolicy = bucketPolicyOf(s, audit);
    return [
      ...problem(refersTo(target, audit), 'the data bucket does not log to the audit bucket'),
      ...problem(s.resources[audit].Properties.AccessControl === undefined, 'the audit bucket uses an ACL'),
      ...problem(auditPolicy.some((st) => st.Effect === 'Allow' && JSON.stringify(st.Principal).includes('logging.s3.amazonaws.com')), 'no log delivery statement in the audit bucket policy'),
    ];
  },
  privateSubnets: (s, row) => {
    const assign = ecsService(s).Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp;
    if (row.state === ControlState.OFF) return problem(assign === 'ENABLED', `AssignPublicIp is ${assign}`);
    const nat = /outbound through (\d+) NAT gateway/.exec(row.reason);
    const givenVpc = ofType(s, 'AWS::EC2::VPC').length === 0;
    return [
      ...problem(!givenVpc || (nat === null && !row.reason.includes('no subnet auto-assigns')), "the row speaks for a given VPC's subnets and NAT gateways"),
      ...problem(assign === 'DISABLED', `AssignPublicIp is ${assign}`),
      ...problem(nat === null || ofType(s, 'AWS::EC2::NatGateway').length === Number(nat[1]), `the row says ${nat?.[1]} NAT gateways`),
      ...problem(!row.reason.includes('no subnet auto-assigns public IPs') || ofType(s, 'AWS::EC2::Subnet').every(([, sn]) => sn.Properties.MapPublicIpOnLaunch !== true), 'a subnet auto-assigns public IPs'),
    ];
  },
  restrictTaskEgress: (s, row) => {
    const egress = egressOf(s, taskSecurityGroupId(s));
    if (row.state === ControlState.OFF) return problem(egress.some(isAnyAddress), 'the tasks cannot reach every address');
    const listed = /Tasks may reach only: (.*)\. DNS/.exec(row.reason)?.[1].split('; ') ?? [];
    return [
      ...egress.filter(isAnyAddress).map((r) => `the tasks may reach ${r.CidrIp ?? r.CidrIpv6}`),
      ...problem(listed.length === egress.length, `the row lists ${listed.length} destinations and the task security group has ${egress.length} egress rules`),
    ];
  },
  dropInvalidHeaderFields: (s, row) => {
    const a = lbAttributes(loadBalancer(s)[1]);
    const on = row.state === ControlState.ON;
    return [
      ...problem(a['routing.http.drop_invalid_header_fields.enabled'] === (on ? 'true' : undefined) || (!on && a['routing.http.drop_invalid_header_fields.enabled'] === 'false'), 'drop_invalid_header_fields'),
      ...problem(!row.reason.includes('strictest') || a['routing.http.desync_mitigation_mode'] === 'strictest', 'desync mitigation is not strictest'),
    ];
  },
  loadBalancerEgress: (s, row) => {
    const lbGroup = s.logicalIdsAt(s.service.loadBalancerSecurityGroup.node.path).find((id) => s.resources[id].Type === 'AWS::EC2::SecurityGroup')!;
    const port = Number(/on port (\d+)/.exec(row.reason)![1]);
    const rules = egressOf(s, lbGroup).filter((r) => r.CidrIp !== '255.255.255.255/32');
    return [
      ...problem(rules.length > 0, 'no egress rule'),
      ...rules.filter((r) => !(refersTo(r.DestinationSecurityGroupId, taskSecurityGroupId(s)) && r.FromPort === port && r.ToPort === port)).map((r) => `egress ${JSON.stringify(r)}`),
    ];
  },
  taskIngress: (s, row) => {
    // Every security group of the load balancer (its own and, behind CloudFront, the origin-facing one).
    const lbGroups = (loadBalancer(s)[1].Properties.SecurityGroups as unknown[]).map((g) => JSON.stringify(g));
    const port = Number(/on port (\d+)/.exec(row.reason)![1]);
    const rules = ingressOf(s, taskSecurityGroupId(s));
    return [
      ...problem(rules.length > 0, 'no ingress rule'),
      ...rules
        .filter((r) => r.FromPort !== port || r.ToPort !== port || !lbGroups.includes(JSON.stringify(r.SourceSecurityGroupId)))
        .map((r) => `ingress ${JSON.stringify(r)}`),
    ];
  },
  containerInsights: (s, row) => {
    const clusters = ofType(s, 'AWS::ECS::Cluster');
    if (row.source === 'input') return problem(clusters.length === 0, 'a cluster was created next to the given one');
    const setting = clusters[0][1].Properties.ClusterSettings?.find((c: any) => c.Name === 'containerInsights')?.Value;
    return problem(['enabled', 'enhanced'].includes(setting) === (row.state === ControlState.ON), `containerInsights is ${setting}`);
  },
  tlsMinimum: (s, row) => {
    const https = listeners(s).filter(([, l]) => l.Properties.Protocol === 'HTTPS');
    if (row.state === ControlState.OFF) return problem(https.length === 0 && ofType(s, 'AWS::CloudFront::Distribution').length === 0, 'there is TLS');
    const viewer = ofType(s, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig.ViewerCertificate;
    return [
      ...problem(!row.reason.includes('ELBSecurityPolicy-TLS13-1-2-2021-06') || (https.length === 1 && https[0][1].Properties.SslPolicy === 'ELBSecurityPolicy-TLS13-1-2-2021-06'), 'the HTTPS listener policy'),
      ...problem(!row.reason.includes('TLSv1.2_2021 minimum') || viewer?.MinimumProtocolVersion === 'TLSv1.2_2021', 'the viewer minimum'),
      ...problem(!row.reason.includes('CloudFront to load balancer: HTTPS') || (vpcOrigin(s).Properties.VpcOriginEndpointConfig.OriginProtocolPolicy === 'https-only' &&
        JSON.stringify(vpcOrigin(s).Properties.VpcOriginEndpointConfig.OriginSSLProtocols) === '["TLSv1.2"]'), 'CloudFront to the load balancer'),
      ...problem(!row.reason.includes('*.cloudfront.net') || viewer === undefined || viewer.CloudFrontDefaultCertificate === true, 'the default certificate'),
    ];
  },
  iam: (s, row) => {
    const purposes = /One role per purpose \(([^)]*)\)/.exec(row.reason)![1].split(', ');
    const roles = ofType(s, 'AWS::IAM::Role').filter(([id]) => row.resources.some((p) => s.logicalIdsAt(p).includes(id)));
    const taskRoleId = s.logicalIdsAt(s.service.taskDefinition.taskRole.node.path).find((id) => s.resources[id].Type === 'AWS::IAM::Role')!;
    const actions = ofType(s, 'AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(taskRoleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement).flatMap((st: any) => [st.Action].flat()).sort();
    const expected = ['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject', ...(row.reason.includes('on the data key') ? ['kms:Decrypt', 'kms:GenerateDataKey'] : [])].sort();
    return [
      ...problem(roles.length === purposes.length && purposes.length === row.resources.length, `the row names ${purposes.length} roles; ${roles.length} exist`),
      ...problem(purposes.includes('flow-log delivery') === (ofType(s, 'AWS::EC2::FlowLog').length > 0), 'the flow-log role and the flow log disagree'),
      ...problem(JSON.stringify(actions.filter((a) => !a.startsWith('ssmmessages:') && !a.startsWith('logs:'))) === JSON.stringify(expected), `the task role may ${actions}`),
    ];
  },
  environmentSecrets: (s) => {
    const c = container(s);
    const names: string[] = (c.Environment ?? []).map((e: any) => e.Name);
    return [
      ...problem(names.includes('PORT') && names.includes('DATA_BUCKET'), `the environment holds ${names}`),
      ...names.filter((n) => /secret|password|token|api_?key/i.test(n)).map((n) => `the environment holds ${n}`),
      ...(c.Secrets ?? []).filter((x: any) => x.ValueFrom === undefined).map((x: any) => `secret ${x.Name} has no ValueFrom`),
    ];
  },
  ecrScanOnPush: (s, row) => {
    const [repoId, repo] = only(s, 'AWS::ECR::Repository');
    const image = container(s).Image;
    return [
      ...problem(repo.Properties.ImageScanningConfiguration?.ScanOnPush === true && repo.Properties.ImageTagMutability === 'IMMUTABLE', 'the repository does not scan or has mutable tags'),
      ...problem(JSON.stringify(repo.Properties.LifecyclePolicy).includes('\\"countNumber\\":14'), 'no 14-day expiry of untagged images'),
      ...problem((row.state === ControlState.ON) === refersTo(image, repoId), `the row is ${row.state} and the image is ${JSON.stringify(image)}`),
      ...problem(!row.reason.includes('container-assets repository') || JSON.stringify(image).includes('container-assets'), 'the image is not in the bootstrap repository'),
    ];
  },
  s3Baseline: (s) =>
    buckets(s).flatMap(([id, b]) => {
      const block = b.Properties.PublicAccessBlockConfiguration ?? {};
      const policy = bucketPolicyOf(s, id);
      return [
        ...problem(b.Properties.VersioningConfiguration?.Status === 'Enabled', `${id} is not versioned`),
        ...problem(b.Properties.BucketEncryption !== undefined, `${id} is not encrypted`),
        ...problem(['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every((k) => block[k] === true), `${id} does not block public access`),
        ...problem(policy.some((st) => st.Effect === 'Deny' && st.Condition?.Bool?.['aws:SecureTransport'] === 'false'), `${id} takes plain HTTP`),
        ...problem(policy.some((st) => st.Effect === 'Deny' && st.Condition?.NumericLessThan?.['s3:TlsVersion'] === 1.2), `${id} takes TLS below 1.2`),
      ];
    }),
  httpsRedirect: (s, row) => {
    const http = listeners(s).filter(([, l]) => l.Properties.Protocol === 'HTTP');
    if (row.reason.startsWith('CloudFront redirects')) {
      return [
        ...problem(distribution(s).Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy === 'redirect-to-https', 'CloudFront does not redirect'),
        ...problem(!row.reason.includes('it has no HTTP listener') || http.length === 0, 'the load balancer has an HTTP listener'),
      ];
    }
    if (row.state === ControlState.PARTLY) return problem(listeners(s).every(([, l]) => l.Properties.Protocol === 'HTTP'), 'there is an HTTPS listener');
    const redirects = http.length === 1 && http[0][1].Properties.DefaultActions[0].Type === 'redirect';
    return problem(redirects === (row.state === ControlState.ON), `the HTTP listener ${redirects ? 'redirects' : 'does not redirect'}`);
  },
  loadBalancerAccessLogs: (s, row) => {
    const a = lbAttributes(loadBalancer(s)[1]);
    if (row.state === ControlState.OFF) return problem(a['access_logs.s3.enabled'] !== 'true', 'access logs are on');
    const audit = s.logicalIdsAt(s.service.auditBucket!.node.path).find((id) => s.resources[id].Type === 'AWS::S3::Bucket')!;
    return problem(a['access_logs.s3.enabled'] === 'true' && refersTo(a['access_logs.s3.bucket'], audit), 'access logs are not written to the audit bucket');
  },
  loadBalancerDeletionProtection: (s, row) => {
    const on = lbAttributes(loadBalancer(s)[1])['deletion_protection.enabled'] === 'true';
    return problem(on === (row.state === ControlState.ON), `deletion protection is ${on ? 'on' : 'off'}`);
  },
  vpcFlowLogs: (s, row) => {
    const flowLogs = ofType(s, 'AWS::EC2::FlowLog');
    if (row.state !== ControlState.ON) return problem(flowLogs.length === 0, 'a flow log exists');
    return problem(flowLogs.length === 1 && flowLogs[0][1].Properties.TrafficType === 'ALL' && flowLogs[0][1].Properties.LogDestinationType === 'cloud-watch-logs', 'no flow log of all traffic to CloudWatch Logs');
  },
  restrictDefaultSecurityGroup: (s, row) => {
    const restricts = ofType(s, 'Custom::VpcRestrictDefaultSG').length;
    return problem((restricts === 1) === (row.state === ControlState.ON), `${restricts} default-group restrictions`);
  },
  logRetention: (s, row) => {
    const days = Number(/for (\d+) days/.exec(row.reason)![1]);
    const groups = ofType(s, 'AWS::Logs::LogGroup');
    return [
      ...groups.filter(([, g]) => g.Properties.RetentionInDays !== days).map(([id, g]) => `${id} keeps logs ${g.Properties.RetentionInDays} days`),
      ...groups.filter(([id]) => !rowResources(s, row).some(([r]) => r === id)).map(([id]) => `${id} is not listed`),
    ];
  },
  deploymentCircuitBreaker: (s, row) => {
    const breaker = ecsService(s).Properties.DeploymentConfiguration?.DeploymentCircuitBreaker;
    return problem((breaker?.Enable === true && breaker?.Rollback === true) === (row.state === ControlState.ON), `circuit breaker ${JSON.stringify(breaker)}`);
  },
  ecsExec: (s, row) => {
    const on = ecsService(s).Properties.EnableExecuteCommand === true;
    return problem(on === (row.state === ControlState.OFF), `ECS Exec is ${on ? 'on' : 'off'} and the row is ${row.state}`);
  },
  readOnlyRootFilesystem: (s, row) => {
    const c = container(s);
    if (row.state === ControlState.OFF) return problem(c.ReadonlyRootFilesystem !== true, 'the root filesystem is read-only');
    return problem(c.ReadonlyRootFilesystem === true && c.MountPoints?.some((m: any) => m.ContainerPath === '/tmp' && m.ReadOnly !== true), 'no read-only root with a writable /tmp');
  },
  retainData: (s, row) => {
    const kept = (r: Resource) => ['Retain', 'RetainExceptOnCreate'].includes(r.DeletionPolicy ?? 'Delete');
    const dataTypes = ['AWS::ECR::Repository', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'];
    const data = Object.entries(s.resources).filter(([id, r]) => dataTypes.includes(r.Type) && (s.own.has(id) || r.Type === 'AWS::S3::Bucket'));
    return [
      ...data.filter(([, r]) => kept(r) !== (row.state === ControlState.ON)).map(([id, r]) => `${id} has DeletionPolicy ${r.DeletionPolicy ?? 'Delete'}`),
      ...problem(rowResources(s, row).filter(([, r]) => dataTypes.includes(r.Type)).length > 0, 'the row lists no resource'),
    ];
  },
  autoScaling: (s, row) => {
    const targets = ofType(s, 'AWS::ApplicationAutoScaling::ScalableTarget');
    if (row.state === ControlState.OFF) return problem(targets.length === 0, 'the service scales');
    const policies = ofType(s, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(([, p]) => p.Properties.TargetTrackingScalingPolicyConfiguration);
    return [
      ...problem(targets.length === 1, 'no scalable target'),
      ...problem(policies.some((p) => p.PredefinedMetricSpecification?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization' && p.TargetValue === 60), 'no CPU 60% tracking'),
      ...problem(policies.some((p) => p.PredefinedMetricSpecification?.PredefinedMetricType === 'ALBRequestCountPerTarget'), 'no requests-per-target tracking'),
    ];
  },
  alarms: (s, row) => {
    const metrics = ofType(s, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => [a.Properties.MetricName, ...(a.Properties.Metrics ?? []).map((m: any) => m.MetricStat?.Metric.MetricName)].filter((m) => m !== undefined).sort().join('+'))
      .sort();
    const expected = row.state === ControlState.ON ? ['HTTPCode_ELB_5XX_Count+HTTPCode_Target_5XX_Count', 'UnHealthyHostCount'] : [];
    return problem(JSON.stringify(metrics) === JSON.stringify(expected), `alarms on ${metrics}`);
  },
  stateLocking: (s) => problem(ofType(s, 'AWS::DynamoDB::Table', false).length === 0, 'a lock table exists'),
};

/** The report's cost lines count the resources that are in the template. */
function checkCosts(s: Subject): string[] {
  const counts: Record<string, string> = {
    'AWS::EC2::NatGateway': 'NAT gateway',
    'AWS::KMS::Key': 'KMS',
    'AWS::WAFv2::WebACL': 'WAF web ACL',
  };
  return Object.entries(counts).flatMap(([type, word]) => {
    const line = s.report.costs.find((c) => c.driver.toLowerCase().includes(word.toLowerCase()));
    const n = ofType(s, type).length;
    return problem((line?.quantity ?? 0) === n, `the report counts ${line?.quantity ?? 0} of ${type}, the template has ${n}`);
  });
}

interface Scenario {
  readonly name: string;
  readonly env: EnvName;
  readonly props: (stack: Stack) => HardenedDemoServiceProps;
}

const SCENARIOS: Scenario[] = [
  ...ENVIRONMENTS.flatMap(({ name: env }) => [
    { name: `DEMO in ${env}`, env, props: () => ({ hardeningLevel: HardeningLevel.DEMO }) },
    { name: `PRODUCTION in ${env}`, env, props: () => ({ hardeningLevel: HardeningLevel.PRODUCTION }) },
    {
      name: `PRODUCTION with a domain in ${env}`,
      env,
      props: (s: Stack) => ({
        domainName: 'app.example.com',
        certificate: regionalCertificate(s, env === 'region-agnostic' ? 'us-east-1' : env, 'Alb'),
        cloudFrontCertificate: regionalCertificate(s, 'us-east-1', 'Cf'),
        image: ServiceImage.fromOwnRepository('v1'),
      }),
    },
    {
      name: `DEMO with a certificate in ${env}`,
      env,
      props: (s: Stack) => ({ hardeningLevel: HardeningLevel.DEMO, domainName: 'app.example.com', certificate: regionalCertificate(s, env === 'region-agnostic' ? 'us-east-1' : env, 'Alb') }),
    },
  ]),
  {
    name: 'PRODUCTION in an existing VPC',
    env: 'eu-west-1',
    props: (s: Stack) => ({ vpc: new ec2.Vpc(s, 'Existing', { maxAzs: 2, natGateways: 1 }) }),
  },
  {
    name: 'PRODUCTION with a secret',
    env: 'eu-west-1',
    props: (s: Stack) => ({ secrets: { API_TOKEN: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(s, 'Token', { parameterName: '/app/token' })) } }),
  },
  {
    name: 'PRODUCTION with a web ACL given',
    env: 'us-east-1',
    props: () => ({ webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shared/0a1b2c3d-0000-1111-2222-333344445555` }),
  },
  {
    name: 'PRODUCTION with keys, egress restriction, flow logs, alarms and scaling off',
    env: 'eu-west-1',
    props: () => ({
      overrides: {
        customerManagedKeys: false,
        restrictTaskEgress: false,
        vpcFlowLogs: false,
        alarms: false,
        autoScaling: false,
        retainData: false,
        mfaDeleteAlternative: false,
      },
    }),
  },
  {
    name: 'DEMO with everything PRODUCTION adds that DEMO can take',
    env: 'eu-west-1',
    props: () => ({
      hardeningLevel: HardeningLevel.DEMO,
      overrides: {
        customerManagedKeys: true,
        dataBucketAccessLogging: true,
        loadBalancerAccessLogs: true,
        vpcFlowLogs: true,
        readOnlyRootFilesystem: true,
        ecsExec: true,
      },
    }),
  },
];

function subjectOf(scenario: Scenario): Subject {
  const app = testApp();
  const env = ENVIRONMENTS.find((e) => e.name === scenario.env)!.env;
  const stack = new Stack(app, 'Truth', { env });
  const service = new HardenedDemoService(stack, 'Web', scenario.props(stack));
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const logicalIdsUnder = (c: IConstruct) =>
    c.node.findAll()
      .filter((x): x is CfnResource => CfnResource.isCfnResource(x))
      .map((x) => stack.resolve(x.logicalId) as string)
      .filter((id) => id in resources);
  const byPath = new Map(stack.node.findAll().map((c) => [c.node.path, c]));
  return {
    report: service.hardeningReport(),
    resources,
    own: new Set(logicalIdsUnder(service)),
    logicalIdsAt: (p) => (byPath.has(p) ? logicalIdsUnder(byPath.get(p)!) : []),
    service,
  };
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('the report of %s says what the template does', (_, scenario) => {
  const s = subjectOf(scenario);

  test('every row has a check of its statements', () => {
    expect(s.report.controls.map((c) => c.id).filter((id) => !(id in CHECKS))).toEqual([]);
  });

  test.each(s.report.controls.map((c) => [c.id, c.state, c] as const))('%s (%s)', (_id, _state, row) => {
    expect(CHECKS[row.id](s, row)).toEqual([]);
  });

  test('every resource a row or the shared list names is in the construct tree, and those it creates are in the template', () => {
    const paths = [...s.report.controls.flatMap((c) => c.resources), ...s.report.sharedResources.map((r) => r.resource)];
    const tree = new Set(Stack.of(s.service).node.findAll().map((c) => c.node.path));
    expect(paths.filter((p) => !tree.has(p))).toEqual([]);
  });

  test('every row not in force says what to change, and no row in force does', () => {
    const inForce = (c: HardeningControl) => c.state === ControlState.ON || c.state === ControlState.NOT_APPLICABLE;
    const missing = s.report.controls.filter((c) => !inForce(c) && c.state !== ControlState.UNKNOWN && !c.nextStep).map((c) => c.id);
    const extra = s.report.controls.filter((c) => inForce(c) && c.nextStep !== undefined).map((c) => c.id);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  test('the cost lines count what the template has', () => {
    expect(checkCosts(s)).toEqual([]);
  });
});
