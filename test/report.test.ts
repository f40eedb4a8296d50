import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ControlState, HardenedDemoService, HardeningLevel, ServiceImage } from '../src';
import { regionalCertificate, testApp } from './util';

function service(props: ConstructorParameters<typeof HardenedDemoService>[2] | ((s: Stack) => any), region?: string) {
  const app = testApp();
  const stack = new Stack(app, 'R', region ? { env: { account: '123456789012', region } } : undefined);
  const svc = new HardenedDemoService(stack, 'Web', typeof props === 'function' ? props(stack) : props);
  return { app, stack, svc };
}

const stateOf = (report: any, id: string) => report.controls.find((c: any) => c.id === id)?.state;

describe('the hardening report', () => {
  test('DEMO: the six items the notes leave out are OFF with the notes reasons; the implemented ones ON', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.DEMO });
    const r = svc.hardeningReport();
    expect(r.level).toBe(HardeningLevel.DEMO);
    for (const id of ['internalLoadBalancer', 'customerManagedKeys', 'mfaDeleteAlternative', 'dataBucketAccessLogging', 'privateSubnets', 'restrictTaskEgress']) {
      expect([id, stateOf(r, id)]).toEqual([id, ControlState.OFF]);
    }
    expect(r.controls.find((c) => c.id === 'customerManagedKeys')!.reason).toContain('Adds cost and complexity for demo');
    for (const id of ['dropInvalidHeaderFields', 'loadBalancerEgress', 'taskIngress', 'containerInsights', 's3Baseline']) {
      expect([id, stateOf(r, id)]).toEqual([id, ControlState.ON]);
    }
    expect(stateOf(r, 'tlsMinimum')).toBe(ControlState.OFF);
    expect(stateOf(r, 'stateLocking')).toBe(ControlState.NOT_APPLICABLE);
    expect(r.controls.find((c) => c.id === 'containerInsights')!.resources).toEqual(['R/Web/Service/Cluster']);
  });

  test('PRODUCTION with a domain and certificates: everything ON but MFA delete, which CloudFormation cannot set', () => {
    const { svc } = service(
      (s) => ({
        domainName: 'app.example.com',
        certificate: regionalCertificate(s, 'us-east-1', 'A'),
        cloudFrontCertificate: regionalCertificate(s, 'us-east-1', 'B'),
        image: ServiceImage.fromOwnRepository('v1'),
      }),
      'us-east-1',
    );
    const r = svc.hardeningReport();
    const notOn = r.controls.filter((c) => c.state !== ControlState.ON).map((c) => [c.id, c.state]);
    expect(notOn).toEqual([
      ['mfaDeleteAlternative', ControlState.PARTLY],
      ['stateLocking', ControlState.NOT_APPLICABLE],
    ]);
    expect(r.controls.find((c) => c.id === 'waf')!.reason).toContain('CLOUDFRONT-scope');
  });

  test("the sample app's image is not in the construct's repository: image scanning is PARTLY and the report says where the image lives", () => {
    for (const level of [HardeningLevel.DEMO, HardeningLevel.PRODUCTION]) {
      const { svc } = service({ hardeningLevel: level }, 'eu-west-1');
      const row = svc.hardeningReport().controls.find((c) => c.id === 'ecrScanOnPush')!;
      expect(row.state).toBe(ControlState.PARTLY);
      expect(row.reason).toContain("CDK bootstrap's container-assets repository");
      expect(row.reason).toContain('which is not in that repository');
    }
    const { svc } = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1');
    expect(svc.hardeningReport().controls.find((c) => c.id === 'customerManagedKeys')!.reason).toContain('is encrypted where it lives');
    const own = service({ image: ServiceImage.fromOwnRepository('v1') }, 'eu-west-1').svc.hardeningReport();
    const ownRow = own.controls.find((c) => c.id === 'ecrScanOnPush')!;
    expect(ownRow.state).toBe(ControlState.ON);
    expect(ownRow.reason).toContain("The service runs the tag v1 in the construct's own ECR repository.");
    expect(own.controls.find((c) => c.id === 'customerManagedKeys')!.reason).not.toContain('encrypted where it lives');
  });

  test('the roles row names only the roles and the key that exist', () => {
    const demo = service({ hardeningLevel: HardeningLevel.DEMO }).svc.hardeningReport().controls.find((c) => c.id === 'iam')!;
    expect(demo.reason).toContain('One role per purpose (task, task execution);');
    expect(demo.reason).not.toContain('data key');
    expect(demo.resources).toEqual(['R/Web/Service/TaskDefinition/TaskRole', 'R/Web/Service/TaskDefinition/ExecutionRole']);
    const prod = service({ hardeningLevel: HardeningLevel.PRODUCTION }).svc.hardeningReport().controls.find((c) => c.id === 'iam')!;
    expect(prod.reason).toContain('One role per purpose (task, task execution, flow-log delivery);');
    expect(prod.reason).toContain('decrypt and generate-data-key on the data key');
    expect(prod.resources).toHaveLength(3);
  });

  test('behind CloudFront, the redirect row says CloudFront redirects, and that the load balancer has no HTTP listener with a certificate', () => {
    const { svc, stack } = service(
      (s) => ({ domainName: 'app.example.com', certificate: regionalCertificate(s, 'eu-west-1', 'A'), cloudFrontCertificate: regionalCertificate(s, 'us-east-1', 'B') }),
      'eu-west-1',
    );
    const row = svc.hardeningReport().controls.find((c) => c.id === 'httpsRedirect')!;
    expect(row.state).toBe(ControlState.ON);
    expect(row.reason).toContain("CloudFront redirects viewers' HTTP requests to HTTPS");
    expect(row.reason).toContain('on its HTTPS listener (it has no HTTP listener)');
    expect(row.reason).not.toContain('to the load balancer are redirected');
    expect(row.resources).toEqual(['R/Web/Edge/Distribution']);
    const listeners = Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::Listener');
    expect(Object.values(listeners).map((l: any) => l.Properties.Protocol)).toEqual(['HTTPS']);

    const plain = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1').svc.hardeningReport().controls.find((c) => c.id === 'httpsRedirect')!;
    expect(plain.state).toBe(ControlState.ON);
    expect(plain.reason).toContain('over HTTP inside the private VPC origin connection');
  });

  test('overrides show up as overrides, with their cost consequences', () => {
    const { svc } = service({ overrides: { customerManagedKeys: false, vpcFlowLogs: false } }, 'eu-west-1');
    const r = svc.hardeningReport();
    const cmk = r.controls.find((c) => c.id === 'customerManagedKeys')!;
    expect(cmk.state).toBe(ControlState.OFF);
    expect(cmk.source).toBe('override');
    expect(cmk.reason).toContain('set by overrides.customerManagedKeys');
    expect(r.controls.find((c) => c.id === 'waf')!.reason).toContain('REGIONAL');
    expect(r.costs.find((c) => c.control === 'customerManagedKeys')).toBeUndefined();
    expect(r.costs.find((c) => c.control === 'privateSubnets')!.quantity).toBe(2);
    expect(r.monthlyCostUsd).toBeGreaterThan(100);
  });

  test('the security group summary comes from the real rules', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.DEMO, containerPort: 8080 });
    const rules = svc.hardeningReport().securityGroupRules;
    expect(rules).toContainEqual(expect.objectContaining({ securityGroup: 'LoadBalancer/SecurityGroup', direction: 'egress', ports: 'tcp 8080', peer: 'Service/SecurityGroup' }));
    expect(rules).toContainEqual(expect.objectContaining({ securityGroup: 'LoadBalancer/SecurityGroup', direction: 'ingress', ports: 'tcp 80', peer: '0.0.0.0/0' }));
    expect(rules).toContainEqual(expect.objectContaining({ securityGroup: 'Service/SecurityGroup', direction: 'egress', ports: 'all traffic', peer: '0.0.0.0/0' }));
  });

  test('Markdown reads like the notes, with the request path and egress diagrams and the costs', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.DEMO });
    const md = svc.hardeningReportMarkdown();
    for (const heading of ['## Items Not Implemented', '## Implemented Security Measures', '## Security Group Rules Summary', '## Request Path', '## Task Egress', '## What It Costs', '## To Enable Full Production Hardening']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('```mermaid');
    expect(md).toContain('viewer -- HTTP --> alb');
    expect(md).toContain('Reason: DEMO level: Demo needs public access.');
  });

  test('the request-path diagram puts the web ACL where it is: REGIONAL on the load balancer outside us-east-1, CLOUDFRONT on the distribution in us-east-1', () => {
    const regional = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1').svc;
    expect(regional.hardeningReport().webAclScope).toBe('REGIONAL');
    const regionalMd = regional.hardeningReportMarkdown();
    expect(regionalMd).toContain('waf{{WAF web ACL, REGIONAL}}');
    expect(regionalMd).toContain('cf -- VPC origin --> waf --> alb');
    expect(regionalMd).toContain('viewer -- HTTPS --> cf');
    expect(regionalMd).not.toContain('CLOUDFRONT}}');

    const edge = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'us-east-1').svc;
    expect(edge.hardeningReport().webAclScope).toBe('CLOUDFRONT');
    const edgeMd = edge.hardeningReportMarkdown();
    expect(edgeMd).toContain('waf{{WAF web ACL, CLOUDFRONT}}');
    expect(edgeMd).toContain('viewer -- HTTPS --> waf --> cf');
    expect(edgeMd).toContain('cf -- VPC origin --> alb');

    const demo = service({ hardeningLevel: HardeningLevel.DEMO }).svc;
    expect(demo.hardeningReport().webAclScope).toBeUndefined();
    expect(demo.hardeningReportMarkdown()).not.toContain('waf{{');
  });

  test('each row that is not in force says what to change, from its spec', () => {
    const r = service({ hardeningLevel: HardeningLevel.DEMO }).svc.hardeningReport();
    const step = (id: string) => r.controls.find((c) => c.id === id)!.nextStep;
    expect(step('waf')).toBe('set `overrides.waf` to true (or use `HardeningLevel.PRODUCTION`).');
    expect(step('mfaDeleteAlternative')).toBe('set `overrides.mfaDeleteAlternative` to true for the automatable guard, then enable real MFA delete as the root user with the CLI step.');
    expect(step('ecrScanOnPush')).toContain('ServiceImage.fromOwnRepository(tag)');
    expect(step('dropInvalidHeaderFields')).toBeUndefined();
    const exec = service({ hardeningLevel: HardeningLevel.DEMO, overrides: { ecsExec: true } }).svc.hardeningReport().controls.find((c) => c.id === 'ecsExec')!;
    expect([exec.state, exec.nextStep]).toEqual([ControlState.OFF, 'set `overrides.ecsExec` to false (or leave it unset).']);
  });

  test('the environment-variables finding is filed under its own row, not under the S3 baseline', () => {
    const r = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1').svc.hardeningReport();
    const rowOf = (rule: string) => r.controls.filter((c) => c.acknowledgments.some((a) => a.rule === rule)).map((c) => c.id);
    expect(rowOf('AwsSolutions::AwsSolutions-ECS2')).toEqual(['environmentSecrets']);
  });

  test('the WAF log group is among the log-retention and retained-data resources', () => {
    const r = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1').svc.hardeningReport();
    for (const id of ['logRetention', 'retainData']) {
      expect(r.controls.find((c) => c.id === id)!.resources).toContain('R/Web/Waf/LogGroup');
    }
  });

  test('written into the cloud assembly at synth', () => {
    const { app } = service({ hardeningLevel: HardeningLevel.DEMO });
    const assembly = app.synth();
    const files = fs.readdirSync(assembly.directory).filter((f) => f.startsWith('hardening-report.'));
    expect(files.sort()).toEqual(['hardening-report.R.R-Web.json', 'hardening-report.R.R-Web.md']);
    const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'hardening-report.R.R-Web.json'), 'utf8'));
    expect(json.level).toBe('DEMO');
  });
});

