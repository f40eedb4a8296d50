/**
 * Compliance checks for tests: cdk-nag 3 rule packs and the Control Tower cfn-guard rules,
 * run the cdk-nag v3 way (as `IPolicyValidationPlugin`s registered with
 * `Validations.of(app).addPlugins(...)`), read back from the cloud assembly's
 * `validation-report.json` as structured findings.
 *
 * How acknowledgments work (aws-cdk-lib 2.276, cdk-nag 3.0.2):
 *
 * - `Validations.of(construct).acknowledge({ id, reason })` records
 *   `{ <qualified id>: reason }` under the `aws:cdk:acknowledged-rules` metadata key of that
 *   construct. The qualified id is `<namespace>::<rule>`; an id without `::` is put in the
 *   `Annotation::` namespace (it is taken for a construct-annotation warning id).
 * - After the plugins ran, aws-cdk-lib moves each violation whose
 *   `<plugin namespace>::<ruleName>` was acknowledged on the violating construct or any of
 *   its ancestors from `violations` to `suppressedViolations` of the report, with
 *   `acknowledgedId`, `reason` and `acknowledgedAt` (the construct path where it was
 *   acknowledged). The namespace of a plugin is its name with spaces turned into '-':
 *   `AwsSolutions`, `NIST.800.53.R5`, `PCI.DSS.321`, `HIPAA.Security`,
 *   `cdk-validator-cfnguard`.
 * - THE TRAP: cdk-nag 3 itself also reads that metadata, strips an `Annotation::` prefix and
 *   skips every finding whose rule id is then acknowledged. So an UNPREFIXED acknowledgment of
 *   a cdk-nag rule (`AwsSolutions-IAM5[...]`, as cdk-nag's own README shows) makes the finding
 *   vanish: it is in neither `violations` nor `suppressedViolations`, and no reason is kept
 *   in the report. Only the pack-prefixed id (`AwsSolutions::AwsSolutions-IAM5[...]`)
 *   shows the finding as acknowledged. An unprefixed id of a cfn-guard rule just does nothing.
 *   `ComplianceReport.misprefixedAcknowledgments` lists such acknowledgments so a test can
 *   forbid them.
 * - Side note: an acknowledgment flips a plugin report's `conclusion` to `success` when its
 *   remaining violations have no severity field (cfn-guard's), so never read `conclusion`;
 *   use `unacknowledged` here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CfnGuardValidator, CfnGuardValidatorProps } from '@cdklabs/cdk-validator-cfnguard';
import { App, AppProps, CfnResource, IPolicyValidationPlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

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
   * Acknowledgments of a rule of one of the packs written without the pack prefix. For cdk-nag
   * rules they hide the finding from the report (silent suppression); for cfn-guard rules
   * they have no effect.
   */
  readonly misprefixedAcknowledgments: RecordedAcknowledgment[];
  /** Pack-prefixed acknowledgments that matched no finding (stale, or on the wrong construct). */
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
 * An App fit for `checkCompliance`: a fresh temporary outdir and synthesis that does not throw
 * on a failed validation (the report is read instead).
 */
export function complianceApp(props: AppProps = {}): App {
  return new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'compliance-')),
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
  const findings: ComplianceFinding[] = [];
  const used = new Set<string>();
  for (const report of raw.pluginReports ?? []) {
    const pack: string = report.pluginName;
    const add = (v: any, ack?: { reason: string; acknowledgedAt: string }) => {
      for (const c of v.violatingConstructs ?? []) {
        const constructPath: string = c.constructPath ?? '';
        if (!inScope(constructPath)) {
          continue;
        }
        findings.push(toFinding(pack, v, constructPath, byPath.get(constructPath), c.cloudFormationResource?.logicalId, ack));
      }
    };
    for (const v of report.violations ?? []) {
      add(v);
    }
    for (const v of report.suppressedViolations ?? []) {
      used.add(`${v.acknowledgedAt}\u0000${v.acknowledgedId}`);
      add(v, { reason: v.reason, acknowledgedAt: v.acknowledgedAt });
    }
  }
  findings.sort(compareFindings);

  const recorded = recordedAcknowledgments(app).filter((a) => inScope(a.constructPath));
  const packRule = new RegExp(`^annotation::(${NAG_PACKS.map(escapeRegExp).join('|')})-|^annotation::[a-z0-9_]+_check$`, 'i');
  const misprefixedAcknowledgments = recorded.filter((a) => packRule.test(a.id));
  const unusedAcknowledgments = recorded.filter(
    (a) => ALL_PACKS.some((p) => a.id.startsWith(`${p}::`)) && !used.has(`${a.constructPath}\u0000${a.id}`),
  );

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

function plugins(scope: IConstruct, options: ComplianceOptions): IPolicyValidationPlugin[] {
  const packs = options.packs ?? ALL_PACKS;
  const nag = { verbose: options.verbose ?? false };
  const out: IPolicyValidationPlugin[] = [];
  for (const pack of packs) {
    switch (pack) {
      case CompliancePack.AWS_SOLUTIONS:
        out.push(new AwsSolutionsChecks(scope, nag));
        break;
      case CompliancePack.NIST_800_53_R5:
        out.push(new NIST80053R5Checks(scope, nag));
        break;
      case CompliancePack.PCI_DSS_321:
        out.push(new PCIDSS321Checks(scope, nag));
        break;
      case CompliancePack.HIPAA_SECURITY:
        out.push(new HIPAASecurityChecks(scope, nag));
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
  ack?: { reason: string; acknowledgedAt: string },
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
    acknowledgedAt: ack?.acknowledgedAt,
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
