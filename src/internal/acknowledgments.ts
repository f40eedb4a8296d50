/**
 * Acknowledge compliance findings (cdk-nag 3 packs, the Control Tower cfn-guard rules) on
 * the construct they concern, through aws-cdk-lib's `Validations.of(scope).acknowledge()`.
 *
 * The id is always pack-prefixed, `<pack>::<rule id as the pack reports it>`. An unprefixed
 * id is filed under `Annotation::`, and cdk-nag 3 drops every finding that matches it before
 * reporting: the finding vanishes from the validation report, neither open nor acknowledged
 * (a silent suppression). With the prefix, the finding is reported as acknowledged, with its
 * reason. So an unprefixed id is refused here.
 *
 * An acknowledgment covers the construct and everything under it: put it on the narrowest one.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The packs whose findings may be acknowledged, by the namespace they report under. */
export const COMPLIANCE_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security', 'cdk-validator-cfnguard'] as const;

/** A pack's acknowledgment namespace. */
export type CompliancePackName = (typeof COMPLIANCE_PACKS)[number];

const CFN_GUARD = 'cdk-validator-cfnguard';
const MIN_REASON_LENGTH = 20;

/** The parts of a pack-prefixed rule id. */
export interface PackRuleId {
  readonly pack: CompliancePackName;
  /** The rule id as the pack reports it, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  readonly ruleId: string;
}

/**
 * Split and check `<pack>::<rule id>`. Throws on an unprefixed id, an unknown pack, a cdk-nag
 * rule id that does not start with its pack's name (`AwsSolutions::NIST.800.53.R5-...`), or
 * unbalanced brackets.
 */
export function parsePackRuleId(packRuleId: string): PackRuleId {
  const sep = packRuleId.indexOf('::');
  if (sep <= 0) {
    throw new Error(
      `acknowledge: '${packRuleId}' has no pack prefix. Write '<pack>::<rule id>', e.g. 'AwsSolutions::AwsSolutions-IAM5[Resource::*]' ` +
        `(packs: ${COMPLIANCE_PACKS.join(', ')}). An unprefixed cdk-nag id hides the finding from the validation report.`,
    );
  }
  const pack = packRuleId.slice(0, sep) as CompliancePackName;
  const ruleId = packRuleId.slice(sep + 2);
  if (!COMPLIANCE_PACKS.includes(pack)) {
    throw new Error(`acknowledge: unknown pack '${pack}' in '${packRuleId}'. Known packs: ${COMPLIANCE_PACKS.join(', ')}.`);
  }
  if (pack === CFN_GUARD ? !/^[a-z0-9_]+$/.test(ruleId) : !ruleId.startsWith(`${pack}-`)) {
    throw new Error(
      pack === CFN_GUARD
        ? `acknowledge: '${ruleId}' is not a cfn-guard rule name (lower_snake_case, e.g. 's3_bucket_logging_enabled_check').`
        : `acknowledge: the rule id of a ${pack} finding starts with '${pack}-': '${packRuleId}' would match nothing.`,
    );
  }
  let depth = 0;
  for (const c of ruleId) {
    depth += c === '[' ? 1 : c === ']' ? -1 : 0;
    if (depth < 0) {
      break;
    }
  }
  if (depth !== 0) {
    throw new Error(`acknowledge: unbalanced brackets in '${packRuleId}'.`);
  }
  return { pack, ruleId };
}

/**
 * `nagRuleId('AwsSolutions', 'IAM5', 'Resource::*')` is `'AwsSolutions::AwsSolutions-IAM5[Resource::*]'`.
 *
 * @param pack a cdk-nag pack
 * @param rule the rule without its pack prefix, e.g. `IAM5`, `S3DefaultEncryptionKMS`
 * @param finding the finding of a rule that reports several per resource (the part in brackets)
 */
export function nagRuleId(pack: Exclude<CompliancePackName, 'cdk-validator-cfnguard'>, rule: string, finding?: string): string {
  return `${pack}::${pack}-${rule}${finding !== undefined ? `[${finding}]` : ''}`;
}

/** `guardRuleId('s3_bucket_logging_enabled_check')` is `'cdk-validator-cfnguard::s3_bucket_logging_enabled_check'`. */
export function guardRuleId(rule: string): string {
  return `${CFN_GUARD}::${rule}`;
}

/**
 * Acknowledge one finding on `scope` and everything under it.
 *
 * @param scope the construct the finding is on (or an ancestor: keep it narrow)
 * @param packRuleId `<pack>::<rule id as the pack reports it>`
 * @param reason why it is acceptable, for a security reviewer (shown in the validation report)
 */
export function acknowledge(scope: IConstruct, packRuleId: string, reason: string): void {
  const { pack, ruleId } = parsePackRuleId(packRuleId);
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`acknowledge: give '${packRuleId}' a reason a reviewer can judge (at least ${MIN_REASON_LENGTH} characters).`);
  }
  Validations.of(scope).acknowledge({ id: `${pack}::${ruleId}`, reason: `[HardenedDemoService] ${reason.trim()}` });
}

/** Acknowledge several findings (typically one issue as each pack names it) with one reason. */
export function acknowledgeAll(scope: IConstruct, packRuleIds: readonly string[], reason: string): void {
  for (const id of packRuleIds) {
    acknowledge(scope, id, reason);
  }
}

/**
 * Acknowledge findings on a construct that aws-cdk-lib creates once per stack, outside this
 * construct's subtree (the provider of `AwsCustomResource`, the custom resource provider of
 * `Vpc.restrictDefaultSecurityGroup`). Call it after the construct that creates the singleton.
 * Nothing happens when the stack has no child `singletonId` (e.g. the feature is off).
 *
 * @returns whether the singleton was found
 */
export function acknowledgeStackSingleton(scope: IConstruct, singletonId: string, packRuleIds: readonly string[], reason: string): boolean {
  const singleton = Stack.of(scope).node.tryFindChild(singletonId);
  if (!singleton) {
    return false;
  }
  acknowledgeAll(singleton, packRuleIds, reason);
  return true;
}
