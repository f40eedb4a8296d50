import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardenedDemoService, HardeningLevel } from '../src';
import { regionalCertificate, testApp } from './util';

// setup-env.ts turns the built-in validation off for the other tests; this file wants it.
process.env.CDK_VALIDATION = 'true';

/** The findings of the built-in validation, by stack (the first segment of each construct path). */
function violationsByStack(app: App): Map<string, string[]> {
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  const byStack = new Map<string, string[]>();
  for (const v of (report.pluginReports ?? []).flatMap((r: any) => r.violations ?? [])) {
    for (const c of v.violatingConstructs ?? [{ constructPath: '(no construct)' }]) {
      const stack = String(c.constructPath).split('/')[0];
      byStack.set(stack, [...(byStack.get(stack) ?? []), `${v.ruleName}: ${v.description}`]);
    }
  }
  return byStack;
}

/**
 * aws-cdk-lib's built-in CloudFormation validation (on by default in an app unless
 * CDK_VALIDATION=false; the other unit tests run without it, see setup-env.ts): the templates
 * raise no finding of its own. One app, one synthesis (the validation engine is the slow part).
 */
describe('built-in CloudFormation template validation', () => {
  const scenarios = [
    ['Demo', HardeningLevel.DEMO, undefined],
    ['Production', HardeningLevel.PRODUCTION, undefined],
    ['ProductionWithDomain', HardeningLevel.PRODUCTION, 'us-east-1'],
  ] as const;
  let violations: Map<string, string[]>;

  beforeAll(() => {
    const app = testApp();
    for (const [name, level, region] of scenarios) {
      const stack = new Stack(app, name, region ? { env: { account: '123456789012', region } } : undefined);
      const domain = region
        ? { domainName: 'app.example.com', certificate: regionalCertificate(stack, region, 'A'), cloudFrontCertificate: regionalCertificate(stack, 'us-east-1', 'B') }
        : {};
      new HardenedDemoService(stack, 'Web', { hardeningLevel: level, ...domain });
    }
    // The control: proves the validation is really on here, and that findings are told apart by stack.
    new ec2.CfnSecurityGroup(new Stack(app, 'Control'), 'Bad', { groupDescription: "the tasks' group" });
    violations = violationsByStack(app);
  });

  test.each(scenarios.map(([name]) => name))('%s synthesizes without a finding', (name) => {
    expect(violations.get(name) ?? []).toEqual([]);
  });

  test('it is really on here: a security group description CloudFormation refuses is caught', () => {
    expect(violations.get('Control')?.length).toBeGreaterThan(0);
    expect([...violations.keys()]).toEqual(['Control']);
  });
});