describe('acknowledged findings in the report', () => {
  test('the Markdown table has one row per concern, the rules of every pack in one cell; the JSON keeps every rule and resource', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.DEMO }, 'eu-west-1');
    const r = svc.hardeningReport();
    const lbDeletion = r.controls.find((c) => c.id === 'loadBalancerDeletionProtection')!.acknowledgments;
    expect(lbDeletion.map((a) => a.rule)).toEqual([
      'NIST.800.53.R5::NIST.800.53.R5-ELBDeletionProtectionEnabled',
      'HIPAA.Security::HIPAA.Security-ELBDeletionProtectionEnabled',
      'cdk-validator-cfnguard::elbv2_deletion_protection_enabled_check',
    ]);
    const md = svc.hardeningReportMarkdown();
    const rows = md.split('\n').filter((l) => l.startsWith('| ALB deletion protection |'));
    expect(rows).toEqual([
      '| ALB deletion protection | `NIST.800.53.R5::NIST.800.53.R5-ELBDeletionProtectionEnabled`<br>`HIPAA.Security::HIPAA.Security-ELBDeletionProtectionEnabled`<br>' +
        '`cdk-validator-cfnguard::elbv2_deletion_protection_enabled_check` | `R/Web/LoadBalancer/LoadBalancer` | ' + lbDeletion[0].reason + ' |',
    ]);
    const tableRows = md.split('## Acknowledged Compliance Findings')[1].split('\n## ')[0].split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| control'));
    const entries = r.controls.reduce((n, c) => n + c.acknowledgments.length, 0);
    expect(tableRows.length).toBeLessThan(entries / 2);
  });

  test('under each control in force, one line per concern: every pack\'s rule and every resource it covers', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1');
    const routes = svc.hardeningReportMarkdown().split('\n').filter((l) => l.includes('VPCNoUnrestrictedRouteToIGW'));
    expect(routes).toHaveLength(2); // the concern's line under its control, and its row in the findings table
    expect(routes[0]).toMatch(/^- Acknowledged `NIST\.800\.53\.R5::NIST\.800\.53\.R5-VPCNoUnrestrictedRouteToIGW`, `PCI\.DSS\.321::PCI\.DSS\.321-VPCNoUnrestrictedRouteToIGW`, `HIPAA\.Security::HIPAA\.Security-VPCNoUnrestrictedRouteToIGW` on `R\/Web\/Network\/Vpc\/PublicSubnet1\/DefaultRoute`, `R\/Web\/Network\/Vpc\/PublicSubnet2\/DefaultRoute`: Only the public subnets/);
  });

  test('each acknowledgment appears under its control, with the resource and the reason', () => {
    const { svc } = service({ hardeningLevel: HardeningLevel.DEMO });
    const r = svc.hardeningReport();
    const cmk = r.controls.find((c) => c.id === 'customerManagedKeys')!;
    expect(cmk.acknowledgments).toContainEqual(
      expect.objectContaining({ rule: 'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS', resource: 'R/Web/Storage/DataBucket' }),
    );
    expect(cmk.acknowledgments[0].reason).toContain('Adds cost and complexity for demo');
    expect(svc.hardeningReportMarkdown()).toContain('## Acknowledged Compliance Findings');
  });

  test("findings on aws-cdk-lib's stack-level providers are listed with their full reason", () => {
    const { svc } = service({}); // region-agnostic PRODUCTION: prefix-list lookups, default-SG provider
    const r = svc.hardeningReport();
    const lookup = r.controls.find((c) => c.id === 'restrictTaskEgress')!.acknowledgments.filter((a) => a.resource === 'R/AWS679f53fac002430cb0da5b7982bd2287');
    expect(lookup.map((a) => a.rule)).toContain('cdk-validator-cfnguard::lambda_inside_vpc_check');
    expect(lookup.every((a) => a.reason.includes("aws-cdk-lib's AwsCustomResource provider"))).toBe(true);
    const defaultSg = r.controls.find((c) => c.id === 'restrictDefaultSecurityGroup')!.acknowledgments;
    expect(defaultSg).toContainEqual(expect.objectContaining({
      rule: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
      resource: 'R/Custom::VpcRestrictDefaultSGCustomResourceProvider',
      reason: expect.stringContaining('removes the default security group'),
    }));
  });
});

describe('alarm routing', () => {
  test('alarmTopic receives alarm and OK notifications', () => {
    const { stack, svc } = service((s) => ({ alarmTopic: new sns.Topic(s, 'Pager') }), 'us-east-1');
    const alarms = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
      expect(alarm.Properties.OKActions).toHaveLength(1);
    }
    expect(svc.serverErrorsAlarm).toBeDefined();
  });

  test('alarmTopic without alarms is refused', () => {
    expect(() =>
      service((s) => ({ hardeningLevel: HardeningLevel.DEMO, alarmTopic: new sns.Topic(s, 'Pager') })),
    ).toThrow(/alarmTopic: there are no alarms to notify/);
  });
});

describe('log retention below a year', () => {
  test('the acknowledgment names where the retention comes from', () => {
    const { svc } = service({ logRetention: 30 as any }, 'eu-west-1');
    const ack = svc.hardeningReport().controls.find((c) => c.id === 'logRetention')!.acknowledgments[0];
    expect(ack.reason).toContain('Logs are kept 30 days (set by the logRetention property)');
  });
});
