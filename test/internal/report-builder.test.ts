import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ControlState, HardenedDemoService, HardeningLevel, HardeningOverrides, HardeningReport } from '../../src';
import { CONTROL_SPECS, REPORT_ROW_IDS } from '../../src/internal/control-specs';
import { EnvName, newStack } from '../util';

/** The report of one instance built in a fresh stack (buildReport, through `hardeningReport()`). */
function reportOf(level: HardeningLevel, envName: EnvName = 'eu-west-1', overrides: HardeningOverrides = {}): HardeningReport {
  return new HardenedDemoService(newStack(envName), 'Web', { hardeningLevel: level, overrides }).hardeningReport();
}

const row = (report: HardeningReport, id: string) => report.controls.find((c) => c.id === id)!;

describe('buildReport', () => {
  const demo = reportOf(HardeningLevel.DEMO);
  const production = reportOf(HardeningLevel.PRODUCTION);

  test.each([
    ['DEMO', demo],
    ['PRODUCTION', production],
  ])('%s: one row per spec, in spec order, with the spec\'s title and source-notes reference', (_, report) => {
    expect(report.controls.map((c) => c.id)).toEqual(REPORT_ROW_IDS);
    for (const c of report.controls) {
      const spec = CONTROL_SPECS[c.id as keyof typeof CONTROL_SPECS];
      expect([c.id, c.title, c.seedReference]).toEqual([c.id, spec.title, spec.seed]);
    }
  });

  test('the construct path and the level', () => {
    expect([demo.constructPath, demo.level]).toEqual(['TestStack/Web', 'DEMO']);
    expect([production.constructPath, production.level]).toEqual(['TestStack/Web', 'PRODUCTION']);
  });

  test('where each state comes from: the level, fixed, or an input', () => {
    const sources = (report: HardeningReport) => Object.fromEntries(
      ['internalLoadBalancer', 'waf', 'loadBalancerEgress', 'iam', 'stateLocking', 'tlsMinimum', 'ecsExec'].map((id) => [id, row(report, id).source]),
    );
    const expected = {
      internalLoadBalancer: 'level',
      waf: 'level',
      loadBalancerEgress: 'fixed',
      iam: 'fixed',
      stateLocking: 'fixed',
      tlsMinimum: 'input',
      ecsExec: 'level',
    };
    expect(sources(demo)).toEqual(expected);
    expect(sources(production)).toEqual(expected);
  });

  test('an override is the source of the controls it sets, and only of those', () => {
    const report = reportOf(HardeningLevel.DEMO, 'eu-west-1', { waf: true, ecsExec: true });
    expect([row(report, 'waf').source, row(report, 'ecsExec').source, row(report, 'alarms').source]).toEqual(['override', 'override', 'level']);
    expect([row(report, 'waf').state, row(report, 'ecsExec').state]).toEqual([ControlState.ON, ControlState.OFF]);
  });

  test('behind CloudFront, the HTTPS redirect row follows the cloudFront control\'s source', () => {
    expect(row(production, 'httpsRedirect').source).toBe('level');
    const report = reportOf(HardeningLevel.DEMO, 'eu-west-1', { cloudFront: true, internalLoadBalancer: true, privateSubnets: true });
    expect(row(report, 'httpsRedirect').source).toBe('override');
  });

  test('a cluster the team gave: Container Insights follows that input', () => {
    const stack = newStack('eu-west-1');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const report = new HardenedDemoService(stack, 'Web', { vpc, cluster }).hardeningReport();
    expect([row(report, 'containerInsights').state, row(report, 'containerInsights').source]).toEqual([ControlState.ON, 'input']);
  });

  test.each([
    ['DEMO', demo],
    ['PRODUCTION', production],
  ])('%s: a next step exactly for the rows that are OFF or PARTLY, and never an empty one', (_, report) => {
    for (const c of report.controls) {
      const needsStep = c.state === ControlState.OFF || c.state === ControlState.PARTLY;
      expect([c.id, c.state, c.nextStep !== undefined]).toEqual([c.id, c.state, needsStep]);
      if (needsStep) {
        expect([c.id, c.nextStep!.length > 0]).toEqual([c.id, true]);
      }
    }
  });

  test('DEMO: the rows that are off, partly in force and not applicable', () => {
    const ids = (state: ControlState) => demo.controls.filter((c) => c.state === state).map((c) => c.id);
    expect(ids(ControlState.OFF)).toEqual([
      'internalLoadBalancer',
      'cloudFront',
      'waf',
      'customerManagedKeys',
      'mfaDeleteAlternative',
      'dataBucketAccessLogging',
      'privateSubnets',
      'restrictTaskEgress',
      'tlsMinimum',
      'loadBalancerAccessLogs',
      'loadBalancerDeletionProtection',
      'vpcFlowLogs',
      'restrictDefaultSecurityGroup',
      'readOnlyRootFilesystem',
      'retainData',
      'autoScaling',
      'alarms',
    ]);
    expect(ids(ControlState.PARTLY)).toEqual(['ecrScanOnPush', 'httpsRedirect']);
    expect(ids(ControlState.NOT_APPLICABLE)).toEqual(['stateLocking']);
  });

  test('next steps in words: an override to set, a property to give, a step outside CloudFormation', () => {
    expect(row(demo, 'waf').nextStep).toBe('set `overrides.waf` to true (or use `HardeningLevel.PRODUCTION`).');
    expect(row(demo, 'httpsRedirect').nextStep).toBe('give `certificate` so the load balancer serves HTTPS and redirects HTTP.');
    expect(row(production, 'mfaDeleteAlternative').nextStep).toBe('enable real MFA delete as the root user with the CLI step above (CloudFormation cannot).');
    expect(row(production, 'cloudFront').nextStep).toBe('give `certificate` and `domainName` so CloudFront reaches the load balancer over HTTPS.');
  });

  // The override only applies to a cluster the construct creates: for a given cluster the step is
  // the spec's own, "turn Container Insights on for the cluster you gave."
  test('a given cluster with Container Insights off: the next step is to turn it on in that cluster', () => {
    const stack = newStack('eu-west-1');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.DISABLED });
    const report = new HardenedDemoService(stack, 'Web', { vpc, cluster }).hardeningReport();
    expect(row(report, 'containerInsights').state).toBe(ControlState.OFF);
    expect(row(report, 'containerInsights').nextStep).toBe('turn Container Insights on for the cluster you gave.');
  });
});

