import { Annotations, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel } from '../src';
import {
  ACCOUNT,
  attributesOf,
  bucketPolicyStatements,
  ENVIRONMENTS,
  EnvName,
  isAnyAddress,
  Match,
  newStack,
  onlyResource,
  referencedId,
  regionalCertificate,
  resourcesOf,
  securityGroupRules,
  Synthesized,
  warningTexts,
} from './util';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const SECURITY_HEADERS = '67f7725c-6f97-4210-82d7-5512b31e9d03';

/** PRODUCTION with a custom domain and both certificates. */
function withDomain(stack: any): HardenedDemoServiceProps {
  const region = stack.region.startsWith('${') ? 'us-east-1' : stack.region;
  return {
    domainName: 'app.example.com',
    certificate: regionalCertificate(stack, region, 'AlbCert'),
    cloudFrontCertificate: regionalCertificate(stack, 'us-east-1', 'CfCert'),
  };
}

function build(envName: EnvName, variant: 'default' | 'domain', extra: HardenedDemoServiceProps = {}): Synthesized {
  const stack = newStack(envName);
  const props = { ...(variant === 'domain' ? withDomain(stack) : {}), ...extra };
  const service = new HardenedDemoService(stack, 'Web', props);
  return { stack, service, template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
}

const ref = (s: Synthesized, token: string) => s.stack.resolve(token);
const getAttId = (s: Synthesized, token: string) => (ref(s, token) as any)['Fn::GetAtt'][0] as string;

const CASES = ENVIRONMENTS.flatMap((e) => (['default', 'domain'] as const).map((v) => [e.name, v] as const));

describe.each(CASES)('PRODUCTION in %s (%s)', (envName, variant) => {
  let s: Synthesized;
  beforeAll(() => {
    s = build(envName, variant);
  });

  test('PRODUCTION is the default level', () => {
    expect(s.service.hardeningLevel).toBe(HardeningLevel.PRODUCTION);
  });

  test('the load balancer is internal, in private subnets', () => {
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.Scheme).toBe('internal');
    const subnets = s.template.findResources('AWS::EC2::Subnet');
    for (const { Ref } of alb.Properties.Subnets) {
      expect(subnets[Ref].Properties.MapPublicIpOnLaunch).toBe(false);
      expect(JSON.stringify(subnets[Ref].Metadata ?? {}) + Ref).toMatch(/Private/);
    }
  });

  test('tasks run in private subnets without public IPs; no subnet auto-assigns public IPs', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: [{ Ref: Match.stringLikeRegexp('Private') }, { Ref: Match.stringLikeRegexp('Private') }] } },
    });
    for (const [, subnet] of resourcesOf(s.template, 'AWS::EC2::Subnet')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  test('outbound through one NAT gateway per availability zone, and VPC flow logs', () => {
    s.template.resourceCountIs('AWS::EC2::NatGateway', 2);
    s.template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', ResourceType: 'VPC' });
  });

  test('CloudFront reaches the internal load balancer through a VPC origin, HTTPS to viewers, no caching, security headers, access logs', () => {
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb).toBeDefined();
    const [albId] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    s.template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({
        Arn: { Ref: albId },
        OriginProtocolPolicy: variant === 'domain' ? 'https-only' : 'http-only',
      }),
    });
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          CachePolicyId: CACHING_DISABLED,
          ResponseHeadersPolicyId: SECURITY_HEADERS,
        }),
        Origins: [Match.objectLike({ VpcOriginConfig: Match.objectLike({ VpcOriginId: Match.anyValue() }) })],
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
  });

  if (variant === 'domain') {
    test('the custom domain gets a TLS 1.2 viewer minimum, and CloudFront speaks HTTPS to the load balancer', () => {
      s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Aliases: ['app.example.com'],
          ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
        }),
      });
      s.template.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
        VpcOriginEndpointConfig: Match.objectLike({ OriginSSLProtocols: ['TLSv1.2'], HTTPSPort: 443 }),
      });
      s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
      expect(JSON.stringify(ref(s, s.service.url))).toBe(JSON.stringify('https://app.example.com'));
    });

    test('no synth warnings with a domain and certificates', () => {
      expect(warningTexts(s.annotations)).toEqual([]);
    });
  } else {
    test('without a domain it still works on *.cloudfront.net, and warnings say what that costs', () => {
      const warnings = warningTexts(s.annotations);
      expect(warnings.some((w) => w.includes('*.cloudfront.net'))).toBe(true);
      expect(warnings.some((w) => w.includes('over HTTP inside the VPC origin'))).toBe(true);
      expect(JSON.stringify(ref(s, s.service.url))).toContain('DomainName');
    });
  }

  test('only CloudFront can reach the load balancer: a security group of its own holds the origin-facing prefix list', () => {
    const albSgId = getAttId(s, s.service.loadBalancerSecurityGroup.securityGroupId);
    const [, albSg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === albSgId)!;
    expect(albSg.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = resourcesOf(s.template, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.SourcePrefixListId);
    expect(ingress).toHaveLength(1);
    expect(ingress[0][1].Properties).toMatchObject({ FromPort: variant === 'domain' ? 443 : 80, IpProtocol: 'tcp' });
    const originSgId = ingress[0][1].Properties.GroupId['Fn::GetAtt'][0];
    expect(originSgId).not.toBe(albSgId);
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.SecurityGroups).toEqual(expect.arrayContaining([{ 'Fn::GetAtt': [albSgId, 'GroupId'] }, { 'Fn::GetAtt': [originSgId, 'GroupId'] }]));
    // Whatever groups the load balancer has, the prefix-list rule is the only way in.
    const albGroups = alb.Properties.SecurityGroups.map(referencedId);
    const albIngress = securityGroupRules(s.template).filter((r) => r.direction === 'ingress' && albGroups.includes(r.groupId));
    expect(albIngress.map((r) => r.heldBy)).toEqual([ingress[0][0]]);
  });

  test('no security group admits every address: no ingress rule from 0.0.0.0/0 or ::/0, inline or standalone', () => {
    const rules = securityGroupRules(s.template);
    expect(rules.filter((r) => r.direction === 'ingress').length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.direction === 'ingress' && isAnyAddress(r.rule))).toEqual([]);
  });

  test('every request passes a WAFv2 web ACL with managed rule groups and a rate-based rule, logged', () => {
    const [aclId, acl] = onlyResource(s.template, 'AWS::WAFv2::WebACL');
    const groups = acl.Properties.Rules
      .filter((r: any) => r.Statement.ManagedRuleGroupStatement)
      .map((r: any) => [r.Priority, r.Statement.ManagedRuleGroupStatement.VendorName, r.Statement.ManagedRuleGroupStatement.Name, r.OverrideAction]);
    // Override action None: each group blocks what it matches (Count would only count it).
    expect(groups).toEqual([
      [0, 'AWS', 'AWSManagedRulesAmazonIpReputationList', { None: {} }],
      [1, 'AWS', 'AWSManagedRulesCommonRuleSet', { None: {} }],
      [2, 'AWS', 'AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.find((r: any) => r.Statement.RateBasedStatement)).toMatchObject({
      Priority: 3,
      Action: { Block: {} },
      Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000, EvaluationWindowSec: 300 } },
    });
    if (envName === 'us-east-1') {
      expect(acl.Properties.Scope).toBe('CLOUDFRONT');
      s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({ WebACLId: { 'Fn::GetAtt': [aclId, 'Arn'] } }),
      });
      s.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    } else {
      // A CLOUDFRONT-scope ACL can only be created in us-east-1: a REGIONAL one on the load balancer.
      expect(acl.Properties.Scope).toBe('REGIONAL');
      const [albId] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
      s.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: albId }, WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] } });
      s.template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: Match.absent() }) });
    }
    const [lgId, lg] = resourcesOf(s.template, 'AWS::Logs::LogGroup').find(([, r]) => JSON.stringify(r.Properties.LogGroupName ?? '').includes('aws-waf-logs-'))!;
    expect(lg.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
    const logging = onlyResource(s.template, 'AWS::WAFv2::LoggingConfiguration')[1];
    const destination = JSON.stringify(logging.Properties.LogDestinationConfigs);
    expect(destination).toContain(':log-group:');
    expect(destination).not.toContain(':*');
    expect(destination).toContain(lgId);
    s.template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
  });

  test('customer-managed keys with rotation for the repository, the log groups and the data bucket', () => {
    const keys = resourcesOf(s.template, 'AWS::KMS::Key');
    expect(keys).toHaveLength(3);
    for (const [, key] of keys) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
    }
    const keyId = (token: string) => getAttId(s, token);
    const [, repo] = onlyResource(s.template, 'AWS::ECR::Repository');
    expect(repo.Properties.EncryptionConfiguration).toEqual({ EncryptionType: 'KMS', KmsKey: { 'Fn::GetAtt': [keyId(s.service.repositoryKey!.keyArn), 'Arn'] } });
    for (const [, lg] of resourcesOf(s.template, 'AWS::Logs::LogGroup')) {
      expect(lg.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId(s.service.logsKey!.keyArn), 'Arn'] });
    }
    const dataBucketId = getAttId(s, s.service.dataBucket.bucketArn);
    const dataBucket = s.template.findResources('AWS::S3::Bucket')[dataBucketId];
    expect(dataBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId(s.service.dataKey!.keyArn), 'Arn'] } },
      BucketKeyEnabled: true,
    });
  });

  test('the logs key lets the regional CloudWatch Logs principal use it, scoped to log groups of this account and region', () => {
    const logsKeyId = getAttId(s, s.service.logsKey!.keyArn);
    const key = s.template.findResources('AWS::KMS::Key')[logsKeyId];
    const statement = key.Properties.KeyPolicy.Statement.find((st: any) => st.Sid === 'AllowCloudWatchLogsOfThisAccountAndRegion');
    expect(JSON.stringify(statement.Principal)).toMatch(/logs\./);
    expect(JSON.stringify(statement.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(':log-group:*');
  });

  test('the data bucket logs to a separate SSE-S3 audit bucket (log delivery cannot write to SSE-KMS)', () => {
    const dataBucketId = getAttId(s, s.service.dataBucket.bucketArn);
    const auditBucketId = getAttId(s, s.service.auditBucket!.bucketArn);
    const buckets = s.template.findResources('AWS::S3::Bucket');
    expect(buckets[dataBucketId].Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: auditBucketId }, LogFilePrefix: 'Web/data-bucket-access/' });
    expect(buckets[auditBucketId].Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    // Granted by bucket policy, never by the LogDeliveryWrite ACL.
    expect(buckets[auditBucketId].Properties.AccessControl).toBeUndefined();
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: auditBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })]) },
    });
  });

  test('load balancer access logs go to the audit bucket', () => {
    const auditBucketId = getAttId(s, s.service.auditBucket!.bucketArn);
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.LoadBalancerAttributes).toEqual(
      expect.arrayContaining([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: auditBucketId } },
        { Key: 'access_logs.s3.prefix', Value: 'Web/load-balancer' },
        { Key: 'deletion_protection.enabled', Value: 'true' },
      ]),
    );
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: auditBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowLoadBalancerAccessLogDelivery', Action: 's3:PutObject' })]) },
    });
  });

  test('MFA delete: announced at synth with the exact CLI step; versions guarded and Object Lock on the audit bucket instead', () => {
    const infos = s.annotations.findInfo('*', Match.stringLikeRegexp('MFA delete cannot be set by CloudFormation'));
    expect(infos).toHaveLength(1);
    expect(String(infos[0].entry.data)).toContain('aws s3api put-bucket-versioning --bucket <DataBucketName output> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa');
    const auditBucketId = getAttId(s, s.service.auditBucket!.bucketArn);
    expect(s.template.findResources('AWS::S3::Bucket')[auditBucketId].Properties.ObjectLockEnabled).toBe(true);
    expect(s.template.findResources('AWS::S3::Bucket')[auditBucketId].Properties.ObjectLockConfiguration?.Rule).toBeUndefined();
    for (const bucket of [s.service.dataBucket, s.service.auditBucket!]) {
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: getAttId(s, bucket.bucketArn) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Sid: 'DenyPermanentVersionDeletion', Effect: 'Deny', Action: 's3:DeleteObjectVersion' }),
            Match.objectLike({ Sid: 'DenyVersioningChangesExceptRoot', Effect: 'Deny', Action: 's3:PutBucketVersioning' }),
          ]),
        },
      });
    }
  });

  test('task egress reaches only the VPC endpoints, S3 through its prefix list, and nothing else', () => {
    const taskSgId = getAttId(s, s.service.taskSecurityGroup.securityGroupId);
    const [, taskSg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === taskSgId)!;
    expect(taskSg.Properties.SecurityGroupEgress).toBeUndefined();
    const egress = resourcesOf(s.template, 'AWS::EC2::SecurityGroupEgress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === taskSgId).map(([, r]) => r.Properties);
    expect(egress).toHaveLength(2);
    expect(egress.every((r) => r.FromPort === 443 && r.ToPort === 443 && r.IpProtocol === 'tcp')).toBe(true);
    expect(egress.filter((r) => r.DestinationSecurityGroupId)).toHaveLength(1);
    expect(egress.filter((r) => r.DestinationPrefixListId)).toHaveLength(1);
    const endpoints = resourcesOf(s.template, 'AWS::EC2::VPCEndpoint').map(([, r]) => JSON.stringify(r.Properties.ServiceName));
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 's3']) {
      expect(endpoints.some((n) => n.includes(`.${service}`))).toBe(true);
    }
    // Nothing anywhere may send to every address.
    expect(securityGroupRules(s.template).filter((r) => r.direction === 'egress' && isAnyAddress(r.rule))).toEqual([]);
  });

  test('the interface endpoints admit HTTPS from the task security group only', () => {
    const taskSgId = getAttId(s, s.service.taskSecurityGroup.securityGroupId);
    const interfaces = resourcesOf(s.template, 'AWS::EC2::VPCEndpoint').filter(([, r]) => r.Properties.VpcEndpointType === 'Interface');
    expect(interfaces).toHaveLength(3);
    const endpointGroups = new Set(interfaces.flatMap(([, r]) => r.Properties.SecurityGroupIds.map(referencedId)));
    expect(endpointGroups.size).toBe(1);
    const [endpointGroup] = [...endpointGroups];
    expect(endpointGroup).not.toBe(taskSgId);
    const ingress = securityGroupRules(s.template).filter((r) => r.direction === 'ingress' && r.groupId === endpointGroup).map((r) => r.rule);
    expect(ingress).toEqual([expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: { 'Fn::GetAtt': [taskSgId, 'GroupId'] } })]);
    expect(ingress[0].CidrIp ?? ingress[0].CidrIpv6 ?? ingress[0].SourcePrefixListId).toBeUndefined();
  });

  test('region-agnostic stacks resolve managed prefix lists at deploy time; others look them up at synth', () => {
    const customResources = s.template.findResources('Custom::AWS');
    if (envName === 'region-agnostic') {
      expect(Object.keys(customResources)).toHaveLength(2);
      expect(JSON.stringify(customResources)).toContain('DescribeManagedPrefixLists');
    } else {
      expect(Object.keys(customResources)).toHaveLength(0);
    }
  });

  test('circuit breaker with rollback, ECS Exec off, read-only root filesystem with a scratch volume, non-root user', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      EnableExecuteCommand: false,
    });
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          ReadonlyRootFilesystem: true,
          User: '1000:1000',
          MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'scratch', ReadOnly: false }],
        }),
      ],
      Volumes: [{ Name: 'scratch' }],
    });
  });

  test('log retention is set and data-bearing resources are retained', () => {
    for (const [, lg] of resourcesOf(s.template, 'AWS::Logs::LogGroup')) {
      expect(lg.Properties.RetentionInDays).toBe(365);
      // A fixed name (the WAF log group) is retained on update and delete, not after a failed create.
      expect(lg.DeletionPolicy).toBe(lg.Properties.LogGroupName ? 'RetainExceptOnCreate' : 'Retain');
    }
    for (const type of ['AWS::ECR::Repository', 'AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const [, r] of resourcesOf(s.template, type)) {
        expect(r.DeletionPolicy).toBe('Retain');
        expect(r.UpdateReplacePolicy).toBe('Retain');
      }
    }
  });

  test('at least two tasks, target-tracking scaling on CPU and requests, health checks', () => {
    // Auto scaling owns the count: none in the template, or every deploy would reset it.
    s.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: Match.absent() });
    s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    const policies = resourcesOf(s.template, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(([, p]) => p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType);
    expect(policies.sort()).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });

  test('two alarms: a target unhealthy for 3 minutes, and 10 or more 5xx a minute (targets plus load balancer) for 3 minutes', () => {
    s.template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    const [albId] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const [tgId] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const alarm = (a: any) => s.template.findResources('AWS::CloudWatch::Alarm')[getAttId(s, a.alarmArn)].Properties;
    const unhealthy = alarm(s.service.unhealthyTargetsAlarm!);
    expect(unhealthy).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(unhealthy.Dimensions).toEqual(expect.arrayContaining([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [tgId, 'TargetGroupFullName'] } }]));
    const errors = alarm(s.service.serverErrorsAlarm!);
    expect(errors).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3, TreatMissingData: 'notBreaching' });
    const metrics = Object.fromEntries(errors.Metrics.map((m: any) => [m.Id, m]));
    expect(Object.values<any>(metrics).filter((m) => m.ReturnData !== false)).toEqual([expect.objectContaining({ Expression: 'FILL(targetErrors, 0) + FILL(lbErrors, 0)' })]);
    for (const [id, name] of [['targetErrors', 'HTTPCode_Target_5XX_Count'], ['lbErrors', 'HTTPCode_ELB_5XX_Count']]) {
      expect(metrics[id].MetricStat).toEqual({
        Metric: { Namespace: 'AWS/ApplicationELB', MetricName: name, Dimensions: [{ Name: 'LoadBalancer', Value: { 'Fn::GetAtt': [albId, 'LoadBalancerFullName'] } }] },
        Period: 60,
        Stat: 'Sum',
      });
    }
    // Without alarmTopic no action, and a synth message says so.
    for (const a of [unhealthy, errors]) {
      expect(a.AlarmActions).toBeUndefined();
      expect(a.OKActions).toBeUndefined();
    }
    expect(s.annotations.findInfo('*', Match.stringLikeRegexp('The alarms have no actions: give alarmTopic'))).toHaveLength(1);
  });

  test('every bucket refuses requests without TLS and over TLS older than 1.2', () => {
    const buckets = resourcesOf(s.template, 'AWS::S3::Bucket');
    expect(buckets.length).toBeGreaterThanOrEqual(2);
    for (const [bucketId] of buckets) {
      const deny = bucketPolicyStatements(s.template, bucketId).filter((st) => st.Effect === 'Deny' && st.Action === 's3:*');
      const resources = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }];
      expect([bucketId, deny]).toEqual([
        bucketId,
        expect.arrayContaining([
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
        ]),
      ]);
    }
  });

  test('the load balancer runs desync mitigation in strictest mode, and drops invalid header fields', () => {
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(attributesOf(alb.Properties.LoadBalancerAttributes)).toMatchObject({
      'routing.http.desync_mitigation_mode': 'strictest',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
    });
  });

  test('the seed controls stay on: invalid headers dropped, Container Insights, scan on push', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    s.template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    s.template.hasResourceProperties('AWS::ECR::Repository', { ImageScanningConfiguration: { ScanOnPush: true } });
  });
});

