import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { HardeningLevel } from './hardening-level';
import { HardeningReport } from './hardening-report';
import { ServiceEdge } from './internal/edge';
import { ServiceKeys } from './internal/encryption';
import { pinFeatureFlags } from './internal/feature-flags';
import { ServiceImageRegistry } from './internal/image-registry';
import { ServiceLoadBalancer } from './internal/load-balancer';
import { ServiceNetwork } from './internal/network';
import { addPartitionRule } from './internal/partitions';
import { raisePostureNotices } from './internal/posture-notices';
import { managedPrefixList, ManagedPrefixListName } from './internal/prefix-lists';
import { resolveHardeningProfile } from './internal/profile';
import { buildReport } from './internal/report-builder';
import { renderReportMarkdown, writeReportToAssembly } from './internal/report-markdown';
import type { ServiceParts } from './internal/service-parts';
import { StackLogBuckets, logPrefixOf } from './internal/stack-log-buckets';
import { ServiceStorage } from './internal/storage';
import { TaskEgress } from './internal/task-egress';
import { validateInputs } from './internal/validation';
import { chooseWebAclScope, ServiceWebAcl, WebAclScope } from './internal/web-acl';
import { FargateWebService } from './internal/web-service';
import { HardenedDemoServiceProps } from './props';
import { imageOrSampleApp } from './service-image';

/** The unprivileged user of the sample application's image. */
const SAMPLE_APP_USER = '1000:1000';

/**
 * An ECS Fargate web service behind an Application Load Balancer, hardened to the level you
 * choose.
 *
 * `HardeningLevel.DEMO` is the cheap, public posture; `HardeningLevel.PRODUCTION` (the
 * default) puts the load balancer behind CloudFront and WAF in private subnets, with
 * customer-managed keys, audit logging and restricted egress. `overrides` switches single
 * controls.
 *
 * The example shows PRODUCTION (the default) on your own domain, and the cheap, public DEMO
 * posture with customer-managed KMS keys added.
 *
 * @example
 * new HardenedDemoService(stack, 'Web', {
 *   domainName: 'shop.example.com',
 *   certificate: acm.Certificate.fromCertificateArn(stack, 'AlbCert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
 *   cloudFrontCertificate: acm.Certificate.fromCertificateArn(stack, 'CfCert', 'arn:aws:acm:us-east-1:123456789012:certificate/def'),
 * });
 *
 * new HardenedDemoService(stack, 'Demo', {
 *   hardeningLevel: HardeningLevel.DEMO,
 *   overrides: { customerManagedKeys: true },
 * });
 */
export class HardenedDemoService extends Construct {
  /** The level this instance was built at. */
  public readonly hardeningLevel: HardeningLevel;
  /** The VPC the service runs in (created, or the one given). */
  public readonly vpc: ec2.IVpc;
  /** The ECS cluster: the one given, or one created with Container Insights on unless overridden. */
  public readonly cluster: ecs.ICluster;
  /** The Fargate service. */
  public readonly service: ecs.FargateService;
  /** The service's task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The target group the tasks register with. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The security group of the tasks. */
  public readonly taskSecurityGroup: ec2.SecurityGroup;
  /** The security group of the load balancer (listener ingress, egress to the tasks only). */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The ECR repository the construct owns (scan on push). */
  public readonly repository: ecr.Repository;
  /** The data bucket the tasks may read and write (its name is in the `DATA_BUCKET` variable). */
  public readonly dataBucket: s3.Bucket;
  /** The audit bucket that receives access logs, when a logging control is on. */
  public readonly auditBucket?: s3.Bucket;
  /** The container's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The customer-managed key of the repository, when `customerManagedKeys` is on. */
  public readonly repositoryKey?: kms.IKey;
  /** The customer-managed key of the log groups, when `customerManagedKeys` is on. */
  public readonly logsKey?: kms.IKey;
  /** The customer-managed key of the data bucket, when `customerManagedKeys` is on. */
  public readonly dataKey?: kms.IKey;
  /** The CloudFront distribution, when `cloudFront` is on. */
  public readonly distribution?: cloudfront.Distribution;
  /** The web ACL the construct created, when `waf` is on and no `webAclArn` was given. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The ARN of the web ACL in front of the service (created or given), when `waf` is on. */
  public readonly webAclArn?: string;
  /** Where the web ACL sits: 'CLOUDFRONT' or 'REGIONAL', when `waf` is on. */
  public readonly webAclScope?: string;
  /** Alarm on unhealthy targets, when `alarms` is on. Route it with `addAlarmAction`. */
  public readonly unhealthyTargetsAlarm?: cloudwatch.Alarm;
  /** Alarm on 5xx responses, when `alarms` is on. Route it with `addAlarmAction`. */
  public readonly serverErrorsAlarm?: cloudwatch.Alarm;
  /** The URL users reach the service on. Also a stack output. */
  public readonly url: string;

