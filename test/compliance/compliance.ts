/**
 * Compliance checks for tests: cdk-nag 3 rule packs and the Control Tower cfn-guard rules,
 * run the cdk-nag v3 way (as `IPolicyValidationPlugin`s registered with
 * `Validations.of(app).addPlugins(...)`), read back from the cloud assembly's
 * `validation-report.json` as structured findings.
 *
 * How acknowledgments work (cdk-nag 3.0.2):
 *
 * - `Validations.of(construct).acknowledge({ id, reason })` records
 *   `{ <qualified id>: reason }` under the `aws:cdk:acknowledged-rules` metadata key of that
 *   construct. The qualified id is `<namespace>::<rule>`; an id without `::` is put in the
 *   `Annotation::` namespace (it is taken for a construct-annotation warning id).
 * - After the plugins ran, aws-cdk-lib moves each violation whose
 *   `<plugin namespace>::<ruleName>` was acknowledged to `suppressedViolations` of the report,
 *   with the reason. From aws-cdk-lib 2.271 only on the acknowledged construct and below;
 *   before 2.271 on EVERY construct of the app (and a `::` inside a rule id, as in
 *   `AwsSolutions-IAM5[Resource::*]`, is refused).
 * - cdk-nag 3 itself also reads that metadata, strips an `Annotation::` prefix and skips
 *   every finding on that construct and below whose rule id is then acknowledged: it is in
 *   neither `violations` nor `suppressedViolations`.
 * - The construct records in the style the running aws-cdk-lib scopes correctly
 *   (src/internal/acknowledgments.ts). This harness therefore makes cdk-nag report every
 *   finding (`reportingEveryFinding`), reads open and suppressed violations alike, and decides
 *   on the construct tree which acknowledgment (either form) covers each finding. The result
 *   is the same under both styles; `misprefixedAcknowledgments` lists acknowledgments in the
 *   wrong style for the running aws-cdk-lib so a test can forbid them.
 * - Side note: an acknowledgment flips a plugin report's `conclusion` to `success` when its
 *   remaining violations have no severity field (cfn-guard's), so never read `conclusion`;
 *   use `unacknowledged` here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator, CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import { App, AppProps, CfnResource, IPolicyValidationPlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGMENT_STYLE, AcknowledgmentStyle } from '../../src/internal/acknowledgments';
import { tempDir } from '../util';

/** The rule packs, by the plugin name (= acknowledgment namespace) each reports under. */
export enum CompliancePack {
  AWS_SOLUTIONS = 'AwsSolutions',
  NIST_800_53_R5 = 'NIST.800.53.R5',
  PCI_DSS_321 = 'PCI.DSS.321',
  HIPAA_SECURITY = 'HIPAA.Security',
  /** The Control Tower proactive controls bundled with @cdklabs/cdk-validator-cfnguard. */
  CONTROL_TOWER = 'cdk-validator-cfnguard',
}

export const ALL_PACKS: readonly CompliancePack[] = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.PCI_DSS_321,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.CONTROL_TOWER,
];

const NAG_PACKS: readonly string[] = ALL_PACKS.filter((p) => p !== CompliancePack.CONTROL_TOWER);
const NAG_RULE_AS_ANNOTATION = new RegExp(`^annotation::(${NAG_PACKS.map(escapeRegExp).join('|')})-`, 'i');

/** The context key that stops an in-memory app from throwing on a failed validation. */
export const FAIL_SYNTH_ON_VALIDATION_ERRORS = '@aws-cdk/core:failSynthOnValidationErrors';
const ACK_METADATA = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
const REPORT_FILE = 'validation-report.json';

/** One finding of one rule on one resource. */
export interface ComplianceFinding {
  /** The pack (plugin) that reported it. */
  readonly pack: string;
  /**
   * The rule id as the pack reports it, with the finding suffix when the rule reports several
   * per resource: `AwsSolutions-IAM5[Resource::*]`, `NIST.800.53.R5-S3BucketLoggingEnabled`,
   * `s3_bucket_logging_enabled_check` (cfn-guard).
   */
  readonly ruleId: string;
  /** The rule without a finding suffix (`AwsSolutions-IAM5`); the control id for cfn-guard (`CT.S3.PR.2`). */
  readonly rule: string;
  /** The id to acknowledge it with: `<pack>::<ruleId>`. */
  readonly acknowledgmentId: string;
  readonly severity: string;
  readonly message: string;
  /** The stack's construct path (the first path segment under the app). */
  readonly stack: string;
  /** Path of the violating construct (the L1 resource). */
  readonly constructPath: string;
  /** The construct path without the app/stack prefix and the trailing `/Resource`. */
  readonly resource: string;
  /** CloudFormation logical id, when the construct is a CfnResource. */
  readonly logicalId?: string;
  /** CloudFormation resource type, when the construct is a CfnResource. */
  readonly resourceType?: string;
  readonly acknowledged: boolean;
  /** The acknowledgment's reason, when acknowledged. */
  readonly reason?: string;
  /** Where it was acknowledged (a construct path: the resource itself or an ancestor). */
  readonly acknowledgedAt?: string;
}

