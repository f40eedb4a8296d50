import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Where the web ACL sits. */
export enum WebAclScope {
  /** On the CloudFront distribution (the ACL must live in us-east-1). */
  CLOUDFRONT = 'CLOUDFRONT',
  /** On the load balancer, in the stack's region. */
  REGIONAL = 'REGIONAL',
}

/** The AWS managed rule groups every web ACL of the construct runs, in priority order. */
export const MANAGED_RULE_GROUPS = ['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

export interface ServiceWebAclProps {
  readonly scope: WebAclScope;
  /** Requests per client IP per 5 minutes. */
  readonly rateLimit: number;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
}

/**
 * A WAFv2 web ACL: AWS managed rule groups (IP reputation, common, known bad inputs) and a
 * rate-based rule per client IP, with its requests logged to CloudWatch Logs.
 */
export class ServiceWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly logGroup: logs.LogGroup;

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
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // WAF wants the log group ARN without the trailing ':*'.
    const logGroupArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: this.logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const stack = Stack.of(this);
    const deliveryPolicy = this.logGroup.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowWafLogDelivery',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroup.logGroupArn}`],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
        },
      }),
    );
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroupArn],
      // Never write credentials or session cookies to the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    if (deliveryPolicy.policyDependable) {
      logging.node.addDependency(deliveryPolicy.policyDependable);
    }
  }
}
