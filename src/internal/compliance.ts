/**
 * The compliance findings this construct acknowledges, on the exact resource, with the reason
 * a reviewer needs. Nothing is switched off globally: a user's own cdk-nag or cfn-guard run
 * sees every finding, open or acknowledged, in its validation report.
 *
 * Three kinds:
 * - findings that cannot be fixed (log buckets must be SSE-S3; ecr:GetAuthorizationToken has
 *   no resource scope; aws-cdk-lib's own deploy-time Lambdas), at every level;
 * - the relaxations of a control that is off (DEMO, or an override), with the control's reason
 *   from the source notes; the synth warning for that control stays;
 * - findings that follow from an input the user did not give (no certificate, no alarm topic),
 *   which also raise a synth warning or message.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { CONTROL_SPECS, ControlId, ReportRowId, weakReason } from './control-specs';
import { acknowledgeFindings, awsSolutions as aws, guard, regulated } from './findings';
import { ManagedPrefixListName, prefixListLookupId } from './prefix-lists';
import { HardeningProfile } from './profile';
import type { ServiceParts } from './service-parts';

/** aws-cdk-lib's AwsCustomResource provider, a stack-level singleton. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';
/** aws-cdk-lib's provider that empties buckets on delete (autoDeleteObjects), a stack-level singleton. */
const AUTO_DELETE_OBJECTS_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';
/** aws-cdk-lib's provider for Vpc.restrictDefaultSecurityGroup, a stack-level singleton. */
const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';
const CDK_LAMBDA_FINDINGS = [
  aws('IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'),
  ...regulated('LambdaConcurrency', ['NIST.800.53.R5', 'HIPAA.Security']),
  ...regulated('LambdaDLQ', ['NIST.800.53.R5', 'HIPAA.Security']),
  ...regulated('LambdaInsideVPC'),
  guard('lambda_inside_vpc_check'),
];

/** The parts of the service the acknowledgments go on. */
export interface ComplianceParts {
  readonly root: IConstruct;
  readonly profile: HardeningProfile;
  readonly createdVpc: boolean;
  readonly vpc: IConstruct;
  readonly publicSubnets: IConstruct[];
  readonly loadBalancer: IConstruct;
  readonly loadBalancerSecurityGroup: IConstruct;
  readonly httpListener?: IConstruct;
  readonly httpsListener?: IConstruct;
  readonly certificateArnIsToken: boolean;
  readonly hasCertificate: boolean;
  readonly hasCloudFrontCertificate: boolean;
  readonly service: IConstruct;
  readonly taskDefinition: IConstruct;
  readonly taskRole: IConstruct;
  readonly executionRole?: IConstruct;
  readonly flowLogRole?: IConstruct;
  readonly logGroups: IConstruct[];
  readonly logRetentionDays: number;
  /** True when the retention comes from the logRetention property, not the level. */
  readonly logRetentionGiven: boolean;
  readonly dataBucket: IConstruct;
  readonly logBuckets: IConstruct[];
  readonly auditBucket?: IConstruct;
  readonly distribution?: IConstruct;
  readonly webAclScope?: string;
  readonly alarms: IConstruct[];
  readonly alarmsRouted: boolean;
  readonly prefixListLookups: IConstruct[];
}

/** Acknowledge what the parts call for, recorded for the report. */
export function acknowledgeServiceFindings(parts: ServiceParts): void {
  acknowledgeParts(compliancePartsOf(parts));
}

