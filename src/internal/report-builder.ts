import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupEgress, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { CONTROL_CATALOG } from './control-catalog';
import { estimateFixedMonthlyCost } from './price-table';
import { CONTROL_IDS, CONTROL_PRESETS, ControlId, HardeningProfile } from './profile';
import { ControlAcknowledgment, ControlState, CostItem, HardeningControl, HardeningReport, SecurityGroupRuleSummary, SharedResource } from '../hardening-report';

/** What the report needs to know beyond the profile: facts of this instance. */
export interface ReportFacts {
  readonly profile: HardeningProfile;
  readonly hasCertificate: boolean;
  readonly hasCloudFrontCertificate: boolean;
  readonly wafPlacement?: string;
  /** How WAF's logs reach CloudWatch Logs, when the construct created the web ACL. */
  readonly wafLogDelivery?: string;
  readonly natGateways: number;
  readonly isolated: boolean;
  readonly createdVpc: boolean;
  /** Container Insights on the cluster the team gave: on, off, or unknown (undefined); no entry for a created cluster. */
  readonly givenCluster?: { readonly containerInsights?: boolean };
  /** What this instance shares with others, and who owns it. */
  readonly sharedResources: SharedResource[];
  readonly containerPort: number;
  readonly logRetentionDays: number;
  readonly egressRules: string[];
  /** The image the service runs, and whether it lives in the construct's own repository. */
  readonly image: { readonly description: string; readonly usesOwnRepository: boolean };
  /** The purposes of the IAM roles the construct creates (task, task execution, ...). */
  readonly roles: string[];
  /** True when a customer-managed key encrypts the data bucket. */
  readonly hasDataKey: boolean;
  /** Resources that carry each control, by report id. */
  readonly resources: ReadonlyMap<string, IConstruct[]>;
  /** Acknowledged compliance findings. */
  readonly acknowledgments: ReadonlyArray<ControlAcknowledgment & { readonly control: string }>;
}

