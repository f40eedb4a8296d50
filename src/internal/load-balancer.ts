import { Duration, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { allowElbLogDelivery } from './elb-log-delivery';
import { acknowledgeFindings, awsSolutions, guard, regulated, relaxationReason } from './findings';
import type { HardeningProfile } from './profile';
import { resolveRollout } from './validation/defaults';
import type { ResolvedRollout } from './validation/rollout';
import { WebAclScope } from './web-acl';

/**
 * TLS 1.2 minimum (TLS 1.3 preferred): ELBSecurityPolicy-TLS13-1-2-2021-06.
 * `SslPolicy.RECOMMENDED` is the 2016 policy that still accepts TLS 1.0: never use it here.
 */
function listenerSslPolicy(): elbv2.SslPolicy {
  return elbv2.SslPolicy.RECOMMENDED_TLS;
}

/** The prefix of the load balancer's access logs in the audit bucket. */
const LOAD_BALANCER_ACCESS_LOG_PREFIX = 'load-balancer';

/** Who may open connections to the load balancer's listeners. */
enum LoadBalancerExposure {
  /** Anyone on the internet (internet-facing load balancer). */
  INTERNET = 'INTERNET',
  /** Only CloudFront, through the origin-facing security group the edge adds. */
  CLOUDFRONT = 'CLOUDFRONT',
  /** Only addresses inside the VPC (internal load balancer without CloudFront). */
  VPC = 'VPC',
}

/** Who reaches the load balancer, from the controls. */
function exposureOf(c: { readonly internalLoadBalancer: boolean; readonly cloudFront: boolean }): LoadBalancerExposure {
  return !c.internalLoadBalancer ? LoadBalancerExposure.INTERNET : c.cloudFront ? LoadBalancerExposure.CLOUDFRONT : LoadBalancerExposure.VPC;
}

export interface ServiceLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  /** The target group's health check (beyond the path) and deregistration delay (default: the construct's). */
  readonly rollout?: Pick<ResolvedRollout, 'healthCheck' | 'deregistrationDelay'>;
  readonly certificate?: acm.ICertificate;
  /** Write access logs here (an SSE-S3 bucket). */
  readonly accessLogBucket?: s3.IBucket;
  /** The instance's prefix in the (shared) access-log bucket. */
  readonly accessLogPrefix: string;
  /** Where alarms (and their recovery) are sent. */
  readonly alarmTopic?: sns.ITopic;
  /** Where the web ACL sits (none: WAF is off). */
  readonly webAclScope?: WebAclScope;
  /**
   * The controls: internal or internet-facing (and behind CloudFront or not), the HTTPS
   * redirect, invalid-header dropping, deletion protection, alarms; and the findings' reasons.
   */
  readonly profile: HardeningProfile;
}

/**
 * The Application Load Balancer: its own security group with no default egress, listeners
 * (HTTPS with a TLS 1.2+ policy when a certificate is given, HTTP redirecting to it), the
 * target group the service registers with, access logs, deletion protection, and alarms.
 */
