import { Aws, CfnCondition, CfnMapping, Fn, ICfnConditionExpression, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';

const ELB_LOG_DELIVERY_SERVICE = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Let Elastic Load Balancing write access logs under `prefix` in `bucket`.
 *
 * Regions that opened before August 2022 deliver from a regional ELB account; later ones
 * from the `logdelivery.elasticloadbalancing.amazonaws.com` service principal. With a
 * concrete region the right principal is chosen at synth. In a region-agnostic stack
 * (where aws-cdk-lib's own `logAccessLogs` refuses to work) the choice is made at deploy
 * time with a mapping and a condition, and any region unknown to this aws-cdk-lib version
 * (necessarily a newer one) gets the service principal.
 */
export function allowElbLogDelivery(scope: Construct, bucket: s3.IBucket, prefix: string): void {
  const stack = Stack.of(scope);
  const objects = bucket.arnForObjects(`${prefix}/AWSLogs/${Aws.ACCOUNT_ID}/*`);
  let principal: iam.IPrincipal;
  if (!Token.isUnresolved(stack.region)) {
    const account = RegionInfo.get(stack.region).elbv2Account;
    principal = account ? new iam.AccountPrincipal(account) : new iam.ServicePrincipal(ELB_LOG_DELIVERY_SERVICE);
  } else {
    principal = regionAgnosticElbPrincipal(stack);
  }
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowLoadBalancerAccessLogDelivery',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [objects],
    }),
  );
}

const MAPPING_ID = 'HardenedDemoServiceElbLogAccounts';
const CONDITION_ID = 'HardenedDemoServiceElbLogFromAccount';

/** One mapping and one condition per stack, shared by every instance in it. */
function regionAgnosticElbPrincipal(stack: Stack): iam.IPrincipal {
  const legacy = RegionInfo.regions.filter((r) => r.elbv2Account !== undefined);
  let mapping = stack.node.tryFindChild(MAPPING_ID) as CfnMapping | undefined;
  if (!mapping) {
    mapping = new CfnMapping(stack, MAPPING_ID, {
      mapping: Object.fromEntries(legacy.map((r) => [r.name, { account: r.elbv2Account! }])),
    });
  }
  let condition = stack.node.tryFindChild(CONDITION_ID) as CfnCondition | undefined;
  if (!condition) {
    condition = new CfnCondition(stack, CONDITION_ID, {
      expression: anyOf(legacy.map((r) => Fn.conditionEquals(Aws.REGION, r.name))),
    });
  }
  const accountArn = `arn:${Aws.PARTITION}:iam::${mapping.findInMap(Aws.REGION, 'account')}:root`;
  return conditionalElbPrincipal(condition.logicalId, accountArn);
}

/** Fn::Or takes 2 to 10 conditions: nest larger lists. */
function anyOf(conditions: ICfnConditionExpression[]): ICfnConditionExpression {
  if (conditions.length === 1) {
    return conditions[0];
  }
  if (conditions.length <= 10) {
    return Fn.conditionOr(...conditions);
  }
  const groups: ICfnConditionExpression[] = [];
  for (let i = 0; i < conditions.length; i += 10) {
    groups.push(anyOf(conditions.slice(i, i + 10)));
  }
  return anyOf(groups);
}

type PrincipalFactory = new (conditionName: string, accountArn: string) => iam.IPrincipal;
let conditionalPrincipalClass: PrincipalFactory | undefined;

/**
 * `{ AWS: <ELB account> }` where the condition holds, `{ Service: <log delivery> }` elsewhere.
 * The class is defined on first use: extending iam.PrincipalBase at module load would load
 * the IAM module whenever the library is imported.
 */
function conditionalElbPrincipal(condition: string, account: string): iam.IPrincipal {
  conditionalPrincipalClass ??= class ConditionalElbPrincipal extends iam.PrincipalBase {
    constructor(
      private readonly conditionName: string,
      private readonly accountArn: string,
    ) {
      super();
    }
    public get policyFragment(): iam.PrincipalPolicyFragment {
      return new iam.PrincipalPolicyFragment({
        AWS: [Fn.conditionIf(this.conditionName, this.accountArn, Aws.NO_VALUE).toString()],
        Service: [Fn.conditionIf(this.conditionName, Aws.NO_VALUE, ELB_LOG_DELIVERY_SERVICE).toString()],
      });
    }
    public dedupeString(): string | undefined {
      return `ConditionalElbPrincipal:${this.conditionName}`;
    }
    public toString(): string {
      return 'ConditionalElbPrincipal';
    }
  };
  return new conditionalPrincipalClass(condition, account);
}