/** An acknowledgment recorded on a construct (from the construct metadata). */
export interface RecordedAcknowledgment {
  /** The qualified id as recorded (`AwsSolutions::AwsSolutions-S1`, `Annotation::AwsSolutions-S1`). */
  readonly id: string;
  readonly reason: string;
  readonly constructPath: string;
}

export interface ComplianceReport {
  /** Every finding, acknowledged or not, sorted by pack, rule, construct path. */
  readonly findings: ComplianceFinding[];
  readonly unacknowledged: ComplianceFinding[];
  readonly acknowledged: ComplianceFinding[];
  /**
   * Acknowledgments of a pack's rule recorded in the wrong style for the running aws-cdk-lib
   * (see `isMisrecorded`): they hide findings from the report or from other constructs, or
   * (an unprefixed cfn-guard rule) do nothing.
   */
  readonly misprefixedAcknowledgments: RecordedAcknowledgment[];
  /** Acknowledgments of a pack's rule (either style) that matched no finding (stale, or on the wrong construct). */
  readonly unusedAcknowledgments: RecordedAcknowledgment[];
  /** The raw report aws-cdk-lib wrote. */
  readonly rawReport: unknown;
  /** The cloud assembly directory. */
  readonly assemblyDirectory: string;
}

export interface ComplianceOptions {
  /** @default ALL_PACKS */
  readonly packs?: readonly CompliancePack[];
  /** Descriptions with cdk-nag's explanations. @default false */
  readonly verbose?: boolean;
  /** Options of the cfn-guard plugin (maxBuffer defaults to 256 MiB here). */
  readonly cfnGuard?: CfnGuardValidatorProps;
}

/**
 * An App fit for `checkCompliance`: a fresh temporary outdir (removed after the test file, see `tempDir`) and synthesis that does not throw
 * on a failed validation (the report is read instead).
 */
export function complianceApp(props: AppProps = {}): App {
  return new App({
    outdir: tempDir('compliance-'),
    ...props,
    context: { [FAIL_SYNTH_ON_VALIDATION_ERRORS]: false, ...props.context },
  });
}

/**
 * Register the packs on the app (or stage) of `scope`, synthesize, and return the findings
 * of the constructs under `scope` (all of them when `scope` is the app).
 *
 * Call it once per app, after every construct and acknowledgment was added.
 */
