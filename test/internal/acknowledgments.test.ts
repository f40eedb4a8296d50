/**
 * How the construct acknowledges cdk-nag 3 / cfn-guard findings (src/internal/acknowledgments.ts),
 * shown on tiny stacks: through the test harness, and as a user running the packs sees it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, IPolicyValidationPlugin, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  acknowledge,
  acknowledgeAll,
  ACKNOWLEDGMENT_STYLE,
  AcknowledgmentStyle,
  acknowledgmentStyleFor,
  guardRuleId,
  nagRuleId,
  parsePackRuleId,
  recordAcknowledgment,
} from '../../src/internal/acknowledgments';
import { acknowledgmentList, checkCompliance, CompliancePack, complianceApp, ComplianceReport, formatFindings } from '../compliance/compliance';
import { testApp } from '../util';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK_VERSION: string = require('aws-cdk-lib/package.json').version;

const NAG_AND_GUARD = [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.CONTROL_TOWER];

/** A private, TLS-only, versioned SSE-S3 bucket: what a log bucket looks like. */
function logBucket(stack: Stack, id: string): s3.Bucket {
  return new s3.Bucket(stack, id, {
    versioned: true,
    enforceSSL: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  });
}

/** The open violations aws-cdk-lib reports for an app checked by plain (unpatched) packs. */
function openViolations(app: App, plugins: IPolicyValidationPlugin[]): string[] {
  Validations.of(app).addPlugins(...plugins);
  const assembly = app.synth();
  const raw = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  return (raw.pluginReports ?? []).flatMap((r: any) =>
    (r.violations ?? []).flatMap((v: any) => (v.violatingConstructs ?? []).map((c: any) => `${v.ruleName} @ ${c.constructPath}`)),
  );
}

describe(`acknowledge() on this aws-cdk-lib (${CDK_VERSION}: ${ACKNOWLEDGMENT_STYLE} style)`, () => {
  let report: ComplianceReport;

  beforeAll(() => {
    const app = complianceApp();
    const stack = new Stack(app, 'Tiny');
    const acknowledged = logBucket(stack, 'Acknowledged');
    const misrecorded = logBucket(stack, 'Misrecorded');
    logBucket(stack, 'Plain');
    const user = new iam.User(stack, 'User');
    user.addToPolicy(new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['*'] }));

    acknowledgeAll(acknowledged, [nagRuleId('AwsSolutions', 'S1'), guardRuleId('s3_bucket_logging_enabled_check')], 'A log bucket does not log itself');
    // The other style than this aws-cdk-lib's, and an unprefixed cfn-guard rule.
    const wrongStyle =
      ACKNOWLEDGMENT_STYLE === AcknowledgmentStyle.VALIDATIONS ? AcknowledgmentStyle.CDK_NAG_METADATA : AcknowledgmentStyle.VALIDATIONS;
    recordAcknowledgment(misrecorded, parsePackRuleId(nagRuleId('AwsSolutions', 'S1')), 'Recorded in the wrong style', wrongStyle);
    Validations.of(misrecorded).acknowledge({ id: 's3_bucket_logging_enabled_check', reason: 'Unprefixed guard rule: no effect' });
    // One finding of a rule that reports several per resource (a '::' inside the rule id).
    acknowledge(user, nagRuleId('AwsSolutions', 'IAM5', 'Action::s3:Get*'), 'Read-only on purpose in this demo');
    // On an ancestor (the stack): covers every resource below it.
    acknowledge(stack, nagRuleId('NIST.800.53.R5', 'S3BucketReplicationEnabled'), 'No second region in this demo');
    // Stale: nothing of this rule is on the user.
    acknowledge(user, nagRuleId('AwsSolutions', 'S1'), 'Stale: no bucket under the user');

    report = checkCompliance(stack, { packs: NAG_AND_GUARD });
  });

  test('the finding is acknowledged on its construct, with the reason and where it was acknowledged', () => {
    for (const rule of ['AwsSolutions-S1', 's3_bucket_logging_enabled_check']) {
      const f = report.findings.find((x) => x.ruleId === rule && x.resource === 'Acknowledged');
      expect(f).toMatchObject({ acknowledged: true, reason: '[HardenedDemoService] A log bucket does not log itself', acknowledgedAt: 'Tiny/Acknowledged' });
    }
  });

  test('the same rule on another construct stays open', () => {
    const plain = report.findings.filter((f) => f.resource === 'Plain' && ['AwsSolutions-S1', 's3_bucket_logging_enabled_check'].includes(f.ruleId));
    expect(plain.map((f) => [f.ruleId, f.acknowledged])).toEqual([
      ['AwsSolutions-S1', false],
      ['s3_bucket_logging_enabled_check', false],
    ]);
  });

  test('a wrong-style or unprefixed acknowledgment is named', () => {
    expect(report.misprefixedAcknowledgments.map((a) => [a.id, a.constructPath])).toEqual([
      [ACKNOWLEDGMENT_STYLE === AcknowledgmentStyle.VALIDATIONS ? 'Annotation::AwsSolutions-S1' : 'AwsSolutions::AwsSolutions-S1', 'Tiny/Misrecorded'],
      ['Annotation::s3_bucket_logging_enabled_check', 'Tiny/Misrecorded'],
    ]);
    const guard = report.findings.find((x) => x.ruleId === 's3_bucket_logging_enabled_check' && x.resource === 'Misrecorded');
    expect(guard?.acknowledged).toBe(false);
  });

  test('findings of a multi-finding rule (IAM5) are acknowledged one by one', () => {
    const iam5 = report.findings.filter((f) => f.rule === 'AwsSolutions-IAM5');
    expect(iam5.map((f) => [f.ruleId, f.acknowledged])).toEqual([
      ['AwsSolutions-IAM5[Action::s3:Get*]', true],
      ['AwsSolutions-IAM5[Resource::*]', false],
    ]);
  });

  test('an acknowledgment on an ancestor covers every resource below it', () => {
    const replication = report.findings.filter((f) => f.rule === 'NIST.800.53.R5-S3BucketReplicationEnabled');
    expect(replication).toHaveLength(3);
    expect(replication.every((f) => f.acknowledged && f.acknowledgedAt === 'Tiny')).toBe(true);
  });

  test('an acknowledgment that matched nothing is reported as unused', () => {
    expect(report.unusedAcknowledgments.map((a) => [a.constructPath, a.reason])).toEqual([['Tiny/User', '[HardenedDemoService] Stale: no bucket under the user']]);
  });
});