describe('PRODUCTION choices', () => {
  test('an existing CLOUDFRONT web ACL by ARN, from another region', () => {
    const webAclArn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/shared/0a1b2c3d-0000-1111-2222-333344445555`;
    const s = build('eu-west-1', 'default', { webAclArn });
    s.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    s.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: webAclArn }) });
    expect(s.service.webAclScope).toBe('CLOUDFRONT');
  });

  test('one NAT gateway warns about the zone it depends on', () => {
    const s = build('us-east-1', 'domain', { natGateways: 1 });
    s.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    expect(warningTexts(s.annotations).some((w) => w.includes('natGateways is 1'))).toBe(true);
  });

  test('zero NAT gateways: isolated subnets without a route out, AWS reached through endpoints', () => {
    const s = build('region-agnostic', 'default', { natGateways: 0 });
    s.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    // The CloudFront VPC origin needs an internet gateway on the VPC; the isolated subnets have no route to it.
    s.template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    for (const [, subnet] of resourcesOf(s.template, 'AWS::EC2::Subnet')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    const isolated = resourcesOf(s.template, 'AWS::EC2::Subnet').filter(([id]) => id.includes('Private')).map(([id]) => id);
    expect(isolated).toHaveLength(2);
    for (const [, route] of resourcesOf(s.template, 'AWS::EC2::Route')) {
      expect(JSON.stringify(route.Properties.RouteTableId)).not.toMatch(/Private/);
    }
    s.template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    // The private subnets keep the CIDRs they have with NAT gateways.
    const cidrs = isolated.map((id) => s.template.findResources('AWS::EC2::Subnet')[id].Properties.CidrBlock).sort();
    expect(cidrs).toEqual(['10.0.16.0/20', '10.0.32.0/20']);
  });

  test('zero NAT gateways without CloudFront: no internet gateway at all', () => {
    const s = build('region-agnostic', 'default', { natGateways: 0, overrides: { cloudFront: false } });
    s.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    s.template.resourceCountIs('AWS::EC2::Subnet', 2);
  });

  test('secrets add the Secrets Manager and SSM endpoints', () => {
    const stack = newStack('us-east-1');
    new HardenedDemoService(stack, 'Web', {
      ...withDomain(stack),
      secrets: { TOKEN: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/app/token' })) },
    });
    const names = resourcesOf(Template.fromStack(stack), 'AWS::EC2::VPCEndpoint').map(([, r]) => JSON.stringify(r.Properties.ServiceName));
    expect(names.some((n) => n.includes('.secretsmanager'))).toBe(true);
    expect(names.some((n) => n.includes('.ssm'))).toBe(true);
  });

  test('an allow-list adds exactly its rules', () => {
    const s = build('us-east-1', 'domain', {
      taskEgressAllowList: [
        { peer: ec2.Peer.ipv4('10.20.0.0/16'), port: ec2.Port.tcp(5432), description: 'Orders database' },
        { peer: ec2.Peer.prefixList('pl-0123456789abcdef0'), port: ec2.Port.tcp(443) },
      ],
    });
    const taskSgId = getAttId(s, s.service.taskSecurityGroup.securityGroupId);
    const [, taskSg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === taskSgId)!;
    expect(taskSg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '10.20.0.0/16', FromPort: 5432, ToPort: 5432, Description: 'Orders database' }),
    ]);
    s.template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: 'pl-0123456789abcdef0', FromPort: 443 });
  });

  test('min and max capacity are honoured; fewer than two tasks warns', () => {
    const s = build('us-east-1', 'domain', { minCapacity: 1, maxCapacity: 3 });
    s.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 3 });
    expect(warningTexts(s.annotations)).toContain(
      '[HardenedDemoService] minCapacity is below 2: the service can run a single task in a single availability zone, so one task or zone failure takes it down. [ack: hardened-demo-service:SingleTask]',
    );
  });

  test('without auto scaling, a desired count below two warns the same way', () => {
    const s = build('us-east-1', 'domain', { desiredCount: 1, overrides: { autoScaling: false } });
    s.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1 });
    expect(warningTexts(s.annotations)).toContain(
      '[HardenedDemoService] desiredCount is below 2: the service can run a single task in a single availability zone, so one task or zone failure takes it down. [ack: hardened-demo-service:SingleTask]',
    );
  });

  test('alarmTopic: both alarms send their alarm and their recovery to the topic, and no message asks for it', () => {
    const stack = newStack('eu-west-1');
    const topic = new sns.Topic(stack, 'Topic');
    const service = new HardenedDemoService(stack, 'Web', { ...withDomain(stack), alarmTopic: topic });
    const template = Template.fromStack(stack);
    const topicRef = stack.resolve(topic.topicArn);
    expect(topicRef).toEqual({ Ref: expect.any(String) });
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    expect(alarms.map(([id]) => id).sort()).toEqual(
      [service.unhealthyTargetsAlarm!, service.serverErrorsAlarm!].map((a) => (stack.resolve(a.alarmArn) as any)['Fn::GetAtt'][0]).sort(),
    );
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicRef]);
      expect(alarm.Properties.OKActions).toEqual([topicRef]);
    }
    expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('The alarms have no actions'))).toHaveLength(0);
  });
});