export class ServiceLoadBalancer extends Construct {
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The listener that forwards to the service (HTTPS when there is a certificate). */
  public readonly serviceListener: elbv2.ApplicationListener;
  /** The HTTP listener (absent behind CloudFront with a certificate: nothing could reach it). */
  public readonly httpListener?: elbv2.ApplicationListener;
  public readonly httpsListener?: elbv2.ApplicationListener;
  /** The ports clients (or CloudFront) connect to. */
  public readonly listenerPorts: number[];
  public readonly unhealthyTargetsAlarm?: cloudwatch.Alarm;
  public readonly serverErrorsAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ServiceLoadBalancerProps) {
    super(scope, id);
    const c = props.profile.controls;
    const internetFacing = !c.internalLoadBalancer;
    const exposure = exposureOf(c);
    const rollout = props.rollout ?? resolveRollout({});

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'HardenedDemoService load balancer: listeners in, only the tasks out',
      // Egress is added rule by rule: only to the task security group, on the container port.
      allowAllOutbound: false,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing,
      securityGroup: this.securityGroup,
      dropInvalidHeaderFields: c.dropInvalidHeaderFields,
      deletionProtection: c.loadBalancerDeletionProtection,
      http2Enabled: true,
      idleTimeout: Duration.seconds(60),
    });
    // Desync mitigation: the strictest mode that standard clients pass.
    this.loadBalancer.setAttribute('routing.http.desync_mitigation_mode', 'strictest');

    if (props.accessLogBucket) {
      this.loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
      this.loadBalancer.setAttribute('access_logs.s3.bucket', props.accessLogBucket.bucketName);
      const prefix = `${props.accessLogPrefix}/${LOAD_BALANCER_ACCESS_LOG_PREFIX}`;
      this.loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
      allowElbLogDelivery(this, props.accessLogBucket, prefix);
      const policy = props.accessLogBucket.policy?.node.defaultChild;
      if (policy) {
        // The load balancer checks write access when logging is turned on.
        this.loadBalancer.node.addDependency(policy);
      }
    }

    // A target group belongs to one load balancer at a time. The scheme is create-only, so a
    // level switch (internet-facing <-> internal) replaces the load balancer; CloudFormation
    // then creates the new listener, forwarding to this group, while the old listener on the
    // old load balancer still forwards to it, and the update fails with
    // TargetGroupAssociationLimit. A construct id per scheme gives the group a new logical ID
    // whenever the scheme changes, so it is replaced together with the load balancer (the new
    // group is created and registered, the old one deleted with the old load balancer at
    // cleanup). The internet-facing id stays 'TargetGroup' so DEMO stacks keep their logical
    // ID. Anything else bound to a single load balancer (listener rules, listener
    // certificates) lives under the listeners, which the replacement already recreates.
    const targetGroupId = internetFacing ? 'TargetGroup' : 'InternalTargetGroup';
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, targetGroupId, {
      vpc: props.vpc,
      port: props.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: rollout.deregistrationDelay,
      healthCheck: { path: props.healthCheckPath, ...rollout.healthCheck },
    });

    if (props.certificate) {
      this.httpsListener = this.loadBalancer.addListener('HttpsListener', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [props.certificate],
        sslPolicy: listenerSslPolicy(),
        open: false,
        defaultTargetGroups: [this.targetGroup],
      });
      this.serviceListener = this.httpsListener;
      if (exposure === LoadBalancerExposure.CLOUDFRONT) {
        // CloudFront speaks HTTPS only to this origin and its security group opens 443 alone.
        this.listenerPorts = [443];
      } else {
        this.httpListener = this.loadBalancer.addListener('HttpListener', {
          port: 80,
          protocol: elbv2.ApplicationProtocol.HTTP,
          open: false,
          defaultAction: c.httpsRedirect
            ? elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true })
            : elbv2.ListenerAction.forward([this.targetGroup]),
        });
        this.listenerPorts = [80, 443];
      }
    } else {
      this.httpListener = this.loadBalancer.addListener('HttpListener', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        open: false,
        defaultTargetGroups: [this.targetGroup],
      });
      this.serviceListener = this.httpListener;
      this.listenerPorts = [80];
    }

    for (const port of this.listenerPorts) {
      if (exposure === LoadBalancerExposure.INTERNET) {
        this.securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(port), `HTTP${port === 443 ? 'S' : ''} from the internet`);
      } else if (exposure === LoadBalancerExposure.VPC) {
        this.securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(port), `Port ${port} from inside the VPC`);
      }
      // CLOUDFRONT: the edge attaches a separate origin-facing security group.
    }

    if (c.alarms) {
      this.unhealthyTargetsAlarm = new cloudwatch.Alarm(this, 'UnhealthyTargetsAlarm', {
        alarmDescription: 'HardenedDemoService: at least one target has been unhealthy for 3 minutes',
        metric: this.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      const targetErrors = this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' });
      const lbErrors = this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' });
      this.serverErrorsAlarm = new cloudwatch.Alarm(this, 'ServerErrorsAlarm', {
        alarmDescription: 'HardenedDemoService: 10 or more 5xx responses (targets plus load balancer) per minute for 3 minutes',
        metric: new cloudwatch.MathExpression({
          expression: 'FILL(targetErrors, 0) + FILL(lbErrors, 0)',
          usingMetrics: { targetErrors, lbErrors },
          period: Duration.minutes(1),
          label: '5xx responses',
        }),
        threshold: 10,
        evaluationPeriods: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic) {
        const action = new cloudwatchActions.SnsAction(props.alarmTopic);
        for (const alarm of [this.unhealthyTargetsAlarm, this.serverErrorsAlarm]) {
          alarm.addAlarmAction(action);
          alarm.addOkAction(action);
        }
      }
    }
    this.acknowledgeFindings(props, exposure);
  }

  /** The findings on the load balancer, its security group, listeners and alarms. */
  private acknowledgeFindings(props: ServiceLoadBalancerProps, exposure: LoadBalancerExposure): void {
    const profile = props.profile;
    const c = profile.controls;
    if (!c.internalLoadBalancer) {
      acknowledgeFindings(this, 'internalLoadBalancer', [this.securityGroup], [awsSolutions('EC23')],
        relaxationReason(profile, 'internalLoadBalancer', 'the internet-facing load balancer admits 0.0.0.0/0 on its listener ports'));
    }
    if (!props.accessLogBucket) {
      acknowledgeFindings(this, 'loadBalancerAccessLogs', [this.loadBalancer], [awsSolutions('ELB2'), ...regulated('ELBLoggingEnabled'), guard('elbv2_logging_enabled_check')],
        relaxationReason(profile, 'loadBalancerAccessLogs', 'load balancer requests are not logged'));
    }
    if (!c.loadBalancerDeletionProtection) {
      acknowledgeFindings(this, 'loadBalancerDeletionProtection', [this.loadBalancer],
        [...regulated('ELBDeletionProtectionEnabled', ['NIST.800.53.R5', 'HIPAA.Security']), guard('elbv2_deletion_protection_enabled_check')],
        relaxationReason(profile, 'loadBalancerDeletionProtection', 'the load balancer can be deleted with the stack'));
    }
    const wafRule = regulated('ALBWAFEnabled', ['NIST.800.53.R5', 'PCI.DSS.321']);
    if (!props.webAclScope) {
      acknowledgeFindings(this, 'waf', [this.loadBalancer], wafRule, relaxationReason(profile, 'waf', 'no web ACL inspects requests'));
    } else if (props.webAclScope === WebAclScope.CLOUDFRONT) {
      acknowledgeFindings(this, 'waf', [this.loadBalancer], wafRule,
        'The web ACL (CLOUDFRONT scope) is on the distribution, and the internal load balancer admits only CloudFront (origin-facing prefix list, VPC origin): every request has passed the web ACL.');
    }
    if (!props.certificate && this.httpListener) {
      acknowledgeFindings(this, 'tlsMinimum', [this.httpListener],
        [...regulated('ALBHttpToHttpsRedirection'), ...regulated('ELBv2ACMCertificateRequired'), guard('alb_http_to_https_redirection_check')],
        exposure === LoadBalancerExposure.CLOUDFRONT
          ? 'No certificate was given: CloudFront reaches the internal load balancer over HTTP inside the private VPC origin connection. The synth warning hardened-demo-service:HttpOnlyLoadBalancer asks for certificate and domainName.'
          : 'No certificate was given: the load balancer serves plain HTTP. The synth warning hardened-demo-service:HttpOnlyLoadBalancer asks for certificate.');
    } else if (props.certificate && this.httpListener && c.httpsRedirect) {
      acknowledgeFindings(this, 'httpsRedirect', [this.httpListener], regulated('ELBv2ACMCertificateRequired'),
        'This port-80 listener only answers a permanent redirect to HTTPS (port 443, which has the ACM certificate); it serves no content.');
    }
    if (props.certificate && Token.isUnresolved(props.certificate.certificateArn) && this.httpsListener) {
      acknowledgeFindings(this, 'tlsMinimum', [this.httpsListener], [guard('elbv2_acm_certificate_required_check')],
        'The listener has an ACM certificate; its ARN is built from the stack region (a CloudFormation expression) that the cfn-guard rule cannot resolve.');
    }
    if (!props.alarmTopic) {
      acknowledgeFindings(this, 'alarms', [this.unhealthyTargetsAlarm, this.serverErrorsAlarm],
        [...regulated('CloudWatchAlarmAction', ['NIST.800.53.R5', 'HIPAA.Security']), guard('cloudwatch_alarm_action_check')],
        'The alarms are exposed (unhealthyTargetsAlarm, serverErrorsAlarm) for the team to route; give alarmTopic to send them to an SNS topic. A synth message says they are not routed.');
    }
  }
}