/** Build the report of `root` (a HardenedDemoService) from the profile and the real resources. */
export function buildReport(root: IConstruct, facts: ReportFacts): HardeningReport {
  const p = facts.profile;
  const c = p.controls;
  const stack = Stack.of(root);
  const template = pseudoTemplate(root);
  const estimate = estimateFixedMonthlyCost(template);
  const costByControl = new Map<string, number>();
  for (const line of estimate.lines) {
    if (line.control) {
      costByControl.set(line.control, (costByControl.get(line.control) ?? 0) + line.monthly);
    }
  }

  const controls: HardeningControl[] = [];
  const add = (id: string, title: string, state: ControlState, reason: string, source: string, seed?: string) => {
    controls.push({
      id,
      title,
      state,
      reason,
      source,
      seedReference: seed,
      resources: (facts.resources.get(id) ?? []).map((r) => r.node.path),
      acknowledgments: facts.acknowledgments.filter((a) => a.control === id).map(({ rule, resource, reason: r }) => ({ rule, resource, reason: r })),
      monthlyCostUsd: costByControl.has(id) ? Math.round(costByControl.get(id)! * 100) / 100 : undefined,
    });
  };
  const switchable = (id: ControlId, reasonOn: string, reasonOff?: string, partly?: { when: boolean; reason: string }) => {
    const d = CONTROL_CATALOG[id];
    const secure = c[id] === CONTROL_PRESETS[id].secure;
    const source = p.sources[id];
    if (secure && partly?.when) {
      add(id, d.title, ControlState.PARTLY, partly.reason, source, d.seed);
    } else if (secure) {
      add(id, d.title, ControlState.ON, reasonOn, source, d.seed);
    } else {
      const why = source === 'override' ? `switched off by overrides.${id}` : d.demoReason ?? `off at ${p.level}`;
      add(id, d.title, ControlState.OFF, reasonOff ?? `${capitalize(d.offMeans)}. Reason: ${why}.`, source, d.seed);
    }
  };

  // The source notes' "not implemented" items, in their order.
  switchable('internalLoadBalancer', 'The load balancer is internal, in private subnets.');
  switchable('cloudFront', `Viewers reach the service through CloudFront, which reaches the internal load balancer through a CloudFront VPC origin; HTTP redirects to HTTPS${facts.hasCertificate ? '; CloudFront to load balancer is HTTPS (TLS 1.2)' : ''}.`, undefined, {
    when: !facts.hasCertificate,
    reason: 'CloudFront serves viewers over HTTPS through a VPC origin, but reaches the load balancer over HTTP inside that private connection: give certificate and domainName for HTTPS end to end.',
  });
  switchable('waf', `Every request passes a WAFv2 web ACL (AWS managed rule groups: IP reputation, common, known bad inputs; a per-IP rate limit), logged to CloudWatch Logs${facts.wafLogDelivery ? ` (${facts.wafLogDelivery})` : ''}. Placement: ${facts.wafPlacement ?? 'none'}.`);
  switchable(
    'customerManagedKeys',
    `Customer-managed KMS keys (rotation on) encrypt the construct's ECR repository, the CloudWatch log groups and the data bucket${facts.image.usesOwnRepository ? '' : ` (the image the service runs, ${facts.image.description}, is encrypted where it lives)`}. Log buckets stay SSE-S3: S3 server access logs and load balancer access logs cannot be delivered to SSE-KMS buckets.`,
  );
  add(
    'mfaDelete',
    'S3 MFA delete',
    c.mfaDeleteAlternative ? ControlState.PARTLY : ControlState.OFF,
    c.mfaDeleteAlternative
      ? 'CloudFormation cannot turn MFA delete on. In its place: bucket policies deny permanent version deletion to every principal and versioning changes to all but the root user, and the audit bucket has S3 Object Lock enabled (no default retention: log delivery cannot write under one). For real MFA delete the root user runs, after deploy: aws s3api put-bucket-versioning --bucket <DataBucketName> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/<device> <code>".'
      : `Object versions can be deleted permanently by any principal allowed to. Reason: ${p.sources.mfaDeleteAlternative === 'override' ? 'switched off by overrides.mfaDeleteAlternative' : CONTROL_CATALOG.mfaDeleteAlternative.demoReason}.`,
    p.sources.mfaDeleteAlternative,
    'Not implemented 3',
  );
  switchable('dataBucketAccessLogging', 'The data bucket logs every request to a separate audit bucket (SSE-S3, versioned, private), delivered under a bucket policy, not an ACL.');
  switchable(
    'privateSubnets',
    facts.isolated
      ? 'Tasks run in isolated private subnets without public IPs and with no route to the internet; AWS services are reached through VPC endpoints.'
      : facts.createdVpc
        ? `Tasks run in private subnets without public IPs; no subnet auto-assigns public IPs; outbound through ${facts.natGateways} NAT gateway(s).`
        : "Tasks run in the given VPC's private subnets without public IPs; outbound goes the way that VPC routes it (its owner's NAT gateways).",
  );
  switchable('restrictTaskEgress', `Tasks may reach only: ${facts.egressRules.join('; ') || '(nothing)'}. DNS to the VPC resolver is not subject to security groups.`);

  // The source notes' "implemented" measures.
  switchable('dropInvalidHeaderFields', 'The load balancer drops invalid HTTP header fields (routing.http.drop_invalid_header_fields.enabled), and runs desync mitigation in strictest mode.');
  add('loadBalancerEgress', 'ALB egress restrictions', ControlState.ON, `The load balancer may open connections only to the task security group, on port ${facts.containerPort}.`, 'fixed', 'Implemented');
  add('taskIngress', 'Task ingress restrictions', ControlState.ON, `Tasks accept connections only from the load balancer (its security groups), on port ${facts.containerPort}.`, 'fixed', 'Implemented');
  if (facts.givenCluster) {
    const insights = facts.givenCluster.containerInsights;
    add('containerInsights', CONTROL_CATALOG.containerInsights.title, insights === undefined ? ControlState.UNKNOWN : insights ? ControlState.ON : ControlState.OFF,
      insights === undefined
        ? 'The service runs in a cluster the team gave (imported): the construct cannot tell whether Container Insights is on. A synth warning says so.'
        : `The service runs in a cluster the team gave, which has Container Insights ${insights ? 'on' : 'off (a synth warning says so)'}.`,
      'input', CONTROL_CATALOG.containerInsights.seed);
  } else {
    switchable('containerInsights', 'Container Insights (containerInsightsV2) is on for the cluster.');
  }
  const tls = tlsState(facts, c.cloudFront);
  add('tlsMinimum', 'TLS 1.2 minimum', tls.state, tls.reason, 'input', 'Implemented');
  add('iam', 'Least-privilege roles', ControlState.ON, `One role per purpose (${facts.roles.join(', ')}); the task role lists its data-bucket actions one by one (get, put, delete, list${facts.hasDataKey ? '; decrypt and generate-data-key on the data key' : ''}).`, 'fixed');
  const repositoryPolicy = "The construct's repository scans every image on push; tags are immutable; untagged images expire after 14 days.";
  add(
    'ecrScanOnPush',
    'ECR image scanning',
    facts.image.usesOwnRepository ? ControlState.ON : ControlState.PARTLY,
    facts.image.usesOwnRepository
      ? `${repositoryPolicy} The service runs ${facts.image.description}.`
      : `${repositoryPolicy} But the service runs ${facts.image.description}, which is not in that repository: its scanning and encryption are those of the repository it lives in.`,
    'fixed',
    'Implemented',
  );
  add('s3Baseline', 'S3 versioning, encryption and public access block', ControlState.ON, 'Every bucket is versioned, encrypted, blocks all public access, and refuses requests without TLS 1.2+.', 'fixed', 'Implemented');
  add('stateLocking', 'Remote state locking', ControlState.NOT_APPLICABLE, 'Not applicable: CloudFormation holds the stack state and serializes updates; there is no Terraform state file or DynamoDB lock table.', 'fixed', 'Note');

  // Beyond the notes.
  if (c.cloudFront) {
    // Behind CloudFront the viewer never reaches the load balancer: CloudFront redirects.
    add('httpsRedirect', CONTROL_CATALOG.httpsRedirect.title, ControlState.ON,
      `CloudFront redirects viewers' HTTP requests to HTTPS (viewer protocol policy redirect-to-https). The load balancer takes only CloudFront's requests, ${facts.hasCertificate ? 'on its HTTPS listener (it has no HTTP listener)' : 'over HTTP inside the private VPC origin connection'}.`,
      p.sources.cloudFront, CONTROL_CATALOG.httpsRedirect.seed);
  } else {
    switchable('httpsRedirect', 'HTTP requests to the load balancer are redirected to HTTPS.', undefined, { when: !facts.hasCertificate, reason: 'There is no certificate on the load balancer, so there is no HTTPS listener to redirect to.' });
  }
  switchable('loadBalancerAccessLogs', 'The load balancer writes access logs to the audit bucket.');
  switchable('loadBalancerDeletionProtection', 'Load balancer deletion protection is on.');
  switchable('vpcFlowLogs', facts.createdVpc ? 'All VPC traffic is logged to CloudWatch Logs.' : 'Applies to a VPC the construct creates: the existing VPC keeps its own flow logs.', undefined, { when: !facts.createdVpc, reason: 'The VPC was given: its flow logs are its owner\'s to set.' });
  switchable('restrictDefaultSecurityGroup', "The VPC's default security group has no rules.", undefined, { when: !facts.createdVpc, reason: 'The VPC was given: its default security group is its owner\'s to close.' });
  add('logRetention', 'Log retention', ControlState.ON, `CloudWatch keeps the service's logs for ${facts.logRetentionDays} days.`, 'level');
  switchable('deploymentCircuitBreaker', 'A failing deployment is stopped and rolled back (ECS deployment circuit breaker).');
  switchable('ecsExec', 'ECS Exec is off: no interactive shells into running tasks.', 'ECS Exec is on: anyone allowed ecs:ExecuteCommand gets a shell in running tasks.');
  switchable('readOnlyRootFilesystem', "The container's root filesystem is read-only, with a writable scratch volume at /tmp.");
  switchable('retainData', 'The repository, buckets, keys and log groups are retained when removed from the stack.');
  switchable('autoScaling', 'Target-tracking auto scaling on CPU (60%) and on requests per target.');
  switchable('alarms', 'CloudWatch alarms on unhealthy targets and on 5xx responses (exposed for your notifications).');

  return {
    constructPath: root.node.path,
    level: p.level,
    controls,
    securityGroupRules: securityGroupRules(root, stack),
    sharedResources: [...facts.sharedResources],
    costs: estimate.lines.map(
      (l): CostItem => ({
        driver: l.driver,
        control: l.control,
        quantity: l.quantity,
        unitMonthlyUsd: l.unitMonthly,
        monthlyUsd: l.monthly,
        plus: l.plus,
      }),
    ),
    monthlyCostUsd: estimate.totalMonthly,
    priceDate: estimate.priceDate,
    priceRegion: estimate.region,
  };
}