export function checkCompliance(scope: IConstruct, options: ComplianceOptions = {}): ComplianceReport {
  const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
  if (!stage) {
    throw new Error('checkCompliance: the scope is not inside an App or Stage');
  }
  const app = rootApp(scope);
  Validations.of(stage).addPlugins(...plugins(stage, options));

  let raw: any;
  let assemblyDirectory: string;
  try {
    const assembly = app.synth();
    assemblyDirectory = assembly.directory;
    raw = JSON.parse(fs.readFileSync(path.join(assemblyDirectory, REPORT_FILE), 'utf8'));
  } catch (e) {
    // An app made without FAIL_SYNTH_ON_VALIDATION_ERRORS=false throws once the report is written.
    const file = path.join(app.outdir, REPORT_FILE);
    if (!fs.existsSync(file) || !/Validation failed/i.test(String(e))) {
      throw e;
    }
    assemblyDirectory = app.outdir;
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  }

  const byPath = new Map<string, IConstruct>(app.node.findAll().map((c) => [c.node.path, c]));
  const inScope = (p: string) => scope === app || p === scope.node.path || p.startsWith(`${scope.node.path}/`);
  const recordedAll = recordedAcknowledgments(app);
  const findings: ComplianceFinding[] = [];
  const used = new Set<RecordedAcknowledgment>();
  for (const report of raw.pluginReports ?? []) {
    const pack: string = report.pluginName;
    // Open and suppressed alike: whether a finding is acknowledged is decided below, on the
    // construct tree, the same way under both recording styles (aws-cdk-lib before 2.271
    // suppresses a prefixed id app-wide, so its `suppressedViolations` cannot be trusted).
    for (const v of [...(report.violations ?? []), ...(report.suppressedViolations ?? [])]) {
      for (const c of v.violatingConstructs ?? []) {
        const constructPath: string = c.constructPath ?? '';
        if (!inScope(constructPath)) {
          continue;
        }
        const ack = closestAcknowledgment(recordedAll, pack, v.ruleName, constructPath);
        if (ack) {
          used.add(ack);
        }
        findings.push(toFinding(pack, v, constructPath, byPath.get(constructPath), c.cloudFormationResource?.logicalId, ack));
      }
    }
  }
  findings.sort(compareFindings);

  const recorded = recordedAll.filter((a) => inScope(a.constructPath));
  const misprefixedAcknowledgments = recorded.filter((a) => isMisrecorded(a.id));
  const unusedAcknowledgments = recorded.filter((a) => isPackAcknowledgment(a.id) && !used.has(a));

  return {
    findings,
    unacknowledged: findings.filter((f) => !f.acknowledged),
    acknowledged: findings.filter((f) => f.acknowledged),
    misprefixedAcknowledgments,
    unusedAcknowledgments,
    rawReport: raw,
    assemblyDirectory,
  };
}

