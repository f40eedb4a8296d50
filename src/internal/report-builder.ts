import { Stack } from 'aws-cdk-lib';
import { CONTROL_SPECS, ControlId, isSwitchable, REPORT_ROW_IDS, ReportRowId, serviceRoles, turnOnStep, weakReason } from './control-specs';
import { acknowledgmentsUnder } from './findings';
import { estimateFixedMonthlyCost } from './price-table';
import { pseudoTemplate, securityGroupRules, sharedResourcesOf } from './report-resources';
import type { ServiceParts } from './service-parts';
import { WebAclScope } from './web-acl';
import { containerInsightsOf } from './web-service';
import { ControlState, CostItem, HardeningControl, HardeningReport } from '../hardening-report';

/** A row's state and its reason, in words that the template bears out. */
interface Row {
  readonly state: ControlState;
  readonly reason: string;
  /** Where the state comes from, when not the control's own source ('level' or 'override'). */
  readonly source?: string;
}

type RowOf = (p: ServiceParts) => Row;

const on = (reason: string): Row => ({ state: ControlState.ON, reason });
const partly = (reason: string): Row => ({ state: ControlState.PARTLY, reason });

/**
 * A switchable control's row: ON with `reasonOn` at its secure value (PARTLY with `partlyReason`
 * when that applies), OFF otherwise, with what its weak value means and why it was chosen.
 */
function switchable(
  id: ControlId,
  reasonOn: string | ((p: ServiceParts) => string),
  opts: { reasonOff?: string; partly?: (p: ServiceParts) => string | undefined } = {},
): RowOf {
  return (p) => {
    const secure = p.profile.controls[id] === CONTROL_SPECS[id].presets.secure;
    if (!secure) {
      return { state: ControlState.OFF, reason: opts.reasonOff ?? `${capitalize(CONTROL_SPECS[id].weakMeans!)}. Reason: ${weakReason(p.profile, id)}.` };
    }
    const partial = opts.partly?.(p);
    return partial ? partly(partial) : on(typeof reasonOn === 'string' ? reasonOn : reasonOn(p));
  };
}

const hasCertificate = (p: ServiceParts) => p.props.certificate !== undefined;
const createdVpc = (p: ServiceParts) => p.network.createdVpc;
const usesOwnRepository = (p: ServiceParts) => p.image.usesOwnRepository;

