/**
 * Compliance findings acknowledged by the construct, recorded for the hardening report.
 *
 * Each internal construct acknowledges the findings on the resources it creates, beside the
 * code that creates them, and files each under the report row it concerns. The report of one
 * instance lists what the constructs under it acknowledged, including on stack-level resources
 * they use (a shared log bucket, aws-cdk-lib's providers).
 */
import { IConstruct } from 'constructs';
import { acknowledge } from './acknowledgments';
import type { ReportRowId } from './control-specs';

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

/** Everything the constructs under `root` (root included) acknowledged, in tree order. */
export function acknowledgmentsUnder(root: IConstruct): RecordedAcknowledgment[] {
  return root.node.findAll().flatMap((c) => RECORDS.get(c) ?? []);
}

/** `<pack>::<pack>-<rule>` for the regulated cdk-nag packs (NIST 800-53 R5, PCI DSS 3.2.1, HIPAA Security by default). */
export const regulated = (rule: string, packs: readonly string[] = ['NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security']): string[] => packs.map((p) => `${p}::${p}-${rule}`);
/** The AwsSolutions pack's id of a rule. */
export const awsSolutions = (rule: string): string => `AwsSolutions::AwsSolutions-${rule}`;
/** The cfn-guard (Control Tower) id of a rule. */
export const guard = (rule: string): string => `cdk-validator-cfnguard::${rule}`;
