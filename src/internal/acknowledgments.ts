/**
 * Acknowledge compliance findings (cdk-nag 3 packs, the Control Tower cfn-guard rules) on
 * the construct they concern, for rule packs run through aws-cdk-lib's Validations API.
 *
 * Ids are written pack-prefixed here, `<pack>::<rule id as the pack reports it>`, and checked.
 * How they are recorded depends on the aws-cdk-lib the app runs with:
 *
 * - aws-cdk-lib 2.271 and later (`PATH_SCOPED_ACKNOWLEDGMENTS_SINCE`): through
 *   `Validations.of(scope).acknowledge({ id: '<pack>::<rule>' })`. The acknowledgment covers
 *   the construct and everything under it, and the validation report shows the finding as
 *   acknowledged, with its reason. (An unprefixed id would be filed under `Annotation::`, and
 *   cdk-nag drops matching findings before reporting: they vanish from the report.)
 * - Older releases (the library supports 2.263, the newest on every registry jsii publishes
 *   to) apply a `<pack>::<rule>` acknowledgment to every construct of the app, not just the
 *   one it is made on, and refuse a `::` inside a rule id (`AwsSolutions-IAM5[Resource::*]`).
 *   A prefixed acknowledgment made here would then hide the same finding on the user's own
 *   resources. So cdk-nag findings are recorded the way cdk-nag itself honours them,
 *   `Annotation::<rule>` in the construct's acknowledged-rules metadata: cdk-nag skips the
 *   finding on this construct and below only, without a report entry (the reason stays in
 *   the construct metadata and the hardening report). cfn-guard findings have no scoped form
 *   there: they are acknowledged through `Validations` and, on those releases, also cover the
 *   same rule elsewhere in the app (README, "Security and compliance").
 *
 * An acknowledgment covers the construct and everything under it: put it on the narrowest one.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The packs whose findings may be acknowledged, by the namespace they report under. */
const COMPLIANCE_PACKS = ['AwsSolutions', 'NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security', 'cdk-validator-cfnguard'] as const;

/** A pack's acknowledgment namespace. */
type CompliancePackName = (typeof COMPLIANCE_PACKS)[number];

const CFN_GUARD = 'cdk-validator-cfnguard';
const MIN_REASON_LENGTH = 20;

/** The parts of a pack-prefixed rule id. */
interface PackRuleId {
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

/** What each construct has been acknowledged for already (resources shared by instances are acknowledged once). */
const acknowledged = new WeakMap<IConstruct, Set<string>>();

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
  // Resources shared by several instances (a stack's log buckets, a VPC's endpoints) are
  // acknowledged once, by the first instance that uses them.
  const done = acknowledged.get(scope) ?? new Set<string>();
  if (done.has(packRuleId)) {
    return;
  }
  done.add(packRuleId);
  acknowledged.set(scope, done);
  recordAcknowledgment(scope, { pack, ruleId }, `[HardenedDemoService] ${reason.trim()}`, ACKNOWLEDGMENT_STYLE);
}

/** The first aws-cdk-lib release that scopes a `Validations` acknowledgment to its construct. */
const PATH_SCOPED_ACKNOWLEDGMENTS_SINCE = '2.271.0';

/** How an acknowledgment is recorded (see the file comment). */
export enum AcknowledgmentStyle {
  /** `Validations.of(scope).acknowledge({ id: '<pack>::<rule>' })`: scoped, shown in the report. */
  VALIDATIONS = 'validations',
  /** cdk-nag rules as `Annotation::<rule>` metadata (scoped by cdk-nag, not in the report); cfn-guard rules through `Validations`. */
  CDK_NAG_METADATA = 'cdk-nag-metadata',
}

/**
 * The style for an aws-cdk-lib version. A version that is not a release number (a local
 * build reports `0.0.0`) is taken as the newest.
 */
export function acknowledgmentStyleFor(cdkVersion: string): AcknowledgmentStyle {
  const version = /^(\d+)\.(\d+)\.(\d+)/.exec(cdkVersion);
  if (!version || cdkVersion.startsWith('0.0.0')) {
    return AcknowledgmentStyle.VALIDATIONS;
  }
  const since = PATH_SCOPED_ACKNOWLEDGMENTS_SINCE.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const part = Number(version[i + 1]);
    if (part !== since[i]) {
      return part > since[i] ? AcknowledgmentStyle.VALIDATIONS : AcknowledgmentStyle.CDK_NAG_METADATA;
    }
  }
  return AcknowledgmentStyle.VALIDATIONS;
}

/** The style of the aws-cdk-lib this app runs with (the one that resolves from this module). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const ACKNOWLEDGMENT_STYLE: AcknowledgmentStyle = acknowledgmentStyleFor(require('aws-cdk-lib/package.json').version);

/** Record one checked acknowledgment on `scope` in the given style. */
export function recordAcknowledgment(scope: IConstruct, id: PackRuleId, reason: string, style: AcknowledgmentStyle): void {
  if (style === AcknowledgmentStyle.CDK_NAG_METADATA && id.pack !== CFN_GUARD) {
    // What `Validations.acknowledge({ id: '<rule>' })` records for an id without `::`; cdk-nag
    // strips the `Annotation::` and skips the finding on `scope` and below.
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [`Annotation::${id.ruleId}`]: reason });
    return;
  }
  Validations.of(scope).acknowledge({ id: `${id.pack}::${id.ruleId}`, reason });
}

/** Acknowledge several findings (typically one issue as each pack names it) with one reason. */
export function acknowledgeAll(scope: IConstruct, packRuleIds: readonly string[], reason: string): void {
  for (const id of packRuleIds) {
    acknowledge(scope, id, reason);
  }
}