function tlsState(facts: ReportFacts, cloudFront: boolean): { state: ControlState; reason: string } {
  if (!cloudFront) {
    return facts.hasCertificate
      ? { state: ControlState.ON, reason: 'The HTTPS listener uses ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2 minimum, TLS 1.3 preferred).' }
      : { state: ControlState.OFF, reason: 'No certificate: the load balancer serves plain HTTP, so there is no TLS at all. Give certificate for HTTPS with TLS 1.2+.' };
  }
  if (facts.hasCertificate && facts.hasCloudFrontCertificate) {
    return { state: ControlState.ON, reason: 'Viewers: TLSv1.2_2021 minimum on the custom domain. CloudFront to load balancer: HTTPS with TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-2021-06).' };
  }
  const parts: string[] = [];
  parts.push(
    facts.hasCloudFrontCertificate
      ? 'Viewers: TLSv1.2_2021 minimum on the custom domain.'
      : 'Viewers: HTTPS on *.cloudfront.net, where CloudFront fixes the minimum at TLSv1 (a TLS 1.2 minimum needs domainName and a us-east-1 cloudFrontCertificate).',
  );
  parts.push(facts.hasCertificate ? 'CloudFront to load balancer: HTTPS with TLS 1.2.' : 'CloudFront to load balancer: HTTP inside the private VPC origin connection.');
  return { state: ControlState.PARTLY, reason: parts.join(' ') };
}