function compliancePartsOf(s: ServiceParts): ComplianceParts {
  const stack = Stack.of(s.root);
  return {
    root: s.root,
    profile: s.profile,
    createdVpc: s.network.createdVpc,
    vpc: s.network.vpc,
    publicSubnets: s.network.createdVpc ? s.network.vpc.publicSubnets : [],
    loadBalancer: s.loadBalancer.loadBalancer,
    loadBalancerSecurityGroup: s.loadBalancer.securityGroup,
    httpListener: s.loadBalancer.httpListener,
    httpsListener: s.loadBalancer.httpsListener,
    certificateArnIsToken: s.props.certificate !== undefined && Token.isUnresolved(s.props.certificate.certificateArn),
    hasCertificate: s.props.certificate !== undefined,
    hasCloudFrontCertificate: s.props.cloudFrontCertificate !== undefined,
    service: s.web.service,
    taskDefinition: s.web.taskDefinition,
    taskRole: s.web.taskDefinition.taskRole,
    executionRole: s.web.taskDefinition.executionRole,
    flowLogRole: s.network.flowLogRole,
    logGroups: [s.web.logGroup, s.network.flowLogGroup, s.webAcl?.logGroup].filter((l): l is logs.LogGroup => l !== undefined),
    logRetentionDays: s.logRetentionDays,
    logRetentionGiven: s.props.logRetention !== undefined,
    dataBucket: s.storage.dataBucket,
    logBuckets: s.logBuckets?.buckets ?? [],
    auditBucket: s.logBuckets?.auditBucket,
    distribution: s.edge?.distribution,
    webAclScope: s.webAclScope,
    alarms: [s.loadBalancer.unhealthyTargetsAlarm, s.loadBalancer.serverErrorsAlarm].filter((a): a is cloudwatch.Alarm => a !== undefined),
    alarmsRouted: s.props.alarmTopic !== undefined,
    prefixListLookups: [ManagedPrefixListName.S3, ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING]
      .map((list) => stack.node.tryFindChild(prefixListLookupId(list)))
      .filter((x): x is IConstruct => x !== undefined),
  };
}