/** A stable, reviewable list of acknowledgments, for `toEqual` or a snapshot. */
export function acknowledgmentList(findings: readonly ComplianceFinding[]): Array<{ id: string; resource: string; reason: string }> {
  const seen = new Set<string>();
  const out: Array<{ id: string; resource: string; reason: string }> = [];
  for (const f of findings) {
    if (!f.acknowledged) {
      continue;
    }
    const key = `${f.acknowledgmentId}|${f.resource}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ id: f.acknowledgmentId, resource: f.resource, reason: f.reason ?? '' });
    }
  }
  return out;
}

/** A plain-text table of findings, for test failure messages. */
export function formatFindings(findings: readonly ComplianceFinding[]): string {
  if (findings.length === 0) {
    return '(no findings)';
  }
  return findings
    .map((f) => {
      const where = `${f.resource}${f.logicalId ? ` (${f.logicalId})` : ''}`;
      const ack = f.acknowledged ? `  [acknowledged at ${f.acknowledgedAt}: ${f.reason}]` : '';
      return `${f.acknowledgmentId}  ${where}  ${f.message}${ack}`;
    })
    .join('\n');
}

/**
 * A cdk-nag pack that reports every finding, acknowledged or not: cdk-nag otherwise drops a
 * finding acknowledged as `Annotation::<rule>` before reporting, and the harness could not tell
 * it from one that never happened. Acknowledgments are matched by `closestAcknowledgment`.
 */
function reportingEveryFinding<T extends IPolicyValidationPlugin>(pack: T): T {
  if (typeof (pack as any).isAcknowledged !== 'function') {
    throw new Error('cdk-nag changed: NagPack has no isAcknowledged() to switch off; update test/compliance/compliance.ts');
  }
  (pack as any).isAcknowledged = () => false;
  return pack;
}

function plugins(scope: IConstruct, options: ComplianceOptions): IPolicyValidationPlugin[] {
  const packs = options.packs ?? ALL_PACKS;
  const nag = { verbose: options.verbose ?? false };
  const out: IPolicyValidationPlugin[] = [];
  for (const pack of packs) {
    switch (pack) {
      case CompliancePack.AWS_SOLUTIONS:
        out.push(reportingEveryFinding(new AwsSolutionsChecks(scope, nag)));
        break;
      case CompliancePack.NIST_800_53_R5:
        out.push(reportingEveryFinding(new NIST80053R5Checks(scope, nag)));
        break;
      case CompliancePack.PCI_DSS_321:
        out.push(reportingEveryFinding(new PCIDSS321Checks(scope, nag)));
        break;
      case CompliancePack.HIPAA_SECURITY:
        out.push(reportingEveryFinding(new HIPAASecurityChecks(scope, nag)));
        break;
      case CompliancePack.CONTROL_TOWER:
        // A Beta1 plugin: its report's resources always carry a logical id and template path.
        out.push(new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024, ...options.cfnGuard }) as unknown as IPolicyValidationPlugin);
        break;
    }
  }
  return out;
}

function toFinding(
  pack: string,
  v: any,
  constructPath: string,
  construct: IConstruct | undefined,
  reportedLogicalId: string | undefined,
  ack?: RecordedAcknowledgment,
): ComplianceFinding {
  const ruleId: string = v.ruleName;
  const controlId = /^\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(v.description ?? '')?.[1];
  const rule = pack === CompliancePack.CONTROL_TOWER && controlId ? controlId : ruleId.replace(/\[.*\]$/s, '');
  let logicalId = reportedLogicalId;
  let resourceType: string | undefined;
  let stack = constructPath.split('/')[0];
  if (construct && CfnResource.isCfnResource(construct)) {
    const s = Stack.of(construct);
    logicalId = logicalId ?? s.resolve(construct.logicalId);
    resourceType = construct.cfnResourceType;
    stack = s.node.path;
  }
  const resource = constructPath.startsWith(`${stack}/`) ? constructPath.slice(stack.length + 1) : constructPath;
  return {
    pack,
    ruleId,
    rule,
    acknowledgmentId: `${pack.replace(/ /g, '-')}::${ruleId}`,
    severity: v.severity ?? 'error',
    message: String(v.description ?? '').replace(/\s+/g, ' ').trim(),
    stack,
    constructPath,
    resource: resource.replace(/\/Resource$/, ''),
    logicalId,
    resourceType,
    acknowledged: ack !== undefined,
    reason: ack?.reason,
    acknowledgedAt: ack?.constructPath,
  };
}

function recordedAcknowledgments(root: IConstruct): RecordedAcknowledgment[] {
  const out: RecordedAcknowledgment[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === ACK_METADATA && entry.data) {
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          out.push({ id, reason, constructPath: c.node.path });
        }
      }
    }
  }
  return out;
}

/**
 * The acknowledgment of `ruleName` (as `pack` reports it) on `constructPath` or its closest
 * ancestor: `<pack>::<rule>`, or for a cdk-nag pack also `Annotation::<rule>` (how cdk-nag
 * itself honours an acknowledgment, and how the construct records them on aws-cdk-lib before
 * 2.271).
 */
function closestAcknowledgment(
  recorded: readonly RecordedAcknowledgment[],
  pack: string,
  ruleName: string,
  constructPath: string,
): RecordedAcknowledgment | undefined {
  const ids = new Set([`${pack.replace(/ /g, '-')}::${ruleName}`]);
  if (NAG_PACKS.includes(pack)) {
    ids.add(`annotation::${ruleName}`.toLowerCase());
  }
  const matches = (a: RecordedAcknowledgment) => ids.has(a.id) || ids.has(a.id.toLowerCase());
  for (let at = constructPath; at !== ''; at = at.includes('/') ? at.slice(0, at.lastIndexOf('/')) : '') {
    const ack = recorded.find((a) => a.constructPath === at && matches(a));
    if (ack) {
      return ack;
    }
  }
  return undefined;
}

/** An acknowledgment of a pack's rule, in either recording style. */
function isPackAcknowledgment(id: string): boolean {
  return ALL_PACKS.some((p) => id.startsWith(`${p}::`)) || NAG_RULE_AS_ANNOTATION.test(id);
}

/**
 * An acknowledgment of a cdk-nag rule recorded in the other style than the one for the
 * running aws-cdk-lib: `Annotation::<rule>` on 2.271+ (the finding vanishes from the report),
 * `<pack>::<rule>` before (it hides the finding on every construct of the app). An unprefixed
 * cfn-guard rule id is always wrong (it does nothing).
 */
function isMisrecorded(id: string): boolean {
  if (/^annotation::[a-z0-9_]+_check$/i.test(id)) {
    return true;
  }
  return ACKNOWLEDGMENT_STYLE === AcknowledgmentStyle.VALIDATIONS
    ? NAG_RULE_AS_ANNOTATION.test(id)
    : NAG_PACKS.some((p) => id.startsWith(`${p}::`));
}

function rootApp(scope: IConstruct): App {
  const root = scope.node.root;
  if (!App.isApp(root)) {
    throw new Error('checkCompliance: the construct tree has no App at its root');
  }
  return root;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compareFindings(a: ComplianceFinding, b: ComplianceFinding): number {
  return a.pack.localeCompare(b.pack) || a.ruleId.localeCompare(b.ruleId) || a.constructPath.localeCompare(b.constructPath);
}