describe('the web ACL scope', () => {
  test('PRODUCTION in eu-west-1: REGIONAL (a CLOUDFRONT-scope ACL can only be created in us-east-1)', () => {
    expect(reportOf(HardeningLevel.PRODUCTION, 'eu-west-1').webAclScope).toBe('REGIONAL');
  });

  test('PRODUCTION in us-east-1: CLOUDFRONT, on the distribution', () => {
    expect(reportOf(HardeningLevel.PRODUCTION, 'us-east-1').webAclScope).toBe('CLOUDFRONT');
  });

  test('WAF off: no scope', () => {
    expect(reportOf(HardeningLevel.DEMO, 'us-east-1').webAclScope).toBeUndefined();
  });
});

describe('costs', () => {
  const production = reportOf(HardeningLevel.PRODUCTION);

  test('PRODUCTION: the fixed monthly cost each control brings, in USD to the cent', () => {
    const costs = Object.fromEntries(production.controls.filter((c) => c.monthlyCostUsd !== undefined).map((c) => [c.id, c.monthlyCostUsd]));
    expect(costs).toEqual({
      privateSubnets: 65.7, // two NAT gateways: 2 x $0.045 x 730 h
      restrictTaskEgress: 43.8, // three interface endpoints in two AZs: 6 x $0.01 x 730 h
      customerManagedKeys: 3, // three keys at $1
      waf: 9, // one web ACL ($5) with four rules ($1 each)
      cloudFront: 0, // no fixed charge
    });
    for (const c of production.controls) {
      if (c.monthlyCostUsd !== undefined) {
        expect(Math.round(c.monthlyCostUsd * 100) / 100).toBe(c.monthlyCostUsd);
      }
    }
  });

  // The literal totals are in test/internal/price-table.test.ts.
  test('the total is the sum of the cost lines, rounded to the cent; prices are dated us-east-1 list prices', () => {
    const sum = production.costs.reduce((n, c) => n + c.monthlyUsd, 0);
    expect(production.monthlyCostUsd).toBe(Math.round(sum * 100) / 100);
    expect([production.priceRegion, production.priceDate]).toEqual(['us-east-1', '2026-11-01']);
  });

  test('DEMO: no control brings a fixed cost; the load balancer, its public addresses and one task remain', () => {
    const demo = reportOf(HardeningLevel.DEMO);
    expect(demo.controls.filter((c) => c.monthlyCostUsd !== undefined)).toEqual([]);
    expect(demo.costs.map((c) => [c.driver, c.quantity, c.monthlyUsd])).toEqual([
      ['Application Load Balancer', 1, 16.43],
      ['Public IPv4 address', 3, 10.95],
      ['Fargate task (x86, as sized)', 1, 9.01],
    ]);
  });
});
