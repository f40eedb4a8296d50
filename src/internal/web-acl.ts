import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeLogGroupFindings } from './findings';
import type { HardeningProfile } from './profile';

/** Where the web ACL sits. */
export enum WebAclScope {
  /** On the CloudFront distribution (the ACL must live in us-east-1). */
  CLOUDFRONT = 'CLOUDFRONT',
  /** On the load balancer, in the stack's region. */
  REGIONAL = 'REGIONAL',
}

/** The AWS managed rule groups every web ACL of the construct runs, in priority order. */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

/**
 * Where the web ACL goes, a question of region rather than of level: on the distribution
 * (CLOUDFRONT scope) when the stack is in us-east-1 or an ACL is given by ARN, otherwise on the
 * load balancer (REGIONAL); none when WAF is off.
 */
export function chooseWebAclScope(
  stack: Stack,
  controls: { readonly waf: boolean; readonly cloudFront: boolean },
  webAclArn?: string,
): WebAclScope | undefined {
  if (!controls.waf) {
    return undefined;
  }
  const inUsEast1 = !Token.isUnresolved(stack.region) && stack.region === 'us-east-1';
  return controls.cloudFront && (webAclArn !== undefined || inUsEast1) ? WebAclScope.CLOUDFRONT : WebAclScope.REGIONAL;
}

export interface ServiceWebAclProps {
  readonly scope: WebAclScope;
  /** The controls (retainData keeps the log group) and the reasons of the findings on the log group. */
  readonly profile: HardeningProfile;
  /** The load balancer a REGIONAL ACL is associated with (none: not associated). */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;
  /** Requests per client IP per 5 minutes. */
  readonly rateLimit: number;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Create the stack's CloudWatch Logs resource policy for WAF log delivery (once per stack);
   * false relies on one the account already has.
   */
  readonly logDeliveryPolicy: boolean;
}

/** The construct id of the stack's WAF log-delivery policy (a child of the stack). */
const WAF_LOG_DELIVERY_POLICY_ID = 'HardenedDemoServiceWafLogDelivery';

/**
 * The CloudWatch Logs resource policy that lets WAF deliver to the `aws-waf-logs-*` log groups of
 * this account and region: one per stack, shared by every instance in it, never one per
 * instance. Resource policies are account-level (10 per region, a hard limit); without one, WAF
 * adds a statement per log group to its own AWSWAF-LOGS policy until that policy is too large.
 * The policy is a child of the stack, so removing one instance never removes it.
 */
function wafLogDeliveryPolicy(stack: Stack): logs.ResourcePolicy {
  const existing = stack.node.tryFindChild(WAF_LOG_DELIVERY_POLICY_ID) as logs.ResourcePolicy | undefined;
  if (existing) {
    return existing;
  }
  return new logs.ResourcePolicy(stack, WAF_LOG_DELIVERY_POLICY_ID, {
    policyStatements: [
      new iam.PolicyStatement({
        sid: 'AllowWafLogDelivery',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: 'aws-waf-logs-*:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
        },
      }),
    ],
  });
}

/**
 * A WAFv2 web ACL: AWS managed rule groups (IP reputation, common, known bad inputs) and a
 * rate-based rule per client IP, with its requests logged to CloudWatch Logs.
 */
export class ServiceWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;
  /** The stack's log-delivery policy this ACL's logging uses, when the construct made it. */
  public readonly deliveryPolicy?: logs.ResourcePolicy;

  constructor(scope: Construct, id: string, props: ServiceWebAclProps) {
    super(scope, id);
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${name}`,
    });

    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, priority) => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    }));

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: props.scope,
      defaultAction: { allow: {} },
      description: 'HardenedDemoService: AWS managed rule groups and a per-IP rate limit',
      visibilityConfig: visibility(metricPrefix),
      rules: [
        ...managedRules,
        {
          name: 'RateLimitPerClientIp',
          priority: managedRules.length,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: visibility('RateLimitPerClientIp'),
        },
      ],
    });

    // WAF delivers only to log groups named aws-waf-logs-*; the name stays unique per instance.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 400, separator: '-' })}`,
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      // The name is fixed: a retained group left by a rolled-back first create would make the
      // next create fail, so it is retained on update and delete only.
      removalPolicy: props.profile.controls.retainData ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY,
    });
    // WAF wants the log group ARN without the trailing ':*'.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Never write credentials or session cookies to the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    if (props.logDeliveryPolicy) {
      this.deliveryPolicy = wafLogDeliveryPolicy(Stack.of(this));
      logging.node.addDependency(this.deliveryPolicy);
    }
    acknowledgeLogGroupFindings(this, this.logGroup, props.profile, props.logRetention);
    if (props.scope === WebAclScope.REGIONAL && props.loadBalancer) {
      // Beside this construct, where the association has always been: its logical ID stays.
      new wafv2.CfnWebACLAssociation(scope, 'WafAssociation', { resourceArn: props.loadBalancer.loadBalancerArn, webAclArn: this.webAcl.attrArn });
    }
  }
}
