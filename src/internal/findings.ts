/**
 * Compliance findings acknowledged by the construct, recorded for the hardening report.
 *
 * Each internal construct acknowledges the findings on the resources it creates, beside the
 * code that creates them, and files each under the report row it concerns. The report of one
 * instance lists what the constructs under it acknowledged, including on stack-level resources
 * they use (a shared log bucket, aws-cdk-lib's providers).
 */
import { IConstruct } from 'constructs';
import { acknowledge, guardRuleId, nagRuleId } from './acknowledgments';
import { CONTROL_SPECS, ControlId, ReportRowId, weakReason } from './control-specs';
import type { HardeningProfile } from './profile';

/** One acknowledgment, as the report lists it. */
export interface RecordedAcknowledgment {
  /** The report row it is filed under. */
  readonly control: ReportRowId;
  readonly rule: string;
  readonly resource: string;
  readonly reason: string;
}

/** What each construct acknowledged, by the construct that did it. */
const RECORDS = new WeakMap<IConstruct, RecordedAcknowledgment[]>();
/** Owners whose acknowledgments a user's report lists (stack-level resources it uses). */
const SHARED = new WeakMap<IConstruct, Set<IConstruct>>();

/**
 * Acknowledge findings on each target (and everything under it), filed under `control`.
 *
 * @param by the construct acknowledging (its instance's report lists them)
 * @param control the report row the findings concern
 * @param targets the resources the findings are on (undefined entries are skipped)
 * @param packRuleIds `<pack>::<rule>` ids, typically one issue as each pack names it
 * @param reason why it is acceptable, for a reviewer
 */
export function acknowledgeFindings(
  by: IConstruct,
  control: ReportRowId,
  targets: ReadonlyArray<IConstruct | undefined>,
  packRuleIds: readonly string[],
  reason: string,
): void {
  const records = RECORDS.get(by) ?? [];
  for (const target of targets) {
    if (!target) {
      continue;
    }
    for (const id of packRuleIds) {
      acknowledge(target, id, reason);
      records.push({ control, rule: id, resource: target.node.path, reason });
    }
  }
  RECORDS.set(by, records);
}

/**
 * Everything the constructs under `root` (root included) acknowledged, in tree order, then what
 * the stack-level constructs they use acknowledged.
 */
export function acknowledgmentsUnder(root: IConstruct): RecordedAcknowledgment[] {
  const constructs = root.node.findAll();
  const owners = new Set(constructs.flatMap((c) => [...(SHARED.get(c) ?? [])]));
  // One finding on one resource is listed once, where it was first acknowledged.
  const seen = new Set<string>();
  return [...constructs, ...owners].flatMap((c) => RECORDS.get(c) ?? []).filter((r) => {
    const key = `${r.rule} ${r.resource}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

type RegulatedPack = 'NIST.800.53.R5' | 'PCI.DSS.321' | 'HIPAA.Security';
/** The ids of a rule in the regulated cdk-nag packs (NIST 800-53 R5, PCI DSS 3.2.1, HIPAA Security by default). */
export const regulated = (rule: string, packs: readonly RegulatedPack[] = ['NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security']): string[] =>
  packs.map((pack) => nagRuleId(pack, rule));
/** The AwsSolutions pack's id of a rule (with its finding in brackets, when it has one). */
export const awsSolutions = (rule: string): string => nagRuleId('AwsSolutions', rule);
/** The cfn-guard (Control Tower) id of a rule. */
export const guard = guardRuleId;

/**
 * List what `owner` (a stack-level construct, such as the stack's log buckets) acknowledges in
 * the report of every instance that `user` belongs to.
 */
export function shareFindings(owner: IConstruct, user: IConstruct): void {
  const owners = SHARED.get(user) ?? new Set<IConstruct>();
  owners.add(owner);
  SHARED.set(user, owners);
}

/**
 * The reason a relaxed control's finding is acceptable: the control is off, why (the level's
 * reason from the source notes, or the override), and what that leaves open.
 */
export function relaxationReason(profile: HardeningProfile, id: ControlId, leaves: string): string {
  return `${CONTROL_SPECS[id].title} is off (${weakReason(profile, id)}); ${leaves}. The synth warning hardened-demo-service:${id} records the choice.`;
}

/**
 * The findings on a log group the construct creates: no customer-managed key when that control
 * is off, and a retention under the year Control Tower asks for.
 */
export function acknowledgeLogGroupFindings(by: IConstruct, logGroup: IConstruct, profile: HardeningProfile, retentionDays: number): void {
  if (!profile.controls.customerManagedKeys) {
    acknowledgeFindings(by, 'customerManagedKeys', [logGroup], [...regulated('CloudWatchLogGroupEncrypted'), guard('cloudwatch_log_group_encrypted_check')],
      relaxationReason(profile, 'customerManagedKeys', 'CloudWatch Logs encrypts the log group with its own key'));
  }
  if (retentionDays < 365) {
    const source = retentionDays === profile.logRetention ? `${profile.level} level setting` : 'set by the logRetention property';
    acknowledgeFindings(by, 'logRetention', [logGroup], [guard('cloudwatch_log_group_retention_period_check')],
      `Logs are kept ${retentionDays} days (${source}); the Control Tower rule asks for a year, which PRODUCTION keeps.`);
  }
}