function acknowledgeParts(p: ComplianceParts): void {
  const c = p.profile.controls;
  const ack = (control: ReportRowId, scopes: ReadonlyArray<IConstruct | undefined>, ids: readonly string[], reason: string) =>
    acknowledgeFindings(p.root, control, scopes, ids, reason);
  /** The reason a control is off: the source notes' reason at the level, or the override. */
  const offReason = (id: ControlId, what: string) =>
    `${CONTROL_SPECS[id].title} is off (${weakReason(p.profile, id)}); ${what}. The synth warning hardened-demo-service:${id} records the choice.`;

  // ---- Cannot be fixed, at every level.
  ack('iam', [p.taskRole, p.executionRole, p.flowLogRole, ...p.prefixListLookups], regulated('IAMNoInlinePolicy'),
    'Each grant is an inline policy of exactly one role this construct creates for one purpose (task, task execution, flow-log delivery, prefix-list lookup), scoped to its own resources; a managed policy would hold the same statements and could be attached elsewhere.');
  ack('iam', [p.executionRole], [aws('IAM5[Resource::*]')],
    'The only Resource "*" statement is ecr:GetAuthorizationToken, which has no resource-level permissions; image pulls and log writes are scoped to one repository and one log group.');
  const dataBucketLogicalId = Stack.of(p.root).getLogicalId(p.dataBucket.node.defaultChild as CfnResource);
  ack('iam', [p.taskRole], [aws(`IAM5[Resource::<${dataBucketLogicalId}.Arn>/*]`)],
    'Object access to every object of the one data bucket this service owns is its purpose: the application chooses object keys at run time. Actions are listed one by one (get, put, delete, list).');
  ack('iam', p.prefixListLookups, [aws('IAM5[Resource::*]')],
    'Region-agnostic stacks only: the deploy-time prefix-list lookup calls ec2:DescribeManagedPrefixLists, which has no resource-level permissions; it is read-only.');
  ack('environmentSecrets', [p.taskDefinition], [aws('ECS2')],
    'The construct puts only non-secret configuration in the environment (PORT, DATA_BUCKET); secrets go through the secrets property (Secrets Manager or SSM, injected by ECS).');
  ack('s3Baseline', [p.dataBucket, ...p.logBuckets], regulated('S3BucketReplicationEnabled'),
    'Cross-region replication needs a destination bucket and key in another region or account: a disaster-recovery decision outside one stack. The bucket is versioned' +
      (c.retainData ? ', retained on delete and guarded against permanent version deletion.' : '.'));
  ack('customerManagedKeys', p.logBuckets, [...regulated('S3DefaultEncryptionKMS'), guard('s3_bucket_default_encryption_kms_check')],
    'A log destination: load balancer access logs and S3 server access logs cannot be delivered to a bucket whose default encryption is SSE-KMS, so it is SSE-S3. It is private, TLS-only, versioned and holds logs only; the customer-managed key protects the data bucket.');
  ack('dataBucketAccessLogging', [p.auditBucket], [guard('s3_bucket_logging_enabled_check')],
    'This is the access-log destination: logging it to itself would loop, and logging it elsewhere only moves the question. Object Lock and the version-deletion deny protect what it holds.');
  ack('mfaDeleteAlternative', [p.dataBucket], [guard('s3_bucket_object_lock_enabled_check')],
    c.mfaDeleteAlternative
      ? 'S3 Object Lock can only be turned on when a bucket is created (ObjectLockEnabled replaces the bucket), and this bucket must survive a DEMO-to-PRODUCTION switch with its data. The bucket policy denies permanent version deletion to every principal instead.'
      : offReason('mfaDeleteAlternative', 'no Object Lock and no version-deletion guard on the data bucket'));
  // aws-cdk-lib creates these providers once per stack, outside this construct's subtree;
  // nothing is acknowledged where the stack has none (the feature is off).
  const stackSingleton = (id: string) => Stack.of(p.root).node.tryFindChild(id);
  ack('restrictTaskEgress', [stackSingleton(AWS_CUSTOM_RESOURCE_PROVIDER)], CDK_LAMBDA_FINDINGS,
    "aws-cdk-lib's AwsCustomResource provider (deploy-time prefix-list lookup in region-agnostic stacks). CloudFormation invokes it synchronously during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only AWS APIs, so it needs no VPC; the basic execution role only writes its logs.");
  // Under the recommended flags (@aws-cdk/aws-lambda:useCdkManagedLogGroup) the provider gets a
  // log group of its own; aws-cdk-lib offers no way to encrypt it from here.
  ack('restrictTaskEgress', [stackSingleton(AWS_CUSTOM_RESOURCE_PROVIDER)?.node.tryFindChild('LogGroup')],
    [...regulated('CloudWatchLogGroupEncrypted'), guard('cloudwatch_log_group_encrypted_check')],
    "The log group aws-cdk-lib creates for its AwsCustomResource provider under the recommended feature flags. It holds only the provider's own invocation logs (which managed prefix list was looked up), no application data, and CloudWatch Logs encrypts it with its own key.");
  // Of the Lambda rules, only cfn-guard's sees this provider (it is a raw CfnResource function).
  ack('restrictDefaultSecurityGroup', [stackSingleton(RESTRICT_DEFAULT_SG_PROVIDER)], [guard('lambda_inside_vpc_check')],
    "aws-cdk-lib's provider that removes the default security group's rules (restrictDefaultSecurityGroup). CloudFormation invokes it during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only the EC2 API, so it needs no VPC.");

  ack('retainData', [stackSingleton(AUTO_DELETE_OBJECTS_PROVIDER)], [guard('lambda_inside_vpc_check')],
    "aws-cdk-lib's provider that empties the buckets that are not retained when the stack is deleted (autoDeleteObjects), so the deletion does not stop at a non-empty bucket. CloudFormation invokes it during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only the S3 API, so it needs no VPC.");

  // ---- Controls that are off (DEMO relaxations, or overrides).
  if (!c.internalLoadBalancer) {
    ack('internalLoadBalancer', [p.loadBalancerSecurityGroup], [aws('EC23')], offReason('internalLoadBalancer', 'the internet-facing load balancer admits 0.0.0.0/0 on its listener ports'));
  }
  if (!c.loadBalancerAccessLogs) {
    ack('loadBalancerAccessLogs', [p.loadBalancer], [aws('ELB2'), ...regulated('ELBLoggingEnabled'), guard('elbv2_logging_enabled_check')], offReason('loadBalancerAccessLogs', 'load balancer requests are not logged'));
  }
  if (!c.loadBalancerDeletionProtection) {
    ack('loadBalancerDeletionProtection', [p.loadBalancer], [...regulated('ELBDeletionProtectionEnabled', ['NIST.800.53.R5', 'HIPAA.Security']), guard('elbv2_deletion_protection_enabled_check')],
      offReason('loadBalancerDeletionProtection', 'the load balancer can be deleted with the stack'));
  }
  if (!c.waf) {
    ack('waf', [p.loadBalancer], regulated('ALBWAFEnabled', ['NIST.800.53.R5', 'PCI.DSS.321']), offReason('waf', 'no web ACL inspects requests'));
  } else if (p.webAclScope === 'CLOUDFRONT') {
    ack('waf', [p.loadBalancer], regulated('ALBWAFEnabled', ['NIST.800.53.R5', 'PCI.DSS.321']),
      'The web ACL (CLOUDFRONT scope) is on the distribution, and the internal load balancer admits only CloudFront (origin-facing prefix list, VPC origin): every request has passed the web ACL.');
  } else if (p.distribution) {
    ack('waf', [p.distribution], [aws('CFR2')],
      'A CLOUDFRONT-scope web ACL can only be created in us-east-1, so here the web ACL is REGIONAL, on the load balancer, which CloudFront is the only way to reach: every request still passes it. Give webAclArn to attach a CLOUDFRONT-scope ACL.');
  }
  if (!p.hasCertificate && p.httpListener) {
    ack('tlsMinimum', [p.httpListener],
      [...regulated('ALBHttpToHttpsRedirection'), ...regulated('ELBv2ACMCertificateRequired'), guard('alb_http_to_https_redirection_check')],
      c.cloudFront
        ? 'No certificate was given: CloudFront reaches the internal load balancer over HTTP inside the private VPC origin connection. The synth warning hardened-demo-service:HttpOnlyLoadBalancer asks for certificate and domainName.'
        : 'No certificate was given: the load balancer serves plain HTTP. The synth warning hardened-demo-service:HttpOnlyLoadBalancer asks for certificate.');
  } else if (p.hasCertificate && p.httpListener && c.httpsRedirect) {
    ack('httpsRedirect', [p.httpListener], regulated('ELBv2ACMCertificateRequired'),
      'This port-80 listener only answers a permanent redirect to HTTPS (port 443, which has the ACM certificate); it serves no content.');
  }
  if (p.certificateArnIsToken && p.httpsListener) {
    ack('tlsMinimum', [p.httpsListener], [guard('elbv2_acm_certificate_required_check')],
      'The listener has an ACM certificate; its ARN is built from the stack region (a CloudFormation expression) that the cfn-guard rule cannot resolve.');
  }
  if (p.createdVpc && !c.vpcFlowLogs) {
    ack('vpcFlowLogs', [p.vpc], [aws('VPC7'), ...regulated('VPCFlowLogsEnabled')], offReason('vpcFlowLogs', 'VPC traffic is not logged'));
  }
  if (p.createdVpc && !c.restrictDefaultSecurityGroup) {
    ack('restrictDefaultSecurityGroup', [p.vpc], regulated('VPCDefaultSecurityGroupClosed'), offReason('restrictDefaultSecurityGroup', "the VPC's default security group keeps AWS's default rules; nothing of the construct uses it"));
  }
  if (!c.privateSubnets) {
    ack('privateSubnets', p.publicSubnets, [...regulated('VPCSubnetAutoAssignPublicIpDisabled'), guard('subnet_auto_assign_public_ip_disabled_check')], offReason('privateSubnets', 'the public subnets auto-assign public IPs'));
    ack('privateSubnets', [p.service], [guard('ecs_service_assign_public_ip_disabled_check')], offReason('privateSubnets', 'tasks get public IPs (no NAT gateway)'));
  }
  const routes = p.publicSubnets.map((s) => s.node.tryFindChild('DefaultRoute')).filter((r): r is IConstruct => r !== undefined);
  ack(c.privateSubnets ? 'privateSubnets' : 'internalLoadBalancer', routes, regulated('VPCNoUnrestrictedRouteToIGW'),
    c.privateSubnets
      ? 'Only the public subnets route to the internet gateway: they hold the NAT gateways (or, with natGateways 0, nothing: a CloudFront VPC origin needs the gateway attached). No subnet auto-assigns public IPs; tasks and the internal load balancer sit in private subnets without that route.'
      : offReason('privateSubnets', 'the internet-facing load balancer and the public tasks sit in subnets routed to the internet gateway'));
  if (!c.customerManagedKeys) {
    ack('customerManagedKeys', p.logGroups, [...regulated('CloudWatchLogGroupEncrypted'), guard('cloudwatch_log_group_encrypted_check')], offReason('customerManagedKeys', 'CloudWatch Logs encrypts the log group with its own key'));
    ack('customerManagedKeys', [p.dataBucket], [...regulated('S3DefaultEncryptionKMS'), guard('s3_bucket_default_encryption_kms_check')], offReason('customerManagedKeys', 'the data bucket is SSE-S3 (AES256)'));
  }
  if (p.logRetentionDays < 365) {
    ack('logRetention', p.logGroups, [guard('cloudwatch_log_group_retention_period_check')],
      `Logs are kept ${p.logRetentionDays} days (${p.logRetentionGiven ? 'set by the logRetention property' : p.profile.level + ' level setting'}); the Control Tower rule asks for a year, which PRODUCTION keeps.`);
  }
  if (!c.readOnlyRootFilesystem) {
    ack('readOnlyRootFilesystem', [p.taskDefinition], [guard('ecs_containers_readonly_access_check')], offReason('readOnlyRootFilesystem', "the container's root filesystem is writable"));
  }
  if (!c.dataBucketAccessLogging) {
    ack('dataBucketAccessLogging', [p.dataBucket], [aws('S1'), ...regulated('S3BucketLoggingEnabled'), guard('s3_bucket_logging_enabled_check')], offReason('dataBucketAccessLogging', 'data bucket requests are not logged'));
  }

  // ---- The edge.
  if (p.distribution) {
    ack('cloudFront', [p.distribution], [guard('cloudfront_default_root_object_configured_check')],
      'The origin is a dynamic application: "/" must reach it, not be rewritten to a static object.');
    ack('cloudFront', [p.distribution], [guard('cloudfront_origin_failover_enabled_check')],
      'One regional load balancer (two availability zones, at least two tasks) is the only origin; an origin group needs a second region, outside the scope of one service.');
    ack('cloudFront', [p.distribution], [aws('CFR1')],
      'A public web service serves every country; a team that must restrict countries adds geo rules to the web ACL or sets distribution geo restriction.');
    if (!p.hasCloudFrontCertificate) {
      ack('tlsMinimum', [p.distribution], [aws('CFR4'), guard('cloudfront_custom_ssl_certificate_check'), guard('cloudfront_security_policy_check'), guard('cloudfront_sni_enabled_check')],
        'No domainName/cloudFrontCertificate was given: CloudFront serves *.cloudfront.net with its default certificate, whose viewer minimum cannot be raised above TLSv1. The synth warning hardened-demo-service:DefaultCloudFrontDomain asks for them.');
    }
  }

  // ---- Alarms nobody receives.
  if (!p.alarmsRouted) {
    ack('alarms', p.alarms, [...regulated('CloudWatchAlarmAction', ['NIST.800.53.R5', 'HIPAA.Security']), guard('cloudwatch_alarm_action_check')],
      'The alarms are exposed (unhealthyTargetsAlarm, serverErrorsAlarm) for the team to route; give alarmTopic to send them to an SNS topic. A synth message says they are not routed.');
  }
}