  private readonly parts: ServiceParts;

  constructor(scope: Construct, id: string, props: HardenedDemoServiceProps = {}) {
    super(scope, id);
    // Harden the same way whatever feature flags the app carries.
    pinFeatureFlags(this);

    const stack = Stack.of(this);
    this.hardeningLevel = props.hardeningLevel ?? HardeningLevel.PRODUCTION;
    const profile = resolveHardeningProfile(this.hardeningLevel, props.overrides);
    const c = profile.controls;
    const image = imageOrSampleApp(props.image);
    const inputs = validateInputs(stack, props, profile, image._isSampleApp);
    addPartitionRule(stack);
    const retain = c.retainData;
    const logRetention = props.logRetention ?? profile.logRetention;
    const webAclScope = chooseWebAclScope(stack, c, props.webAclArn);

    const keys = new ServiceKeys(this, 'Keys', { enabled: c.customerManagedKeys, removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY });
    // Log buckets belong to the stack: one audit bucket and one edge log bucket per stack,
    // shared by every instance in it, each writing under its own prefix.
    const accessLogging = c.dataBucketAccessLogging || c.loadBalancerAccessLogs;
    const logBuckets = accessLogging ? StackLogBuckets.of(this, { retain, mfaDeleteAlternative: c.mfaDeleteAlternative }) : undefined;
    const logPrefix = logPrefixOf(this);
    const storage = new ServiceStorage(this, 'Storage', {
      dataKey: keys.dataKey,
      auditBucket: c.dataBucketAccessLogging ? logBuckets?.auditBucket : undefined,
      accessLogPrefix: logPrefix,
      profile,
    });
    const registry = new ServiceImageRegistry(this, 'Registry', { encryptionKey: keys.repositoryKey, retain });
    const resolvedImage = image._resolve(registry.repository, props.runtimePlatform?.cpuArchitecture);

    const network = new ServiceNetwork(this, 'Network', { vpc: props.vpc, natGateways: inputs.natGateways, logsKey: keys.logsKey, logRetention, profile });

    const web = new FargateWebService(this, 'Service', {
      vpc: network.vpc,
      cluster: props.cluster,
      subnets: network.taskSubnets,
      assignPublicIp: network.assignPublicIp,
      containerImage: resolvedImage.containerImage,
      containerPort: inputs.containerPort,
      cpu: inputs.cpu,
      memoryLimitMiB: inputs.memoryLimitMiB,
      runtimePlatform: props.runtimePlatform,
      desiredCount: inputs.desiredCount,
      environment: { ...inputs.environment, DATA_BUCKET: storage.dataBucket.bucketName },
      secrets: props.secrets,
      profile,
      user: resolvedImage.isSampleApp ? SAMPLE_APP_USER : undefined,
      logsKey: keys.logsKey,
      logRetention,
      rollout: inputs.rollout,
      autoScaling: c.autoScaling ? { minCapacity: inputs.minCapacity, maxCapacity: inputs.maxCapacity, requestsPerTarget: 500 } : undefined,
    });
    storage.grantObjectAccess(web.taskDefinition.taskRole);

    const lb = new ServiceLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      subnets: network.loadBalancerSubnets,
      containerPort: inputs.containerPort,
      healthCheckPath: inputs.healthCheckPath,
      rollout: inputs.rollout,
      certificate: props.certificate,
      accessLogBucket: c.loadBalancerAccessLogs ? logBuckets?.auditBucket : undefined,
      accessLogPrefix: logPrefix,
      alarmTopic: props.alarmTopic,
      webAclScope,
      profile,
    });
    web.attachTo(lb.targetGroup, lb.loadBalancer);

    // Restricted egress cannot name ECR's or CloudWatch Logs' addresses: endpoints carry that
    // traffic, wherever the tasks run. Isolated subnets have no other way to AWS at all. An
    // existing VPC may have them already (createVpcEndpoints: false): the tasks use those.
    const egress = new TaskEgress(this, 'Egress', {
      vpc: network.vpc,
      subnets: network.taskSubnets,
      taskSecurityGroup: web.securityGroup,
      interfaceEndpoints: (c.restrictTaskEgress || network.isolated) && props.createVpcEndpoints !== false,
      ownsVpc: network.createdVpc,
      s3GatewayEndpoint: (c.privateSubnets || c.restrictTaskEgress) && network.createdVpc,
      needs: { secrets: props.secrets !== undefined && Object.keys(props.secrets).length > 0, ecsExec: c.ecsExec },
      restrict: c.restrictTaskEgress,
      s3PrefixList: c.restrictTaskEgress ? managedPrefixList(this, 'S3PrefixList', ManagedPrefixListName.S3) : undefined,
      allowList: props.taskEgressAllowList ?? [],
    });
    web.waitFor(egress.startDependencies);

    const webAcl = webAclScope && !props.webAclArn
      ? new ServiceWebAcl(this, 'Waf', {
        scope: webAclScope,
        profile,
        loadBalancer: lb.loadBalancer,
        rateLimit: inputs.wafRateLimit,
        logsKey: keys.logsKey,
        logRetention,
        logDeliveryPolicy: props.createWafLogDeliveryPolicy !== false,
      })
      : undefined;
    const webAclArn = webAcl?.webAcl.attrArn ?? props.webAclArn;
    const edge = c.cloudFront
      ? new ServiceEdge(this, 'Edge', {
        vpc: network.vpc,
        loadBalancer: lb.loadBalancer,
        originFacingPrefixList: managedPrefixList(this, 'CloudFrontPrefixList', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING),
        httpsToOrigin: props.certificate !== undefined,
        domainName: props.domainName,
        viewerCertificate: props.cloudFrontCertificate,
        webAclArn: webAclScope === WebAclScope.CLOUDFRONT ? webAclArn : undefined,
        logBucket: accessLogging ? logBuckets?.edgeLogBucket : undefined,
        logPrefix,
        webAclScope,
      })
      : undefined;

    // What consumers wire to.
    ({ repositoryKey: this.repositoryKey, logsKey: this.logsKey, dataKey: this.dataKey } = keys);
    ({ dataBucket: this.dataBucket } = storage);
    ({ repository: this.repository } = registry);
    ({ vpc: this.vpc } = network);
    ({ cluster: this.cluster, service: this.service, taskDefinition: this.taskDefinition } = web);
    ({ securityGroup: this.taskSecurityGroup, logGroup: this.logGroup } = web);
    ({ loadBalancer: this.loadBalancer, targetGroup: this.targetGroup, securityGroup: this.loadBalancerSecurityGroup } = lb);
    ({ unhealthyTargetsAlarm: this.unhealthyTargetsAlarm, serverErrorsAlarm: this.serverErrorsAlarm } = lb);
    [this.auditBucket, this.webAcl, this.webAclArn] = [logBuckets?.auditBucket, webAcl?.webAcl, webAclArn];
    [this.webAclScope, this.distribution] = [webAclScope, edge?.distribution];
    const host = props.domainName ?? edge?.distribution.distributionDomainName ?? lb.loadBalancer.loadBalancerDnsName;
    this.url = `${edge || props.certificate ? 'https' : 'http'}://${host}`;

    new CfnOutput(this, 'Url', { value: this.url, description: `URL of the HardenedDemoService ${this.node.path}` });
    new CfnOutput(this, 'DataBucketName', { value: storage.dataBucket.bucketName, description: `Data bucket of ${this.node.path}` });
    new CfnOutput(this, 'RepositoryUri', { value: registry.repository.repositoryUri, description: `ECR repository of ${this.node.path}` });

    this.parts = {
      root: this,
      props,
      profile,
      inputs,
      logRetentionDays: logRetention as number,
      image: resolvedImage,
      keys,
      storage,
      logBuckets,
      logPrefix,
      registry,
      network,
      web,
      loadBalancer: lb,
      egress,
      webAcl,
      webAclScope,
      edge,
    };
    raisePostureNotices(this.parts);
    // The report is written into the cloud assembly at synth, beside the templates.
    this.node.addValidation({ validate: () => (writeReportToAssembly(this, this.hardeningReport()), []) });
  }

  /**
   * The hardening report of this instance, as data: every control with its state, the
   * reason, the resources that carry it and the findings acknowledged on them; the security
   * group rules; the fixed monthly cost drivers.
   */
  public hardeningReport(): HardeningReport {
    return buildReport(this.parts);
  }

  /**
   * The hardening report rendered as Markdown, in the shape of the source notes, with
   * Mermaid diagrams of the request path and of the tasks' egress.
   */
  public hardeningReportMarkdown(): string {
    return renderReportMarkdown(this.hardeningReport());
  }

}