describe('what a user running the packs sees (plain cdk-nag and cfn-guard plugins, no harness)', () => {
  test('a cdk-nag finding acknowledged by the construct is not reported; the same rule on the user\'s own resource is', () => {
    const app = complianceApp();
    const stack = new Stack(app, 'User');
    acknowledge(logBucket(stack, 'Ours'), nagRuleId('AwsSolutions', 'S1'), 'A log bucket does not log itself');
    logBucket(stack, 'Theirs');
    const open = openViolations(app, [new AwsSolutionsChecks(app)]);
    expect(open).toContain('AwsSolutions-S1 @ User/Theirs/Resource');
    expect(open).not.toContain('AwsSolutions-S1 @ User/Ours/Resource');
  });

  test('a cfn-guard acknowledgment covers only its construct from aws-cdk-lib 2.271 (app-wide before: README)', () => {
    const app = complianceApp();
    const stack = new Stack(app, 'User');
    acknowledge(logBucket(stack, 'Ours'), guardRuleId('s3_bucket_logging_enabled_check'), 'A log bucket does not log itself');
    logBucket(stack, 'Theirs');
    const open = openViolations(app, [new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 }) as unknown as IPolicyValidationPlugin]);
    expect(open).not.toContain('s3_bucket_logging_enabled_check @ User/Ours/Resource');
    const theirs = open.includes('s3_bucket_logging_enabled_check @ User/Theirs/Resource');
    expect(theirs).toBe(ACKNOWLEDGMENT_STYLE === AcknowledgmentStyle.VALIDATIONS);
  });
});

