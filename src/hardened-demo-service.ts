import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, CfnOutput, RemovalPolicy, Stack, Stage, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { HardeningLevel } from './hardening-level';
import { HardeningReport, SharedResource } from './hardening-report';
import { acknowledgeFindings } from './internal/compliance';
import { ServiceEdge } from './internal/edge';
import { ServiceKeys } from './internal/encryption';
import { pinFeatureFlags } from './internal/feature-flags';
import { ServiceImageRegistry } from './internal/image-registry';
import { LoadBalancerExposure, ServiceLoadBalancer } from './internal/load-balancer';
import { ServiceNetwork } from './internal/network';
import { addPartitionRule } from './internal/partitions';
import { raiseWarnings, relaxedControlWarnings, WARNING_PREFIX } from './internal/posture-notices';
import { managedPrefixList, ManagedPrefixListName, prefixListLookupId } from './internal/prefix-lists';
import { HardeningProfile, resolveHardeningProfile } from './internal/profile';
import { buildReport, ReportFacts } from './internal/report-builder';
import { renderReportMarkdown } from './internal/report-markdown';
import { StackLogBuckets, logPrefixOf } from './internal/stack-log-buckets';
import { ServiceStorage } from './internal/storage';
import { TaskEgress } from './internal/task-egress';
import { validateInputs } from './internal/validation';
import { ServiceWebAcl, WebAclScope } from './internal/web-acl';
import { containerInsightsOf, FargateWebService } from './internal/web-service';
import { HardenedDemoServiceProps } from './props';
import { ServiceImage } from './service-image';

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

  private readonly profile: HardeningProfile;
  private readonly webAclLogGroup?: logs.LogGroup;
  private readonly reportFacts: ReportFacts;

  constructor(scope: Construct, id: string, props: HardenedDemoServiceProps = {}) {
    super(scope, id);
    // Harden the same way whatever feature flags the app carries.
    pinFeatureFlags(this);

    const stack = Stack.of(this);
    this.hardeningLevel = props.hardeningLevel ?? HardeningLevel.PRODUCTION;
    const profile = resolveHardeningProfile(this.hardeningLevel, props.overrides);
    this.profile = profile;
    const c = profile.controls;
    const image = props.image ?? ServiceImage.sampleApp();
    if (!(image instanceof ServiceImage)) {
      throw new Error('image: expected a ServiceImage. Use ServiceImage.sampleApp(), ServiceImage.fromOwnRepository(tag), ServiceImage.fromEcrRepository(...), ServiceImage.fromRegistry(name) or ServiceImage.fromContainerImage(image).');
    }
    const input = validateInputs(stack, props, profile, image._isSampleApp);
    addPartitionRule(stack);
    const retain = c.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = props.logRetention ?? profile.logRetention;

    // Where the WAF goes is a question of region, not of level.
    const wafScope = !c.waf
      ? undefined
      : c.cloudFront && (props.webAclArn !== undefined || (!Token.isUnresolved(stack.region) && stack.region === 'us-east-1'))
        ? WebAclScope.CLOUDFRONT
        : WebAclScope.REGIONAL;

    const keys = new ServiceKeys(this, 'Keys', { enabled: c.customerManagedKeys, removalPolicy });
    this.repositoryKey = keys.repositoryKey;
    this.logsKey = keys.logsKey;
    this.dataKey = keys.dataKey;

    // Log buckets belong to the stack: one audit bucket and one edge log bucket per stack,
    // shared by every instance in it, each writing under its own prefix.
    const accessLogging = c.dataBucketAccessLogging || c.loadBalancerAccessLogs;
    const logBuckets = accessLogging ? StackLogBuckets.of(this, { retain, mfaDeleteAlternative: c.mfaDeleteAlternative }) : undefined;
    const logPrefix = logPrefixOf(this);
    const storage = new ServiceStorage(this, 'Storage', {
      dataKey: keys.dataKey,
      auditBucket: c.dataBucketAccessLogging ? logBuckets?.auditBucket : undefined,
      accessLogPrefix: logPrefix,
      mfaDeleteAlternative: c.mfaDeleteAlternative,
      retain,
    });
    this.dataBucket = storage.dataBucket;
    this.auditBucket = logBuckets?.auditBucket;

    const registry = new ServiceImageRegistry(this, 'Registry', { encryptionKey: keys.repositoryKey, retain });
    this.repository = registry.repository;
    const resolvedImage = image._resolve(registry.repository);

    const network = new ServiceNetwork(this, 'Network', {
      vpc: props.vpc,
      privateSubnets: c.privateSubnets,
      internalLoadBalancer: c.internalLoadBalancer,
      internetGatewayForVpcOrigin: c.cloudFront,
      natGateways: input.natGateways,
      flowLogs: c.vpcFlowLogs,
      restrictDefaultSecurityGroup: c.restrictDefaultSecurityGroup,
      logsKey: keys.logsKey,
      logRetention,
      retain,
    });
    this.vpc = network.vpc;

    const web = new FargateWebService(this, 'Service', {
      vpc: network.vpc,
      cluster: props.cluster,
      subnets: network.taskSubnets,
      assignPublicIp: network.assignPublicIp,
      containerImage: resolvedImage.containerImage,
      containerPort: input.containerPort,
      cpu: input.cpu,
      memoryLimitMiB: input.memoryLimitMiB,
      desiredCount: input.desiredCount,
      environment: { ...input.environment, DATA_BUCKET: storage.dataBucket.bucketName },
      secrets: props.secrets,
      containerInsights: c.containerInsights,
      circuitBreaker: c.deploymentCircuitBreaker,
      ecsExec: c.ecsExec,
      readOnlyRootFilesystem: c.readOnlyRootFilesystem,
      user: resolvedImage.isSampleApp ? SAMPLE_APP_USER : undefined,
      allowAllOutbound: !c.restrictTaskEgress,
      logsKey: keys.logsKey,
      logRetention,
      retainLogs: retain,
      autoScaling: c.autoScaling ? { minCapacity: input.minCapacity, maxCapacity: input.maxCapacity, requestsPerTarget: 500 } : undefined,
    });
    this.cluster = web.cluster;
    this.service = web.service;
    this.taskDefinition = web.taskDefinition;
    this.taskSecurityGroup = web.securityGroup;
    this.logGroup = web.logGroup;
    // Least privilege, action by action (not grantReadWrite's wildcards).
    const taskRole = web.taskDefinition.taskRole;
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'DataBucketObjects', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [storage.dataBucket.arnForObjects('*')] }),
    );
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DataBucketList', actions: ['s3:ListBucket'], resources: [storage.dataBucket.bucketArn] }));
    keys.dataKey?.grant(taskRole, 'kms:Decrypt', 'kms:GenerateDataKey');

    const lb = new ServiceLoadBalancer(this, 'LoadBalancer', {
      vpc: network.vpc,
      subnets: network.loadBalancerSubnets,
      internetFacing: !c.internalLoadBalancer,
      exposure: !c.internalLoadBalancer ? LoadBalancerExposure.INTERNET : c.cloudFront ? LoadBalancerExposure.CLOUDFRONT : LoadBalancerExposure.VPC,
      containerPort: input.containerPort,
      healthCheckPath: input.healthCheckPath,
      certificate: props.certificate,
      httpsRedirect: c.httpsRedirect,
      dropInvalidHeaderFields: c.dropInvalidHeaderFields,
      deletionProtection: c.loadBalancerDeletionProtection,
      accessLogBucket: c.loadBalancerAccessLogs ? logBuckets?.auditBucket : undefined,
      accessLogPrefix: logPrefix,
      alarms: c.alarms,
      alarmTopic: props.alarmTopic,
    });
    this.loadBalancer = lb.loadBalancer;
    this.targetGroup = lb.targetGroup;
    this.loadBalancerSecurityGroup = lb.securityGroup;
    this.unhealthyTargetsAlarm = lb.unhealthyTargetsAlarm;
    this.serverErrorsAlarm = lb.serverErrorsAlarm;
    web.attachTo(lb.targetGroup, lb.loadBalancer);

    // Restricted egress cannot name ECR's or CloudWatch Logs' addresses: endpoints carry that
    // traffic, wherever the tasks run. Isolated subnets have no other way to AWS at all. An
    // existing VPC may have them already (createVpcEndpoints: false): the tasks use those.
    const needsEndpoints = (c.restrictTaskEgress || network.isolated) && props.createVpcEndpoints !== false;
    const egress = new TaskEgress(this, 'Egress', {
      vpc: network.vpc,
      subnets: network.taskSubnets,
      taskSecurityGroup: web.securityGroup,
      interfaceEndpoints: needsEndpoints,
      ownsVpc: network.createdVpc,
      s3GatewayEndpoint: (c.privateSubnets || c.restrictTaskEgress) && network.createdVpc,
      needs: { secrets: props.secrets !== undefined && Object.keys(props.secrets).length > 0, ecsExec: c.ecsExec },
      restrict: c.restrictTaskEgress,
      s3PrefixList: c.restrictTaskEgress ? managedPrefixList(this, 'S3PrefixList', ManagedPrefixListName.S3) : undefined,
      allowList: props.taskEgressAllowList ?? [],
    });
    web.waitFor(egress.startDependencies);

    let wafLogDeliveryPolicy: IConstruct | undefined;
    if (c.waf && !props.webAclArn) {
      const acl = new ServiceWebAcl(this, 'Waf', {
        scope: wafScope!,
        rateLimit: input.wafRateLimit,
        logsKey: keys.logsKey,
        logRetention,
        retainLogs: retain,
        logDeliveryPolicy: props.createWafLogDeliveryPolicy !== false,
      });
      this.webAcl = acl.webAcl;
      this.webAclLogGroup = acl.logGroup;
      wafLogDeliveryPolicy = acl.deliveryPolicy;
      this.webAclArn = acl.webAcl.attrArn;
      if (wafScope === WebAclScope.REGIONAL) {
        new wafv2.CfnWebACLAssociation(this, 'WafAssociation', {
          resourceArn: lb.loadBalancer.loadBalancerArn,
          webAclArn: acl.webAcl.attrArn,
        });
      }
    } else if (c.waf) {
      this.webAclArn = props.webAclArn;
    }
    this.webAclScope = wafScope;

    let url: string;
    let edge: ServiceEdge | undefined;
    if (c.cloudFront) {
      edge = new ServiceEdge(this, 'Edge', {
        vpc: network.vpc,
        loadBalancer: lb.loadBalancer,
        originFacingPrefixList: managedPrefixList(this, 'CloudFrontPrefixList', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING),
        httpsToOrigin: props.certificate !== undefined,
        originDomainName: props.domainName,
        domainName: props.domainName,
        viewerCertificate: props.cloudFrontCertificate,
        webAclArn: wafScope === WebAclScope.CLOUDFRONT ? this.webAclArn : undefined,
        logBucket: accessLogging ? logBuckets?.edgeLogBucket : undefined,
        logPrefix,
      });
      this.distribution = edge.distribution;
      url = `https://${props.domainName ?? edge.distribution.distributionDomainName}`;
    } else {
      const scheme = props.certificate ? 'https' : 'http';
      url = `${scheme}://${props.domainName ?? lb.loadBalancer.loadBalancerDnsName}`;
    }
    this.url = url;

    new CfnOutput(this, 'Url', { value: url, description: `URL of the HardenedDemoService ${this.node.path}` });
    new CfnOutput(this, 'DataBucketName', { value: storage.dataBucket.bucketName, description: `Data bucket of ${this.node.path}` });
    new CfnOutput(this, 'RepositoryUri', { value: registry.repository.repositoryUri, description: `ECR repository of ${this.node.path}` });

    this.raiseNotices(props, input.warnings, wafScope, storage);

    const buckets = [storage.dataBucket, ...(logBuckets?.buckets ?? [])];
    const keyList = [keys.repositoryKey, keys.logsKey, keys.dataKey].filter((k): k is kms.Key => k !== undefined);
    const logGroups: IConstruct[] = [web.logGroup, network.flowLogGroup, this.webAclLogGroup].filter((l): l is logs.LogGroup => l !== undefined);
    const listeners: IConstruct[] = [lb.httpListener, lb.httpsListener].filter((l): l is elbv2.ApplicationListener => l !== undefined);
    const wafResources: IConstruct[] = this.webAcl ? [this.webAcl] : [];
    const resources = new Map<string, IConstruct[]>([
      ['internalLoadBalancer', [lb.loadBalancer]],
      ['cloudFront', edge ? [edge.distribution, edge.originSecurityGroup] : []],
      ['waf', wafResources],
      ['customerManagedKeys', keyList],
      ['mfaDelete', c.mfaDeleteAlternative ? buckets : []],
      ['dataBucketAccessLogging', buckets],
      ['privateSubnets', [network.vpc]],
      ['restrictTaskEgress', [web.securityGroup, ...egress.interfaceEndpoints]],
      ['dropInvalidHeaderFields', [lb.loadBalancer]],
      ['loadBalancerEgress', [lb.securityGroup]],
      ['taskIngress', [web.securityGroup]],
      ['containerInsights', [web.cluster]],
      ['iam', [web.taskDefinition.taskRole, web.taskDefinition.executionRole, network.flowLogRole].filter((r): r is iam.IRole => r !== undefined)],
      ['tlsMinimum', [...listeners, ...(edge ? [edge.distribution] : [])]],
      ['ecrScanOnPush', [registry.repository]],
      ['s3Baseline', buckets],
      ['httpsRedirect', edge ? [edge.distribution] : listeners],
      ['loadBalancerAccessLogs', c.loadBalancerAccessLogs ? [lb.loadBalancer] : []],
      ['loadBalancerDeletionProtection', [lb.loadBalancer]],
      ['vpcFlowLogs', network.flowLogGroup ? [network.flowLogGroup] : []],
      ['restrictDefaultSecurityGroup', network.createdVpc ? [network.vpc] : []],
      ['logRetention', logGroups],
      ['deploymentCircuitBreaker', [web.service]],
      ['ecsExec', [web.service]],
      ['readOnlyRootFilesystem', [web.taskDefinition]],
      ['retainData', [registry.repository, ...buckets, ...keyList, ...logGroups]],
      ['autoScaling', c.autoScaling ? [web.service] : []],
      ['alarms', [lb.unhealthyTargetsAlarm, lb.serverErrorsAlarm].filter((a): a is cloudwatch.Alarm => a !== undefined)],
    ]);
    const shared: SharedResource[] = [];
    const share = (r: IConstruct | undefined, sharedBy: string, owner: IConstruct, description: string) => {
      if (r) {
        shared.push({ resource: r.node.path, scope: sharedBy, owner: owner.node.path || Stack.of(owner).stackName, description });
      }
    };
    if (egress.endpointSet) {
      const owner = egress.endpointSet.ownedByInstance ? this : network.vpc;
      share(egress.endpointSet.securityGroup, 'vpc', owner, 'Security group of the VPC endpoints (HTTPS from the task security group of every instance in the VPC)');
      egress.interfaceEndpoints.forEach((e) => share(e, 'vpc', owner, 'Interface VPC endpoint with private DNS: one per AWS service per VPC'));
    }
    logBuckets?.buckets.forEach((b) => share(b, 'stack', Stack.of(this), `Log bucket of the stack; this service writes under ${logPrefix}/`));
    share(wafLogDeliveryPolicy, 'stack', Stack.of(this),
      'CloudWatch Logs resource policy letting WAF deliver to the aws-waf-logs-* log groups of the account and region (resource policies are account-level: 10 per region)');
    if (props.cluster) {
      share(props.cluster, 'cluster', props.cluster, 'The ECS cluster the team gave');
    }
    this.reportFacts = {
      profile,
      givenCluster: props.cluster ? { containerInsights: containerInsightsOf(props.cluster) } : undefined,
      sharedResources: shared,
      hasCertificate: props.certificate !== undefined,
      hasCloudFrontCertificate: props.cloudFrontCertificate !== undefined,
      wafLogDelivery: !this.webAcl
        ? undefined
        : wafLogDeliveryPolicy
          ? "delivered under the stack's CloudWatch Logs resource policy for aws-waf-logs-* log groups, one per stack and shared by its instances: an account holds at most 10 such policies per region, so with many stacks set createWafLogDeliveryPolicy: false in all but one"
          : 'delivered under a CloudWatch Logs resource policy the account already has (createWafLogDeliveryPolicy: false); without one covering aws-waf-logs-* log groups, WAF adds its own, per log group',
      wafPlacement: !c.waf
        ? undefined
        : props.webAclArn
          ? 'an existing CLOUDFRONT-scope web ACL on the distribution (webAclArn)'
          : wafScope === WebAclScope.CLOUDFRONT
            ? 'a CLOUDFRONT-scope web ACL on the distribution (created in us-east-1)'
            : c.cloudFront
              ? 'a REGIONAL web ACL on the load balancer (a CLOUDFRONT-scope ACL can only be created in us-east-1; give webAclArn to use one from another stack). CloudFront is the only way in, so every request still passes it'
              : 'a REGIONAL web ACL on the load balancer',
      natGateways: input.natGateways,
      isolated: network.isolated,
      createdVpc: network.createdVpc,
      containerPort: input.containerPort,
      logRetentionDays: logRetention as number,
      egressRules: egress.egressRules,
      image: { description: resolvedImage.description, usesOwnRepository: resolvedImage.usesOwnRepository },
      roles: [
        { purpose: 'task', role: web.taskDefinition.taskRole },
        { purpose: 'task execution', role: web.taskDefinition.executionRole },
        { purpose: 'flow-log delivery', role: network.flowLogRole },
      ].filter((r): r is { purpose: string; role: iam.IRole } => r.role !== undefined).map((r) => r.purpose),
      hasDataKey: keys.dataKey !== undefined,
      resources,
      acknowledgments: acknowledgeFindings({
        root: this,
        profile,
        createdVpc: network.createdVpc,
        vpc: network.vpc,
        publicSubnets: network.createdVpc ? network.vpc.publicSubnets : [],
        loadBalancer: lb.loadBalancer,
        loadBalancerSecurityGroup: lb.securityGroup,
        httpListener: lb.httpListener,
        httpsListener: lb.httpsListener,
        certificateArnIsToken: props.certificate !== undefined && Token.isUnresolved(props.certificate.certificateArn),
        hasCertificate: props.certificate !== undefined,
        hasCloudFrontCertificate: props.cloudFrontCertificate !== undefined,
        service: web.service,
        taskDefinition: web.taskDefinition,
        taskRole: web.taskDefinition.taskRole,
        executionRole: web.taskDefinition.executionRole,
        flowLogRole: network.flowLogRole,
        logGroups: [web.logGroup, network.flowLogGroup, this.webAclLogGroup].filter((l): l is logs.LogGroup => l !== undefined),
        logRetentionDays: logRetention as number,
        logRetentionGiven: props.logRetention !== undefined,
        dataBucket: storage.dataBucket,
        logBuckets: logBuckets?.buckets ?? [],
        auditBucket: logBuckets?.auditBucket,
        distribution: edge?.distribution,
        webAclScope: wafScope,
        alarms: [lb.unhealthyTargetsAlarm, lb.serverErrorsAlarm].filter((a): a is cloudwatch.Alarm => a !== undefined),
        alarmsRouted: props.alarmTopic !== undefined,
        prefixListLookups: [ManagedPrefixListName.S3, ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING]
          .map((list) => stack.node.tryFindChild(prefixListLookupId(list)))
          .filter((x): x is IConstruct => x !== undefined),
      }),
    };
    if (c.alarms && !props.alarmTopic) {
      Annotations.of(this).addInfo(
        '[HardenedDemoService] The alarms have no actions: give alarmTopic, or route unhealthyTargetsAlarm and serverErrorsAlarm yourself (addAlarmAction).',
      );
    }

    // The report is written into the cloud assembly at synth, beside the templates.
    this.node.addValidation({
      validate: () => {
        this.writeReportToAssembly();
        return [];
      },
    });
  }

  /**
   * The hardening report of this instance, as data: every control with its state, the
   * reason, the resources that carry it and the findings acknowledged on them; the security
   * group rules; the fixed monthly cost drivers.
   */
  public hardeningReport(): HardeningReport {
    return buildReport(this, this.reportFacts);
  }

  /**
   * The hardening report rendered as Markdown, in the shape of the source notes, with
   * Mermaid diagrams of the request path and of the tasks' egress.
   */
  public hardeningReportMarkdown(): string {
    return renderReportMarkdown(this.hardeningReport());
  }

  private writeReportToAssembly(): void {
    const outdir = Stage.of(this)?.outdir;
    if (!outdir) {
      return;
    }
    const report = this.hardeningReport();
    const base = `hardening-report.${Stack.of(this).artifactId}.${this.node.path.replace(/[^A-Za-z0-9-]+/g, '-')}`;
    fs.mkdirSync(outdir, { recursive: true });
    fs.writeFileSync(path.join(outdir, `${base}.md`), renderReportMarkdown(report));
    fs.writeFileSync(path.join(outdir, `${base}.json`), JSON.stringify(report, undefined, 2));
  }

  private raiseNotices(
    props: HardenedDemoServiceProps,
    inputWarnings: ReadonlyArray<{ id: string; message: string }>,
    wafScope: WebAclScope | undefined,
    storage: ServiceStorage,
  ): void {
    const c = this.profile.controls;
    const notices = relaxedControlWarnings(this.profile);
    for (const w of inputWarnings) {
      notices.push({ id: `${WARNING_PREFIX}:${w.id}`, message: w.message });
    }
    if (!props.certificate) {
      notices.push({
        id: `${WARNING_PREFIX}:HttpOnlyLoadBalancer`,
        message: c.cloudFront
          ? 'No certificate: CloudFront reaches the load balancer over HTTP inside the VPC origin connection. Give certificate and domainName for HTTPS end to end.'
          : 'No certificate: the load balancer serves plain HTTP only. Give certificate (an ACM certificate in this region) for HTTPS with TLS 1.2+.',
      });
    }
    if (c.cloudFront && !props.cloudFrontCertificate) {
      notices.push({
        id: `${WARNING_PREFIX}:DefaultCloudFrontDomain`,
        message:
          'No domainName/cloudFrontCertificate: CloudFront serves only its *.cloudfront.net name, where the viewer TLS minimum cannot be raised above TLSv1. Give domainName and a us-east-1 cloudFrontCertificate for a TLS 1.2 minimum.',
      });
    }
    if (wafScope === WebAclScope.REGIONAL && c.cloudFront) {
      Annotations.of(this).addInfo(
        '[HardenedDemoService] The web ACL is REGIONAL, on the load balancer: a CLOUDFRONT-scope ACL can only be created in us-east-1. Every request still passes it (CloudFront is the only way in). Give webAclArn to use a CLOUDFRONT-scope ACL instead.',
      );
    }
    if (c.mfaDeleteAlternative) {
      Annotations.of(storage.dataBucket).addInfo(
        '[HardenedDemoService] S3 MFA delete cannot be set by CloudFormation. Bucket policies now deny permanent version deletion and versioning changes (except by the root user). ' +
          'For real MFA delete, after deploy the root user runs: aws s3api put-bucket-versioning --bucket <DataBucketName output> ' +
          '--versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/<root-mfa-device> <current-code>"',
      );
    }
    raiseWarnings(this, notices);
  }
}
