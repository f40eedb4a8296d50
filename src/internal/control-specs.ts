/**
 * Every control of the hardening report, written down once: its presets per level (for the
 * controls `overrides` can switch), its title and source-notes reference, what its weak value
 * means and why DEMO chooses it, how to bring it to full strength, and how to find the
 * resources that carry it. The profile's presets, the synth warnings, the report's rows, the
 * compliance acknowledgments' reasons and the Markdown all derive from these specs.
 *
 * The keys are in the order of the report (the source notes' "not implemented" items first).
 */
import type { IConstruct } from 'constructs';
import type { HardeningProfile } from './profile';
import type { ServiceParts } from './service-parts';
import type { HardeningOverrides } from '../overrides';

/** The value of a control at each level. */
export interface ControlPresets {
  /** The value at DEMO. */
  readonly demo: boolean;
  /** The value at PRODUCTION. */
  readonly production: boolean;
  /** The value that is the stronger posture (false for controls that open something up). */
  readonly secure: boolean;
}

/** One row of the report. */
export interface ControlSpec {
  /** A short title, as in the source notes. */
  readonly title: string;
  /** The item of the source notes it comes from, if any. */
  readonly seed?: string;
  /** What the weak value means (off for most controls; on for ECS Exec). */
  readonly weakMeans?: string;
  /** Why DEMO chooses the weak value (the source notes' reason), when it does. */
  readonly demoReason?: string;
  /** What to change when the control is off. */
  readonly turnOn?: string;
  /** What to change when the control is only partly in force. */
  readonly complete?: string;
  /** The resources that carry it. */
  readonly resources: (p: ServiceParts) => ReadonlyArray<IConstruct | undefined>;
}

/** A control that `overrides` can switch. */
export interface SwitchableControlSpec extends ControlSpec {
  readonly presets: ControlPresets;
}

/** A control that can be switched over the level's preset. */
export type ControlId = Exclude<keyof HardeningOverrides, 'allowTaskEgressToAnyAddress'>;
/** A row of the report that no override switches: fixed, or following from the inputs. */
export type FixedRowId = 'loadBalancerEgress' | 'taskIngress' | 'tlsMinimum' | 'iam' | 'environmentSecrets' | 'ecrScanOnPush' | 's3Baseline' | 'stateLocking' | 'logRetention';
export type ReportRowId = ControlId | FixedRowId;

const HARDENED = { demo: false, production: true, secure: true };
const ALWAYS = { demo: true, production: true, secure: true };
const GIVEN_VPC = 'set it on the VPC you gave (it belongs to the VPC\'s owner).';

const buckets = (p: ServiceParts) => [p.storage.dataBucket, ...(p.logBuckets?.buckets ?? [])];
const keys = (p: ServiceParts) => [p.keys.repositoryKey, p.keys.logsKey, p.keys.dataKey];
const logGroups = (p: ServiceParts) => [p.web.logGroup, p.network.flowLogGroup, p.webAcl?.logGroup];
const listeners = (p: ServiceParts) => [p.loadBalancer.httpListener, p.loadBalancer.httpsListener];

/** The roles the construct creates, each with its purpose (the flow-log role only with flow logs). */
export function serviceRoles(p: ServiceParts): Array<{ readonly purpose: string; readonly role: IConstruct }> {
  const roles: Array<{ purpose: string; role?: IConstruct }> = [
    { purpose: 'task', role: p.web.taskDefinition.taskRole },
    { purpose: 'task execution', role: p.web.taskDefinition.executionRole },
    { purpose: 'flow-log delivery', role: p.network.flowLogRole },
  ];
  return roles.filter((r): r is { purpose: string; role: IConstruct } => r.role !== undefined);
}

