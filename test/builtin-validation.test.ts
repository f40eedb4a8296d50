import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardenedDemoService, HardeningLevel } from '../src';
import { regionalCertificate } from './util';

// setup-env.ts turns the built-in validation off for the other tests; this file wants it.
process.env.CDK_VALIDATION = 'true';

function violationsOf(app: App): string[] {
  const assembly = app.synth();
  const reportFile = path.join(assembly.directory, 'validation-report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { pluginReports: [] };
  return (report.pluginReports ?? []).flatMap((r: any) => r.violations ?? []).map((v: any) => `${v.ruleName}: ${v.description}`);
}

/**
 * aws-cdk-lib's built-in CloudFormation validation (on by default in an app unless
 * CDK_VALIDATION=false; the other unit tests run without it, see setup-env.ts): the templates
 * raise no finding of its own.
 */
describe('built-in CloudFormation template validation', () => {
  test.each([
    ['DEMO', HardeningLevel.DEMO, undefined],
    ['PRODUCTION', HardeningLevel.PRODUCTION, undefined],
    ['PRODUCTION us-east-1 with a domain', HardeningLevel.PRODUCTION, 'us-east-1'],
  ] as const)('%s synthesizes without a finding', (_name, level, region) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'builtin-validation-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Validated', region ? { env: { account: '123456789012', region } } : undefined);
    const domain = region
      ? { domainName: 'app.example.com', certificate: regionalCertificate(stack, region, 'A'), cloudFrontCertificate: regionalCertificate(stack, 'us-east-1', 'B') }
      : {};
    new HardenedDemoService(stack, 'Web', { hardeningLevel: level, ...domain });
    expect(violationsOf(app)).toEqual([]);
  });

  test('it is really on here: a security group description CloudFormation refuses is caught', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'builtin-validation-')) });
    const stack = new Stack(app, 'Control');
    new ec2.CfnSecurityGroup(stack, 'Bad', { groupDescription: "the tasks' group" });
    expect(violationsOf(app).length).toBeGreaterThan(0);
  });
});
