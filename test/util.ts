import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel, HardeningOverrides } from '../src';
import { HardeningProfile, resolveHardeningProfile } from '../src/internal/profile';

export const ACCOUNT = '123456789012';

/**
 * Temporary directories of the test file that imported this module: every one `tempDir` made
 * (and so every cloud assembly of `testApp`) is removed after the file's last test. An `App`
 * made without `outdir` writes its cloud assembly to a directory of its own under the system
 * temporary directory and never removes it: make apps with `testApp`.
 */
const tempDirs: string[] = [];

/** A fresh directory under the system temporary directory, removed after this test file. */
export function tempDir(prefix = 'hardened-demo-service-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Remove every directory `tempDir` made so far (run after each test file; callable earlier). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Outside jest (a script importing these helpers) there is no afterAll: nothing to register.
if (typeof afterAll === 'function') {
  afterAll(removeTempDirs);
}

/** An App whose cloud assembly goes to a `tempDir` (removed after the test file), unless `outdir` is given. */
export function testApp(props: AppProps = {}): App {
  return new App({ ...props, outdir: props.outdir ?? tempDir('cdk.out-') });
}

/** The three kinds of stack every control is tested in. */
export const ENVIRONMENTS = [
  { name: 'us-east-1', env: { account: ACCOUNT, region: 'us-east-1' } },
  { name: 'eu-west-1', env: { account: ACCOUNT, region: 'eu-west-1' } },
  { name: 'region-agnostic', env: undefined },
] as const;

export type EnvName = (typeof ENVIRONMENTS)[number]['name'];

export function newStack(envName: EnvName = 'us-east-1', context?: Record<string, unknown>): Stack {
  const app = testApp({ context });
  const env = ENVIRONMENTS.find((e) => e.name === envName)!.env;
  return new Stack(app, 'TestStack', { env });
}

export interface Synthesized {
  readonly stack: Stack;
  readonly service: HardenedDemoService;
  readonly template: Template;
  readonly annotations: Annotations;
}

/** Build one service in a fresh stack and synthesize it. */
export function synth(props: HardenedDemoServiceProps = {}, envName: EnvName = 'us-east-1', context?: Record<string, unknown>): Synthesized {
  const stack = newStack(envName, context);
  const service = new HardenedDemoService(stack, 'Web', props);
  return { stack, service, template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
}

/** A regional certificate ARN in the given region (imported, so no ACM resource is created). */
export function regionalCertificate(stack: Stack, region = 'us-east-1', id = 'Cert'): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, id, `arn:aws:acm:${region}:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`);
}

/** Every resource of a type, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

/** The single resource of a type (fails the test when there is not exactly one). */
export function onlyResource(template: Template, type: string): [string, any] {
  const all = resourcesOf(template, type);
  if (all.length !== 1) {
    throw new Error(`expected one ${type}, found ${all.length}`);
  }
  return all[0];
}

/** Warning ids (the acknowledgeable ones) raised anywhere in the stack. */
export function warningTexts(annotations: Annotations): string[] {
  return annotations.findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
}

/** The logical ID a `Ref` or `Fn::GetAtt` points at, if the value is one. */
export function referencedId(value: any): string | undefined {
  if (value && typeof value === 'object') {
    if (typeof value.Ref === 'string') {
      return value.Ref;
    }
    if (Array.isArray(value['Fn::GetAtt'])) {
      return value['Fn::GetAtt'][0];
    }
  }
  return undefined;
}

/** One security group rule, wherever the template writes it. */
export interface SecurityGroupRule {
  readonly direction: 'ingress' | 'egress';
  /** The logical ID of the group the rule belongs to (undefined for a group outside the template). */
  readonly groupId: string | undefined;
  /** The logical ID of the resource that holds the rule (the group itself for an inline rule). */
  readonly heldBy: string;
  /** The rule's properties (CidrIp, CidrIpv6, FromPort, SourceSecurityGroupId, ...). */
  readonly rule: any;
}

/**
 * Every security group rule of a template: the inline SecurityGroupIngress/SecurityGroupEgress
 * of each AWS::EC2::SecurityGroup and every AWS::EC2::SecurityGroupIngress/Egress resource.
 */
export function securityGroupRules(template: Template | Record<string, any>): SecurityGroupRule[] {
  const resources: Record<string, any> = (template instanceof Template ? template.toJSON() : template).Resources ?? {};
  const rules: SecurityGroupRule[] = [];
  for (const [id, r] of Object.entries<any>(resources)) {
    if (r.Type === 'AWS::EC2::SecurityGroup') {
      for (const rule of r.Properties?.SecurityGroupIngress ?? []) {
        rules.push({ direction: 'ingress', groupId: id, heldBy: id, rule });
      }
      for (const rule of r.Properties?.SecurityGroupEgress ?? []) {
        rules.push({ direction: 'egress', groupId: id, heldBy: id, rule });
      }
    } else if (r.Type === 'AWS::EC2::SecurityGroupIngress' || r.Type === 'AWS::EC2::SecurityGroupEgress') {
      rules.push({
        direction: r.Type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : 'egress',
        groupId: referencedId(r.Properties?.GroupId),
        heldBy: id,
        rule: r.Properties ?? {},
      });
    }
  }
  return rules;
}

/** Whether a rule admits (or reaches) every IPv4 or every IPv6 address. */
export function isAnyAddress(rule: any): boolean {
  return rule?.CidrIp === '0.0.0.0/0' || rule?.CidrIpv6 === '::/0';
}

/** The statements of every bucket policy of a bucket (by the bucket's logical ID). */
export function bucketPolicyStatements(template: Template, bucketId: string): any[] {
  return resourcesOf(template, 'AWS::S3::BucketPolicy')
    .filter(([, p]) => referencedId(p.Properties.Bucket) === bucketId)
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

/** The attributes of a load balancer (or a target group) as a key-value map. */
export function attributesOf(list: Array<{ Key: string; Value: any }> | undefined): Record<string, any> {
  return Object.fromEntries((list ?? []).map((a) => [a.Key, a.Value]));
}

/**
 * The controls DEMO relaxes, in the order of the report: the source notes' "not implemented"
 * items 1-6, then the production extras. Written out, not read from the specs.
 */
export const DEMO_RELAXED_CONTROLS = [
  'internalLoadBalancer',
  'cloudFront',
  'waf',
  'customerManagedKeys',
  'mfaDeleteAlternative',
  'dataBucketAccessLogging',
  'privateSubnets',
  'restrictTaskEgress',
  'loadBalancerAccessLogs',
  'loadBalancerDeletionProtection',
  'vpcFlowLogs',
  'restrictDefaultSecurityGroup',
  'readOnlyRootFilesystem',
  'retainData',
  'autoScaling',
  'alarms',
] as const;

export { Match, Template };

/** The resolved profile of a level and overrides, for internal constructs under test. */
export function profileOf(level: HardeningLevel = HardeningLevel.PRODUCTION, overrides: HardeningOverrides = {}): HardeningProfile {
  return resolveHardeningProfile(level, overrides);
}