/** The report's rows, in order. */
export const CONTROL_SPECS: Readonly<Record<ControlId, SwitchableControlSpec> & Record<FixedRowId, ControlSpec>> = {
  internalLoadBalancer: {
    presets: HARDENED,
    title: 'Load balancer internal-only',
    seed: 'Not implemented 1',
    weakMeans: 'the load balancer is internet-facing, in public subnets',
    demoReason: 'Demo needs public access',
    resources: (p) => [p.loadBalancer.loadBalancer],
  },
  cloudFront: {
    presets: HARDENED,
    title: 'CloudFront in front of the load balancer',
    seed: 'Not implemented 1; full hardening step 2',
    weakMeans: 'viewers reach the load balancer directly',
    demoReason: 'Demo needs public access with the fewest moving parts',
    complete: 'give `certificate` and `domainName` so CloudFront reaches the load balancer over HTTPS.',
    resources: (p) => [p.edge?.distribution, p.edge?.originSecurityGroup],
  },
  waf: {
    presets: HARDENED,
    title: 'WAF',
    seed: 'Not implemented 1',
    weakMeans: 'no web ACL inspects requests',
    demoReason: 'Demo needs public access with the fewest moving parts',
    resources: (p) => [p.webAcl?.webAcl],
  },
  customerManagedKeys: {
    presets: HARDENED,
    title: 'Customer-managed KMS keys',
    seed: 'Not implemented 2',
    weakMeans: 'AWS-managed keys encrypt the repository, logs and data bucket',
    demoReason: 'Adds cost and complexity for demo',
    resources: keys,
  },
  mfaDeleteAlternative: {
    presets: HARDENED,
    title: 'S3 MFA delete',
    seed: 'Not implemented 3',
    weakMeans: 'object versions can be deleted permanently by any principal allowed to',
    demoReason: 'Requires manual AWS Console configuration',
    turnOn: 'set `overrides.mfaDeleteAlternative` to true for the automatable guard, then enable real MFA delete as the root user with the CLI step.',
    complete: 'enable real MFA delete as the root user with the CLI step above (CloudFormation cannot).',
    resources: (p) => (p.profile.controls.mfaDeleteAlternative ? buckets(p) : []),
  },
  dataBucketAccessLogging: {
    presets: HARDENED,
    title: 'S3 access logging',
    seed: 'Not implemented 4',
    weakMeans: 'data bucket requests are not logged',
    demoReason: 'Additional S3 costs for demo',
    resources: buckets,
  },
  privateSubnets: {
    presets: HARDENED,
    title: 'Restrict public subnet auto-assign',
    seed: 'Not implemented 5',
    weakMeans: 'public subnets auto-assign public IPs and tasks get public IPs',
    demoReason: 'Simplifies demo networking',
    resources: (p) => [p.network.vpc],
  },
  restrictTaskEgress: {
    presets: HARDENED,
    title: 'Security group egress restrictions',
    seed: 'Not implemented 6',
    weakMeans: 'tasks can open connections anywhere',
    demoReason: "Demo doesn't have fixed downstream services",
    resources: (p) => [p.web.securityGroup, ...p.egress.interfaceEndpoints],
  },
  dropInvalidHeaderFields: {
    presets: ALWAYS,
    title: 'ALB invalid header dropping',
    seed: 'Implemented',
    weakMeans: 'invalid header fields reach the tasks',
    resources: (p) => [p.loadBalancer.loadBalancer],
  },
  loadBalancerEgress: { title: 'ALB egress restrictions', seed: 'Implemented', resources: (p) => [p.loadBalancer.securityGroup] },
  taskIngress: { title: 'Task ingress restrictions', seed: 'Implemented', resources: (p) => [p.web.securityGroup] },
  containerInsights: {
    presets: ALWAYS,
    title: 'ECS Container Insights',
    seed: 'Implemented',
    weakMeans: 'no container-level metrics',
    complete: 'turn Container Insights on for the cluster you gave.',
    resources: (p) => [p.web.cluster],
  },
  tlsMinimum: {
    title: 'TLS 1.2 minimum',
    seed: 'Implemented',
    turnOn: 'give `certificate` (regional) and, behind CloudFront, `domainName` and `cloudFrontCertificate` (us-east-1) for TLS 1.2 end to end.',
    complete: 'give `certificate` (regional) and, behind CloudFront, `domainName` and `cloudFrontCertificate` (us-east-1) for TLS 1.2 end to end.',
    resources: (p) => [...listeners(p), p.edge?.distribution],
  },
  iam: {
    title: 'Least-privilege roles',
    resources: (p) => serviceRoles(p).map((r) => r.role),
  },
  environmentSecrets: { title: 'Secrets out of the environment', resources: (p) => [p.web.taskDefinition] },
  ecrScanOnPush: {
    title: 'ECR image scanning',
    seed: 'Implemented',
    complete: "push the image to the construct's repository and use `ServiceImage.fromOwnRepository(tag)`, or turn on scanning and KMS encryption in the repository the image lives in.",
    resources: (p) => [p.registry.repository],
  },
  s3Baseline: { title: 'S3 versioning, encryption and public access block', seed: 'Implemented', resources: buckets },
  stateLocking: { title: 'Remote state locking', seed: 'Note', resources: () => [] },
  httpsRedirect: {
    presets: ALWAYS,
    title: 'HTTP to HTTPS redirect',
    weakMeans: 'HTTP is served alongside HTTPS',
    complete: 'give `certificate` so the load balancer serves HTTPS and redirects HTTP.',
    resources: (p) => (p.edge ? [p.edge.distribution] : listeners(p)),
  },
  loadBalancerAccessLogs: {
    presets: HARDENED,
    title: 'ALB access logs',
    weakMeans: 'load balancer requests are not logged',
    demoReason: 'Additional S3 costs for demo',
    resources: (p) => (p.profile.controls.loadBalancerAccessLogs ? [p.loadBalancer.loadBalancer] : []),
  },
  loadBalancerDeletionProtection: {
    presets: HARDENED,
    title: 'ALB deletion protection',
    weakMeans: 'the load balancer can be deleted with the stack',
    demoReason: 'A demo is torn down often',
    resources: (p) => [p.loadBalancer.loadBalancer],
  },
  vpcFlowLogs: {
    presets: HARDENED,
    title: 'VPC flow logs',
    weakMeans: 'VPC traffic is not logged',
    demoReason: 'Additional CloudWatch costs for demo',
    complete: GIVEN_VPC,
    resources: (p) => [p.network.flowLogGroup],
  },
  restrictDefaultSecurityGroup: {
    presets: HARDENED,
    title: 'Default security group closed',
    weakMeans: "the VPC's default security group keeps AWS's default rules (unused by the construct)",
    demoReason: 'Avoids a Lambda-backed custom resource in a demo',
    complete: GIVEN_VPC,
    resources: (p) => (p.network.createdVpc ? [p.network.vpc] : []),
  },
  logRetention: { title: 'Log retention', resources: logGroups },
  deploymentCircuitBreaker: {
    presets: ALWAYS,
    title: 'ECS deployment circuit breaker',
    weakMeans: 'a failing deployment keeps retrying',
    resources: (p) => [p.web.service],
  },
  ecsExec: {
    presets: { demo: false, production: false, secure: false },
    title: 'ECS Exec',
    weakMeans:
      'anyone allowed ecs:ExecuteCommand on the cluster can open an interactive shell in a running task as the container user, and read what the task can (its environment, secrets, data bucket); ' +
      'sessions go through the ssmmessages endpoint and are logged to the service log group, encrypted with the logs key when customer-managed keys are on',
    turnOn: 'set `overrides.ecsExec` to false (or leave it unset).',
    resources: (p) => [p.web.service],
  },
  readOnlyRootFilesystem: {
    presets: HARDENED,
    title: 'Read-only root filesystem',
    weakMeans: 'the container can write to its root filesystem',
    demoReason: 'Lets any demo image run unchanged',
    resources: (p) => [p.web.taskDefinition],
  },
  retainData: {
    presets: HARDENED,
    title: 'Retain data on delete',
    weakMeans: 'data-bearing resources are deleted with the stack, buckets emptied first',
    demoReason: 'A demo is torn down often',
    resources: (p) => [p.registry.repository, ...buckets(p), ...keys(p), ...logGroups(p)],
  },
  autoScaling: {
    presets: HARDENED,
    title: 'Auto scaling',
    weakMeans: 'a fixed task count',
    demoReason: 'A demo runs one task',
    resources: (p) => (p.profile.controls.autoScaling ? [p.web.service] : []),
  },
  alarms: {
    presets: HARDENED,
    title: 'Alarms',
    weakMeans: 'no alarms',
    demoReason: 'Nobody is paged for a demo',
    resources: (p) => [p.loadBalancer.unhealthyTargetsAlarm, p.loadBalancer.serverErrorsAlarm],
  },
};

