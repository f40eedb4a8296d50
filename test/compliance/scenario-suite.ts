/**
 * The compliance gate of one scenario (scenarios.ts): cdk-nag 3 (AwsSolutions, NIST 800-53 R5,
 * PCI DSS 3.2.1, HIPAA Security) and the Control Tower cfn-guard rules, applied through
 * aws-cdk-lib's Validations API, as a user's own pipeline would.
 */
import { checkCompliance, ComplianceFinding, complianceApp, ComplianceReport, formatFindings } from './compliance';
import { addScenarioStack, Scenario } from './scenarios';
import { HardeningLevel } from '../../src';

function lines(findings: readonly ComplianceFinding[]): string {
  return `\n${formatFindings(findings)}\n`;
}

/** Stack-level constructs: aws-cdk-lib's providers, and what the construct shares per stack (log buckets). */
const SINGLETONS = ['AWS679f53fac002430cb0da5b7982bd2287', 'Custom::VpcRestrictDefaultSGCustomResourceProvider', 'Custom::S3AutoDeleteObjectsCustomResourceProvider', 'HardenedDemoServiceLogBuckets', 'HardenedDemoServiceS3PrefixListLookup', 'HardenedDemoServiceCloudFrontPrefixListLookup'];

/**
 * @param context feature flags of the app (none by default, as in an app from before the flags)
 */
export function describeCompliance(scenario: Scenario, context?: Record<string, unknown>, label = ''): void {
  describe(`${scenario.name}${label}: compliance`, () => {
    let report: ComplianceReport;
    let stackPath: string;

    beforeAll(() => {
      const app = complianceApp({ context });
      const { stack } = addScenarioStack(app, scenario);
      stackPath = stack.node.path;
      report = checkCompliance(stack);
    });

    // Under the recommended flags aws-cdk-lib also reports every synth warning as a finding
    // (pack Construct-Annotations): the construct's own warnings are the notices of its choices,
    // each acknowledgeable by its id, not compliance findings.
    const ownWarning = (f: ComplianceFinding) => f.acknowledgmentId.startsWith('Construct-Annotations::Annotation::hardened-demo-service:');

    test('no finding is left unacknowledged', () => {
      expect(lines(report.unacknowledged.filter((f) => !ownWarning(f)))).toEqual(lines([]));
    });

    test('every acknowledgment is pack-prefixed (an unprefixed one would hide the finding)', () => {
      expect(report.misprefixedAcknowledgments).toEqual([]);
    });

    test('every acknowledgment the construct makes matches a finding (none is stale)', () => {
      expect(report.unusedAcknowledgments.map((a) => `${a.id} @ ${a.constructPath}`)).toEqual([]);
    });

    test('acknowledgments sit on the exact resources, inside the construct, with its reason', () => {
      for (const f of report.acknowledged) {
        const at = f.acknowledgedAt!.slice(stackPath.length + 1);
        expect([f.acknowledgmentId, at.startsWith('Web') || SINGLETONS.some((s) => at.startsWith(s))]).toEqual([f.acknowledgmentId, true]);
        expect(f.reason).toMatch(/^\[HardenedDemoService\] .{20,}/);
      }
    });

    if (scenario.level === HardeningLevel.DEMO) {
      test('what DEMO relaxes is acknowledged with the reason of the source notes', () => {
        const relaxations = report.acknowledged.filter((f) => /is off \(DEMO level: /.test(f.reason ?? ''));
        const reasons = new Set(relaxations.map((f) => /is off \(DEMO level: ([^)]*)\)/.exec(f.reason!)![1]));
        for (const note of ['Demo needs public access', 'Adds cost and complexity for demo', 'Additional S3 costs for demo', 'Simplifies demo networking']) {
          expect([...reasons]).toContain(note);
        }
      });
    } else {
      test('PRODUCTION acknowledges no relaxation', () => {
        expect(lines(report.acknowledged.filter((f) => /is off \(/.test(f.reason ?? '')))).toEqual(lines([]));
      });
    }

    test('the acknowledged list is pinned: a new acknowledgment cannot slip in unreviewed', () => {
      const list = [...new Set(report.acknowledged.map((f) => `${f.acknowledgmentId} @ ${f.resource}`))].sort();
      expect(list).toMatchSnapshot();
    });
  });
}