describe('the acknowledgment style follows the aws-cdk-lib version', () => {
  test.each([
    ['2.263.0', AcknowledgmentStyle.CDK_NAG_METADATA],
    ['2.270.9', AcknowledgmentStyle.CDK_NAG_METADATA],
    ['2.271.0', AcknowledgmentStyle.VALIDATIONS],
    ['2.276.0', AcknowledgmentStyle.VALIDATIONS],
    ['2.1000.0', AcknowledgmentStyle.VALIDATIONS],
    ['3.0.0', AcknowledgmentStyle.VALIDATIONS],
    ['0.0.0', AcknowledgmentStyle.VALIDATIONS],
    ['not-a-version', AcknowledgmentStyle.VALIDATIONS],
  ])('%s: %s', (version, style) => {
    expect(acknowledgmentStyleFor(version)).toBe(style);
  });

  test('each style records what it says', () => {
    const stack = new Stack(testApp());
    const id = parsePackRuleId(nagRuleId('AwsSolutions', 'S1'));
    recordAcknowledgment(stack, id, 'reason for the metadata style', AcknowledgmentStyle.CDK_NAG_METADATA);
    recordAcknowledgment(stack, parsePackRuleId(guardRuleId('s3_bucket_logging_enabled_check')), 'a guard rule in the metadata style', AcknowledgmentStyle.CDK_NAG_METADATA);
    recordAcknowledgment(new Stack(testApp(), 'Other'), id, 'reason for the validations style', AcknowledgmentStyle.VALIDATIONS);
    const recorded = stack.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    expect(recorded).toEqual([
      { 'Annotation::AwsSolutions-S1': 'reason for the metadata style' },
      { 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check': 'a guard rule in the metadata style' },
    ]);
  });
});

describe('the acknowledge() helper', () => {
  const reason = 'Log buckets stay SSE-S3: S3 server access logs cannot be delivered to SSE-KMS buckets';

  test('builds and checks pack-prefixed ids', () => {
    expect(nagRuleId('AwsSolutions', 'IAM5', 'Resource::*')).toBe('AwsSolutions::AwsSolutions-IAM5[Resource::*]');
    expect(nagRuleId('NIST.800.53.R5', 'S3DefaultEncryptionKMS')).toBe('NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS');
    expect(guardRuleId('s3_bucket_logging_enabled_check')).toBe('cdk-validator-cfnguard::s3_bucket_logging_enabled_check');
    expect(parsePackRuleId('AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::b/*]')).toEqual({
      pack: 'AwsSolutions',
      ruleId: 'AwsSolutions-IAM5[Resource::arn:aws:s3:::b/*]',
    });
  });

  test('refuses what would silently suppress or match nothing', () => {
    const stack = new Stack(testApp());
    const packs = 'AwsSolutions, NIST.800.53.R5, PCI.DSS.321, HIPAA.Security, cdk-validator-cfnguard';
    expect(() => acknowledge(stack, 'AwsSolutions-S1', reason)).toThrow(
      `acknowledge: 'AwsSolutions-S1' has no pack prefix. Write '<pack>::<rule id>', e.g. 'AwsSolutions::AwsSolutions-IAM5[Resource::*]' (packs: ${packs}). ` +
        'An unprefixed cdk-nag id hides the finding from the validation report.',
    );
    expect(() => acknowledge(stack, 'Nag::AwsSolutions-S1', reason)).toThrow(`acknowledge: unknown pack 'Nag' in 'Nag::AwsSolutions-S1'. Known packs: ${packs}.`);
    expect(() => acknowledge(stack, 'AwsSolutions::NIST.800.53.R5-S3BucketLoggingEnabled', reason)).toThrow(
      "acknowledge: the rule id of a AwsSolutions finding starts with 'AwsSolutions-': 'AwsSolutions::NIST.800.53.R5-S3BucketLoggingEnabled' would match nothing.",
    );
    expect(() => acknowledge(stack, 'cdk-validator-cfnguard::CT.S3.PR.2', reason)).toThrow(
      "acknowledge: 'CT.S3.PR.2' is not a cfn-guard rule name (lower_snake_case, e.g. 's3_bucket_logging_enabled_check').",
    );
    expect(() => acknowledge(stack, 'AwsSolutions::AwsSolutions-IAM5[Resource::*', reason)).toThrow("acknowledge: unbalanced brackets in 'AwsSolutions::AwsSolutions-IAM5[Resource::*'.");
    expect(() => acknowledge(stack, 'AwsSolutions::AwsSolutions-S1', 'ok')).toThrow(
      "acknowledge: give 'AwsSolutions::AwsSolutions-S1' a reason a reviewer can judge (at least 20 characters).",
    );
  });

  test('a tiny stack: no unacknowledged finding, and the exact list of acknowledgments', () => {
    const app = complianceApp();
    const stack = new Stack(app, 'Tiny');
    const bucket = logBucket(stack, 'LogBucket');
    acknowledgeAll(bucket, [nagRuleId('AwsSolutions', 'S1'), nagRuleId('NIST.800.53.R5', 'S3BucketLoggingEnabled'), guardRuleId('s3_bucket_logging_enabled_check')],
      'The log bucket is the access-log destination: logging it would need another log bucket, without end');
    acknowledgeAll(bucket, [nagRuleId('NIST.800.53.R5', 'S3DefaultEncryptionKMS'), guardRuleId('s3_bucket_default_encryption_kms_check')], reason);
    acknowledge(bucket, nagRuleId('NIST.800.53.R5', 'S3BucketReplicationEnabled'), 'Single-region demo: no replica region');
    acknowledgeAll(bucket, [guardRuleId('s3_bucket_object_lock_enabled_check'), guardRuleId('s3_event_notifications_enabled_check'),
      guardRuleId('s3_lifecycle_policy_check'), guardRuleId('s3_version_lifecycle_policy_check')], 'Out of scope for this demonstration');

    const report = checkCompliance(stack, { packs: NAG_AND_GUARD });

    expect(report.unacknowledged).toEqual([]);
    expect(report.misprefixedAcknowledgments).toEqual([]);
    expect(report.unusedAcknowledgments).toEqual([]);
    expect(acknowledgmentList(report.findings)).toEqual([
      { id: 'AwsSolutions::AwsSolutions-S1', resource: 'LogBucket', reason: expect.stringMatching(/^\[HardenedDemoService\] The log bucket is the access-log destination/) },
      { id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check', resource: 'LogBucket', reason: `[HardenedDemoService] ${reason}` },
      { id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'cdk-validator-cfnguard::s3_event_notifications_enabled_check', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'cdk-validator-cfnguard::s3_lifecycle_policy_check', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'cdk-validator-cfnguard::s3_version_lifecycle_policy_check', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled', resource: 'LogBucket', reason: expect.any(String) },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled', resource: 'LogBucket', reason: '[HardenedDemoService] Single-region demo: no replica region' },
      { id: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS', resource: 'LogBucket', reason: `[HardenedDemoService] ${reason}` },
    ]);
    // What a failing assertion would print.
    expect(formatFindings(report.acknowledged)).toMatch(/AwsSolutions::AwsSolutions-S1 {2}LogBucket \(LogBucket[0-9A-F]{8}\)/);
  });
});