/** Each row's state and reason. */
const ROWS: Readonly<Record<ReportRowId, RowOf>> = {
  internalLoadBalancer: switchable('internalLoadBalancer', 'The load balancer is internal, in private subnets.'),
  cloudFront: switchable(
    'cloudFront',
    (p) => `Viewers reach the service through CloudFront, which reaches the internal load balancer through a CloudFront VPC origin; HTTP redirects to HTTPS${hasCertificate(p) ? '; CloudFront to load balancer is HTTPS (TLS 1.2)' : ''}.`,
    { partly: (p) => (hasCertificate(p) ? undefined : 'CloudFront serves viewers over HTTPS through a VPC origin, but reaches the load balancer over HTTP inside that private connection: give certificate and domainName for HTTPS end to end.') },
  ),
  waf: switchable('waf', (p) =>
    `Every request passes a WAFv2 web ACL (AWS managed rule groups: IP reputation, common, known bad inputs; a per-IP rate limit), logged to CloudWatch Logs${p.webAcl ? ` (${wafLogDelivery(p)})` : ''}. Placement: ${wafPlacement(p)}.`),
  customerManagedKeys: switchable('customerManagedKeys', (p) =>
    `Customer-managed KMS keys (rotation on) encrypt the construct's ECR repository, the CloudWatch log groups and the data bucket${usesOwnRepository(p) ? '' : ` (the image the service runs, ${p.image.description}, is encrypted where it lives)`}. ` +
    'Log buckets stay SSE-S3: S3 server access logs and load balancer access logs cannot be delivered to SSE-KMS buckets.'),
  mfaDeleteAlternative: (p) =>
    p.profile.controls.mfaDeleteAlternative
      ? partly('CloudFormation cannot turn MFA delete on. In its place: bucket policies deny permanent version deletion to every principal and versioning changes to all but the root user, and the audit bucket has S3 Object Lock enabled (no default retention: log delivery cannot write under one). ' +
        'For real MFA delete the root user runs, after deploy: aws s3api put-bucket-versioning --bucket <DataBucketName> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account-id>:mfa/<device> <code>".')
      : { state: ControlState.OFF, reason: `Object versions can be deleted permanently by any principal allowed to. Reason: ${weakReason(p.profile, 'mfaDeleteAlternative')}.` },
  dataBucketAccessLogging: switchable('dataBucketAccessLogging', 'The data bucket logs every request to a separate audit bucket (SSE-S3, versioned, private), delivered under a bucket policy, not an ACL.'),
  privateSubnets: switchable('privateSubnets', (p) =>
    p.network.isolated
      ? 'Tasks run in isolated private subnets without public IPs and with no route to the internet; AWS services are reached through VPC endpoints.'
      : createdVpc(p)
        ? `Tasks run in private subnets without public IPs; no subnet auto-assigns public IPs; outbound through ${p.inputs.natGateways} NAT gateway(s).`
        : "Tasks run in the given VPC's private subnets without public IPs; outbound goes the way that VPC routes it (its owner's NAT gateways)."),
  restrictTaskEgress: switchable('restrictTaskEgress', (p) => `Tasks may reach only: ${p.egress.egressRules.join('; ') || '(nothing)'}. DNS to the VPC resolver is not subject to security groups.`),
  dropInvalidHeaderFields: switchable('dropInvalidHeaderFields', 'The load balancer drops invalid HTTP header fields (routing.http.drop_invalid_header_fields.enabled), and runs desync mitigation in strictest mode.'),
  loadBalancerEgress: (p) => on(`The load balancer may open connections only to the task security group, on port ${p.inputs.containerPort}.`),
  taskIngress: (p) => on(`Tasks accept connections only from the load balancer (its security groups), on port ${p.inputs.containerPort}.`),
  containerInsights: (p) => {
    if (!p.props.cluster) {
      return switchable('containerInsights', 'Container Insights (containerInsightsV2) is on for the cluster.')(p);
    }
    const insights = containerInsightsOf(p.props.cluster);
    return {
      state: insights === undefined ? ControlState.UNKNOWN : insights ? ControlState.ON : ControlState.OFF,
      reason: insights === undefined
        ? 'The service runs in a cluster the team gave (imported): the construct cannot tell whether Container Insights is on. A synth warning says so.'
        : `The service runs in a cluster the team gave, which has Container Insights ${insights ? 'on' : 'off (a synth warning says so)'}.`,
      source: 'input',
    };
  },
  tlsMinimum: (p) => ({ ...tlsRow(p), source: 'input' }),
  iam: (p) => on(`One role per purpose (${serviceRoles(p).map((r) => r.purpose).join(', ')}); the task role lists its data-bucket actions one by one (get, put, delete, list${p.keys.dataKey ? '; decrypt and generate-data-key on the data key' : ''}).`),
  environmentSecrets: () => on('The container environment holds only non-secret configuration (PORT, DATA_BUCKET and the environment property); secrets given in the secrets property are injected by ECS from Secrets Manager or SSM Parameter Store.'),
  ecrScanOnPush: (p) => {
    const policy = "The construct's repository scans every image on push; tags are immutable; untagged images expire after 14 days.";
    return usesOwnRepository(p)
      ? on(`${policy} The service runs ${p.image.description}.`)
      : partly(`${policy} But the service runs ${p.image.description}, which is not in that repository: its scanning and encryption are those of the repository it lives in.`);
  },
  s3Baseline: () => on('Every bucket is versioned, encrypted, blocks all public access, and refuses requests without TLS 1.2+.'),
  stateLocking: () => ({ state: ControlState.NOT_APPLICABLE, reason: 'Not applicable: CloudFormation holds the stack state and serializes updates; there is no Terraform state file or DynamoDB lock table.' }),
  httpsRedirect: (p) =>
    p.profile.controls.cloudFront
      // Behind CloudFront the viewer never reaches the load balancer: CloudFront redirects.
      ? {
        ...on(`CloudFront redirects viewers' HTTP requests to HTTPS (viewer protocol policy redirect-to-https). The load balancer takes only CloudFront's requests, ${hasCertificate(p) ? 'on its HTTPS listener (it has no HTTP listener)' : 'over HTTP inside the private VPC origin connection'}.`),
        source: p.profile.sources.cloudFront,
      }
      : switchable('httpsRedirect', 'HTTP requests to the load balancer are redirected to HTTPS.', {
        partly: (q) => (hasCertificate(q) ? undefined : 'There is no certificate on the load balancer, so there is no HTTPS listener to redirect to.'),
      })(p),
  loadBalancerAccessLogs: switchable('loadBalancerAccessLogs', 'The load balancer writes access logs to the audit bucket.'),
  loadBalancerDeletionProtection: switchable('loadBalancerDeletionProtection', 'Load balancer deletion protection is on.'),
  vpcFlowLogs: switchable('vpcFlowLogs', 'All VPC traffic is logged to CloudWatch Logs.', { partly: (p) => (createdVpc(p) ? undefined : 'The VPC was given: its flow logs are its owner\'s to set.') }),
  restrictDefaultSecurityGroup: switchable('restrictDefaultSecurityGroup', "The VPC's default security group has no rules.", {
    partly: (p) => (createdVpc(p) ? undefined : 'The VPC was given: its default security group is its owner\'s to close.'),
  }),
  logRetention: (p) => on(`CloudWatch keeps the service's logs for ${p.logRetentionDays} days.`),
  deploymentCircuitBreaker: switchable('deploymentCircuitBreaker', 'A failing deployment is stopped and rolled back (ECS deployment circuit breaker).'),
  ecsExec: switchable('ecsExec', 'ECS Exec is off: no interactive shells into running tasks.', { reasonOff: 'ECS Exec is on: anyone allowed ecs:ExecuteCommand gets a shell in running tasks.' }),
  readOnlyRootFilesystem: switchable('readOnlyRootFilesystem', "The container's root filesystem is read-only, with a writable scratch volume at /tmp."),
  retainData: switchable('retainData', 'The repository, buckets, keys and log groups are retained when removed from the stack.'),
  autoScaling: switchable('autoScaling', 'Target-tracking auto scaling on CPU (60%) and on requests per target.'),
  alarms: switchable('alarms', 'CloudWatch alarms on unhealthy targets and on 5xx responses (exposed for your notifications).'),
};