/** The rows of the report, in order. */
export const REPORT_ROW_IDS = Object.keys(CONTROL_SPECS) as ReportRowId[];

/** True for the rows `overrides` can switch. */
export function isSwitchable(id: ReportRowId): id is ControlId {
  return 'presets' in CONTROL_SPECS[id];
}

/** The controls `overrides` can switch, in report order. */
export const CONTROL_IDS: readonly ControlId[] = REPORT_ROW_IDS.filter(isSwitchable);

/** What to change for a switchable control that is off: set the override to its secure value. */
export function turnOnStep(id: ReportRowId): string {
  const spec = CONTROL_SPECS[id];
  if (spec.turnOn) {
    return spec.turnOn;
  }
  return isSwitchable(id) ? `set \`overrides.${id}\` to ${String(CONTROL_SPECS[id].presets.secure)} (or use \`HardeningLevel.PRODUCTION\`).` : '';
}

/**
 * Why a control has its weak value, in the same words everywhere (warning, report row,
 * acknowledgment): the override that set it, or the level and its reason from the source notes.
 */
export function weakReason(profile: HardeningProfile, id: ControlId): string {
  if (profile.sources[id] === 'override') {
    return `set by overrides.${id}`;
  }
  const why = CONTROL_SPECS[id].demoReason;
  return `${profile.level} level${why ? `: ${why}` : ''}`;
}