/** The resource types the cost estimate reads. */
const COSTED_TYPES = new Set([
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPCEndpoint',
  'AWS::KMS::Key',
  'AWS::WAFv2::WebACL',
  'AWS::CloudFront::Distribution',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::EC2::EIP',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
]);

/** The costed resources of the subtree as a template (rendering only what the estimate reads). */
function pseudoTemplate(root: IConstruct): { Resources: Record<string, any> } {
  const stack = Stack.of(root);
  const resources: Record<string, any> = {};
  for (const child of root.node.findAll()) {
    if (child instanceof CfnResource && COSTED_TYPES.has(child.cfnResourceType)) {
      const rendered = stack.resolve((child as any)._toCloudFormation()) as { Resources: Record<string, any> };
      Object.assign(resources, rendered.Resources);
    }
  }
  return { Resources: resources };
}

function securityGroupRules(root: IConstruct, stack: Stack): SecurityGroupRuleSummary[] {
  const groups = new Map<string, string>();
  const all = root.node.findAll();
  for (const child of all) {
    if (child instanceof CfnSecurityGroup) {
      groups.set(stack.resolve(child.logicalId), child.node.scope!.node.path.slice(root.node.path.length + 1));
    }
  }
  const nameOf = (value: any): string => {
    const resolved = stack.resolve(value);
    const id = resolved?.['Fn::GetAtt']?.[0] ?? resolved?.Ref;
    return id && groups.has(id) ? groups.get(id)! : typeof resolved === 'string' ? resolved : 'a security group outside the service';
  };
  const text = (v: any): string => {
    if (typeof v === 'string') {
      return v;
    }
    const json = JSON.stringify(stack.resolve(v));
    return json.includes('CidrBlock') ? 'the VPC CIDR' : json;
  };
  const peerOf = (r: any): string =>
    (r.cidrIp !== undefined ? text(r.cidrIp) : undefined) ?? (r.cidrIpv6 !== undefined ? text(r.cidrIpv6) : undefined) ?? (r.sourcePrefixListId || r.destinationPrefixListId ? `prefix list ${describePrefixList(stack.resolve(r.sourcePrefixListId ?? r.destinationPrefixListId))}` : nameOf(r.sourceSecurityGroupId ?? r.destinationSecurityGroupId));
  const portsOf = (r: any): string =>
    r.ipProtocol === '-1' ? 'all traffic' : r.fromPort === r.toPort ? `${r.ipProtocol} ${r.fromPort}` : `${r.ipProtocol} ${r.fromPort}-${r.toPort}`;
  const rules: SecurityGroupRuleSummary[] = [];
  for (const child of all) {
    if (child instanceof CfnSecurityGroup) {
      const group = groups.get(stack.resolve(child.logicalId))!;
      for (const [direction, list] of [['ingress', child.securityGroupIngress], ['egress', child.securityGroupEgress]] as const) {
        for (const rule of (stack.resolve(list) as any[] | undefined) ?? []) {
          const r = lowerKeys(rule);
          if (r.cidrIp === '255.255.255.255/32') {
            rules.push({ securityGroup: group, direction, peer: 'nothing', ports: 'none', description: 'No egress (placeholder rule that matches no traffic)' });
            continue;
          }
          rules.push({ securityGroup: group, direction, peer: peerOf(r), ports: portsOf(r), description: r.description ?? '' });
        }
      }
    } else if (child instanceof CfnSecurityGroupIngress || child instanceof CfnSecurityGroupEgress) {
      const direction = child instanceof CfnSecurityGroupIngress ? 'ingress' : 'egress';
      const r = child as any;
      rules.push({ securityGroup: nameOf(r.groupId), direction, peer: peerOf(r), ports: portsOf(r), description: r.description ?? '' });
    }
  }
  return rules;
}

function describePrefixList(value: any): string {
  const text = JSON.stringify(value);
  if (text.includes('CloudFront') || text.includes('cloudfront')) {
    return '(CloudFront origin-facing)';
  }
  if (text.includes('S3PrefixList') || text.includes('.s3')) {
    return '(regional S3)';
  }
  return typeof value === 'string' ? value : '(resolved at deploy time)';
}

function lowerKeys(o: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export { CONTROL_IDS };