/** Build the report of one instance from what it is made of. */
export function buildReport(p: ServiceParts): HardeningReport {
  const stack = Stack.of(p.root);
  const estimate = estimateFixedMonthlyCost(pseudoTemplate(p.root));
  const costByControl = new Map<string, number>();
  for (const line of estimate.lines) {
    if (line.control) {
      costByControl.set(line.control, (costByControl.get(line.control) ?? 0) + line.monthly);
    }
  }
  const acknowledgments = acknowledgmentsUnder(p.root);
  const controls = REPORT_ROW_IDS.map((id): HardeningControl => {
    const spec = CONTROL_SPECS[id];
    const row = ROWS[id](p);
    const cost = costByControl.get(id);
    return {
      id,
      title: spec.title,
      state: row.state,
      reason: row.reason,
      source: row.source ?? (isSwitchable(id) ? p.profile.sources[id] : 'fixed'),
      seedReference: spec.seed,
      resources: spec.resources(p).filter((r) => r !== undefined).map((r) => r!.node.path),
      acknowledgments: acknowledgments.filter((a) => a.control === id).map(({ rule, resource, reason }) => ({ rule, resource, reason })),
      monthlyCostUsd: cost !== undefined ? Math.round(cost * 100) / 100 : undefined,
      nextStep: nextStepOf(id, row),
    };
  });
  return {
    constructPath: p.root.node.path,
    level: p.profile.level,
    controls,
    webAclScope: p.webAclScope,
    securityGroupRules: securityGroupRules(p.root, stack),
    sharedResources: sharedResourcesOf(p),
    costs: estimate.lines.map((l): CostItem => ({
      driver: l.driver,
      control: l.control,
      quantity: l.quantity,
      unitMonthlyUsd: l.unitMonthly,
      monthlyUsd: l.monthly,
      plus: l.plus,
    })),
    monthlyCostUsd: estimate.totalMonthly,
    priceDate: estimate.priceDate,
    priceRegion: estimate.region,
  };
}

