/**
 * How cdk-nag 3 / cfn-guard findings are acknowledged through aws-cdk-lib's Validations API,
 * shown on tiny stacks, and the proposed acknowledge() helper for src/internal.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgmentList, checkCompliance, CompliancePack, complianceApp, ComplianceReport, formatFindings } from './compliance';
import { acknowledge, acknowledgeAll, guardRuleId, nagRuleId, parsePackRuleId } from '../../src/internal/acknowledgments';

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

function ids(report: ComplianceReport, resource: string): string[] {
  return report.findings.filter((f) => f.resource === resource).map((f) => f.acknowledgmentId);
}

describe('acknowledging with Validations.of(construct).acknowledge()', () => {
  let report: ComplianceReport;

  beforeAll(() => {
    const app = complianceApp();
    const stack = new Stack(app, 'Tiny');
    const prefixed = logBucket(stack, 'Prefixed');
    const unprefixed = logBucket(stack, 'Unprefixed');
    logBucket(stack, 'Plain');
    const user = new iam.User(stack, 'User');
    user.addToPolicy(new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['*'] }));

    // Right: the pack-prefixed id, on the L2 (covers its Resource child).
    Validations.of(prefixed).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Prefixed: a log bucket does not log itself' });
    Validations.of(prefixed).acknowledge({ id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check', reason: 'Prefixed: a log bucket does not log itself' });
    // Wrong: the id as cdk-nag's README writes it, and an unprefixed cfn-guard rule.
    Validations.of(unprefixed).acknowledge({ id: 'AwsSolutions-S1', reason: 'Unprefixed: this reason is never shown' });
    Validations.of(unprefixed).acknowledge({ id: 's3_bucket_logging_enabled_check', reason: 'Unprefixed guard rule: no effect' });
    // One finding of a rule that reports several per resource.
    Validations.of(user).acknowledge({ id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:Get*]', reason: 'Read-only on purpose in this demo' });
    // On an ancestor (the stack): covers every resource below it.
    Validations.of(stack).acknowledge({ id: 'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'No second region in this demo' });
    // Stale: nothing of this rule is on the user.
    Validations.of(user).acknowledge({ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Stale: no bucket under the user' });

    report = checkCompliance(stack, { packs: NAG_AND_GUARD });
  });

  test('a pack-prefixed id shows the finding as acknowledged, with its reason and where it was acknowledged', () => {
    const f = report.findings.find((x) => x.acknowledgmentId === 'AwsSolutions::AwsSolutions-S1' && x.resource === 'Prefixed');
    expect(f).toMatchObject({
      pack: 'AwsSolutions',
      rule: 'AwsSolutions-S1',
      resourceType: 'AWS::S3::Bucket',
      constructPath: 'Tiny/Prefixed/Resource',
      logicalId: expect.stringMatching(/^Prefixed[0-9A-F]{8}$/),
      acknowledged: true,
      reason: 'Prefixed: a log bucket does not log itself',
      acknowledgedAt: 'Tiny/Prefixed',
    });
    expect(report.findings.find((x) => x.rule === 'CT.S3.PR.2' && x.resource === 'Prefixed')).toMatchObject({
      acknowledgmentId: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      acknowledged: true,
    });
  });

  test('THE TRAP: an unprefixed id of a cdk-nag rule makes the finding vanish from the report', () => {
    expect(ids(report, 'Plain')).toContain('AwsSolutions::AwsSolutions-S1');
    expect(ids(report, 'Unprefixed')).not.toContain('AwsSolutions::AwsSolutions-S1');
    // ...and the helper names the culprit.
    expect(report.misprefixedAcknowledgments).toEqual(
      expect.arrayContaining([{ id: 'Annotation::AwsSolutions-S1', reason: 'Unprefixed: this reason is never shown', constructPath: 'Tiny/Unprefixed' }]),
    );
  });

  test('an unprefixed id of a cfn-guard rule does nothing', () => {
    const f = report.findings.find((x) => x.ruleId === 's3_bucket_logging_enabled_check' && x.resource === 'Unprefixed');
    expect(f?.acknowledged).toBe(false);
    expect(report.misprefixedAcknowledgments.map((a) => a.id)).toContain('Annotation::s3_bucket_logging_enabled_check');
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

  test('a prefixed acknowledgment that matched nothing is reported as unused', () => {
    expect(report.unusedAcknowledgments).toEqual([{ id: 'AwsSolutions::AwsSolutions-S1', reason: 'Stale: no bucket under the user', constructPath: 'Tiny/User' }]);
  });
});

describe('the proposed acknowledge() helper', () => {
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
    const stack = new Stack();
    expect(() => acknowledge(stack, 'AwsSolutions-S1', reason)).toThrow(/no pack prefix/);
    expect(() => acknowledge(stack, 'Nag::AwsSolutions-S1', reason)).toThrow(/unknown pack/);
    expect(() => acknowledge(stack, 'AwsSolutions::NIST.800.53.R5-S3BucketLoggingEnabled', reason)).toThrow(/would match nothing/);
    expect(() => acknowledge(stack, 'cdk-validator-cfnguard::CT.S3.PR.2', reason)).toThrow(/not a cfn-guard rule name/);
    expect(() => acknowledge(stack, 'AwsSolutions::AwsSolutions-IAM5[Resource::*', reason)).toThrow(/unbalanced/);
    expect(() => acknowledge(stack, 'AwsSolutions::AwsSolutions-S1', 'ok')).toThrow(/reason/);
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