/**
 * What to change: the spec's turn-on step when off (its completing step when the state follows an
 * input, such as a cluster the team gave, that no override changes), its completing step when
 * partly in force or unknown.
 */
function nextStepOf(id: ReportRowId, row: Row): string | undefined {
  const complete = CONTROL_SPECS[id].complete;
  if (row.state === ControlState.OFF) {
    return row.source === 'input' && complete ? complete : turnOnStep(id);
  }
  return row.state === ControlState.PARTLY || row.state === ControlState.UNKNOWN ? complete : undefined;
}

function tlsRow(p: ServiceParts): Row {
  const viewerCertificate = p.props.cloudFrontCertificate !== undefined;
  if (!p.profile.controls.cloudFront) {
    return hasCertificate(p)
      ? on('The HTTPS listener uses ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2 minimum, TLS 1.3 preferred).')
      : { state: ControlState.OFF, reason: 'No certificate: the load balancer serves plain HTTP, so there is no TLS at all. Give certificate for HTTPS with TLS 1.2+.' };
  }
  if (hasCertificate(p) && viewerCertificate) {
    return on('Viewers: TLSv1.2_2021 minimum on the custom domain. CloudFront to load balancer: HTTPS with TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-2021-06).');
  }
  return partly([
    viewerCertificate
      ? 'Viewers: TLSv1.2_2021 minimum on the custom domain.'
      : 'Viewers: HTTPS on *.cloudfront.net, where CloudFront fixes the minimum at TLSv1 (a TLS 1.2 minimum needs domainName and a us-east-1 cloudFrontCertificate).',
    hasCertificate(p) ? 'CloudFront to load balancer: HTTPS with TLS 1.2.' : 'CloudFront to load balancer: HTTP inside the private VPC origin connection.',
  ].join(' '));
}

function wafPlacement(p: ServiceParts): string {
  if (p.props.webAclArn) {
    return 'an existing CLOUDFRONT-scope web ACL on the distribution (webAclArn)';
  }
  if (p.webAclScope === WebAclScope.CLOUDFRONT) {
    return 'a CLOUDFRONT-scope web ACL on the distribution (created in us-east-1)';
  }
  return p.profile.controls.cloudFront
    ? 'a REGIONAL web ACL on the load balancer (a CLOUDFRONT-scope ACL can only be created in us-east-1; give webAclArn to use one from another stack). CloudFront is the only way in, so every request still passes it'
    : 'a REGIONAL web ACL on the load balancer';
}

function wafLogDelivery(p: ServiceParts): string {
  return p.webAcl?.deliveryPolicy
    ? "delivered under the stack's CloudWatch Logs resource policy for aws-waf-logs-* log groups, one per stack and shared by its instances: an account holds at most 10 such policies per region, so with many stacks set createWafLogDeliveryPolicy: false in all but one"
    : 'delivered under a CloudWatch Logs resource policy the account already has (createWafLogDeliveryPolicy: false); without one covering aws-waf-logs-* log groups, WAF adds its own, per log group';
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
