import { ControlState, HardeningControl, HardeningLevel, HardeningReport } from '../../src';
import { renderReportMarkdown } from '../../src/internal/report-markdown';

/**
 * Hand-written reports, not synthesized: the Markdown is tested on its own, from data. (The
 * "Acknowledged Compliance Findings" table is left out on purpose: its layout is changing.)
 */
function control(id: string, title: string, state: ControlState, extra: Partial<HardeningControl> = {}): HardeningControl {
  return { id, title, state, reason: `${title}: the reason.`, source: 'level', resources: [], acknowledgments: [], ...extra };
}

/** A PRODUCTION-like report: CloudFront in front of an internal load balancer, private subnets, restricted egress. */
const PRODUCTION_LIKE: HardeningReport = {
  constructPath: 'Platform/Web',
  level: HardeningLevel.PRODUCTION,
  webAclScope: 'REGIONAL',
  controls: [
    control('internalLoadBalancer', 'Load balancer internal-only', ControlState.ON),
    control('cloudFront', 'CloudFront in front of the load balancer', ControlState.PARTLY, {
      reason: 'CloudFront reaches the load balancer over HTTP inside the VPC origin.',
      nextStep: 'give `certificate` and `domainName`.',
    }),
    control('waf', 'WAF', ControlState.ON),
    control('privateSubnets', 'Restrict public subnet auto-assign', ControlState.ON),
    control('restrictTaskEgress', 'Security group egress restrictions', ControlState.ON),
    control('tlsMinimum', 'TLS 1.2 minimum', ControlState.PARTLY, { source: 'input', nextStep: 'give `certificate`.' }),
    control('containerInsights', 'ECS Container Insights', ControlState.UNKNOWN, { source: 'input', reason: 'An imported cluster.', nextStep: 'turn it on.' }),
    control('stateLocking', 'Remote state locking', ControlState.NOT_APPLICABLE, { source: 'fixed', reason: 'Not applicable: CloudFormation holds the state.' }),
  ],
  securityGroupRules: [
    { securityGroup: 'Service/SecurityGroup', direction: 'ingress', peer: 'LoadBalancer/SecurityGroup', ports: 'tcp 3000', description: 'Load balancer to target' },
    { securityGroup: 'Service/SecurityGroup', direction: 'egress', peer: 'prefix list (regional S3)', ports: 'tcp 443', description: 'HTTPS to S3' },
    { securityGroup: 'Service/SecurityGroup', direction: 'egress', peer: 'Egress/EndpointSecurityGroup', ports: 'tcp 443', description: '' },
    { securityGroup: 'LoadBalancer/SecurityGroup', direction: 'egress', peer: 'Service/SecurityGroup', ports: 'tcp 3000', description: 'Load balancer to target' },
  ],
  sharedResources: [
    { resource: 'Platform/SharedVpc/Endpoints/LogsEndpoint', scope: 'vpc', owner: 'Platform/SharedVpc', description: 'Interface VPC endpoint' },
  ],
  costs: [
    { driver: 'NAT gateway', control: 'privateSubnets', quantity: 2, unitMonthlyUsd: 32.85, monthlyUsd: 65.7, plus: '$0.045 per GB processed' },
    { driver: 'Application Load Balancer', quantity: 1, unitMonthlyUsd: 16.43, monthlyUsd: 16.43 },
  ],
  monthlyCostUsd: 82.13,
  priceDate: '2026-11-01',
  priceRegion: 'us-east-1',
};

/** A DEMO-like report: an internet-facing load balancer, public tasks, plain HTTP, tasks reach anywhere. */
const DEMO_LIKE: HardeningReport = {
  constructPath: 'TestStack/Web',
  level: HardeningLevel.DEMO,
  controls: [
    control('internalLoadBalancer', 'Load balancer internal-only', ControlState.OFF, {
      reason: 'The load balancer is internet-facing, in public subnets. Reason: DEMO level: Demo needs public access.',
      seedReference: 'Not implemented 1',
      nextStep: 'set `overrides.internalLoadBalancer` to true (or use `HardeningLevel.PRODUCTION`).',
    }),
    control('cloudFront', 'CloudFront in front of the load balancer', ControlState.OFF, { nextStep: 'set `overrides.cloudFront` to true.' }),
    control('waf', 'WAF', ControlState.OFF, { nextStep: 'set `overrides.waf` to true.' }),
    control('privateSubnets', 'Restrict public subnet auto-assign', ControlState.OFF, { nextStep: 'set `overrides.privateSubnets` to true.' }),
    control('restrictTaskEgress', 'Security group egress restrictions', ControlState.OFF, { nextStep: 'set `overrides.restrictTaskEgress` to true.' }),
    control('tlsMinimum', 'TLS 1.2 minimum', ControlState.OFF, { source: 'input', nextStep: 'give `certificate` (regional).' }),
    control('iam', 'Least-privilege roles', ControlState.ON, { source: 'fixed', reason: 'One role per purpose.' }),
  ],
  securityGroupRules: [
    { securityGroup: 'LoadBalancer/SecurityGroup', direction: 'ingress', peer: '0.0.0.0/0', ports: 'tcp 80', description: 'HTTP from the internet' },
    { securityGroup: 'Service/SecurityGroup', direction: 'egress', peer: '0.0.0.0/0', ports: 'all traffic', description: 'Allow all outbound traffic by default' },
  ],
  sharedResources: [],
  costs: [{ driver: 'Application Load Balancer', quantity: 1, unitMonthlyUsd: 16.43, monthlyUsd: 16.43, plus: '$0.008 per LCU-hour' }],
  monthlyCostUsd: 16.43,
  priceDate: '2026-11-01',
  priceRegion: 'us-east-1',
};

/** The lines of one fenced block after a `## <heading>`. */
function mermaidAfter(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const open = lines.indexOf('```mermaid', start);
  const close = lines.indexOf('```', open + 1);
  return lines.slice(open + 1, close);
}

const requestPath = (report: HardeningReport) => mermaidAfter(renderReportMarkdown(report), 'Request Path');

/** `report` with some controls' states replaced. */
function withStates(report: HardeningReport, states: Record<string, ControlState>): HardeningReport {
  return { ...report, controls: report.controls.map((c) => (states[c.id] ? { ...c, state: states[c.id] } : c)) };
}

describe('the request-path diagram', () => {
  test('REGIONAL web ACL behind CloudFront: between the distribution and the internal load balancer', () => {
    expect(requestPath(PRODUCTION_LIKE)).toEqual([
      'flowchart LR',
      '  viewer([Viewer])',
      '  cf[CloudFront distribution]',
      '  viewer -- HTTPS --> cf',
      '  alb[Internal ALB]',
      '  waf{{WAF web ACL, REGIONAL}}',
      '  cf -- VPC origin --> waf --> alb',
      '  tasks[Fargate tasks, private subnets]',
      '  alb -- container port --> tasks',
    ]);
  });

  test('CLOUDFRONT web ACL: before the distribution', () => {
    expect(requestPath({ ...PRODUCTION_LIKE, webAclScope: 'CLOUDFRONT' })).toEqual([
      'flowchart LR',
      '  viewer([Viewer])',
      '  cf[CloudFront distribution]',
      '  waf{{WAF web ACL, CLOUDFRONT}}',
      '  viewer -- HTTPS --> waf --> cf',
      '  alb[Internal ALB]',
      '  cf -- VPC origin --> alb',
      '  tasks[Fargate tasks, private subnets]',
      '  alb -- container port --> tasks',
    ]);
  });

  test('no web ACL scope: no WAF drawn', () => {
    const lines = requestPath({ ...PRODUCTION_LIKE, webAclScope: undefined });
    expect(lines.filter((l) => l.includes('waf'))).toEqual([]);
    expect(lines).toContain('  viewer -- HTTPS --> cf');
    expect(lines).toContain('  cf -- VPC origin --> alb');
  });

  test('no CloudFront: viewers reach an internet-facing load balancer in public subnets, over HTTP when TLS is off', () => {
    expect(requestPath(DEMO_LIKE)).toEqual([
      'flowchart LR',
      '  viewer([Viewer])',
      '  alb[Internet-facing ALB]',
      '  viewer -- HTTP --> alb',
      '  tasks[Fargate tasks, public subnets]',
      '  alb -- container port --> tasks',
    ]);
  });

  test('no CloudFront, a REGIONAL web ACL: in front of the load balancer', () => {
    const lines = requestPath({ ...withStates(DEMO_LIKE, { waf: ControlState.ON }), webAclScope: 'REGIONAL' });
    expect(lines).toContain('  waf{{WAF web ACL, REGIONAL}}');
    expect(lines).toContain('  viewer --> waf --> alb');
    expect(lines).not.toContain('  viewer -- HTTP --> alb');
  });

  test('no CloudFront, TLS in force: HTTPS to the load balancer; internal when that control is on', () => {
    const lines = requestPath(withStates(DEMO_LIKE, { tlsMinimum: ControlState.ON, internalLoadBalancer: ControlState.ON }));
    expect(lines).toContain('  alb[Internal ALB]');
    expect(lines).toContain('  viewer -- HTTPS --> alb');
  });
});

describe('the task-egress diagram', () => {
  test('restricted: one node per egress rule of the task security group, and DNS drawn as not filtered', () => {
    expect(mermaidAfter(renderReportMarkdown(PRODUCTION_LIKE), 'Task Egress')).toEqual([
      'flowchart LR',
      '  tasks[Fargate tasks]',
      '  e0[prefix list regional S3]',
      '  tasks -- tcp 443 --> e0',
      '  e1[Egress/EndpointSecurityGroup]',
      '  tasks -- tcp 443 --> e1',
      '  dns[(VPC DNS resolver)]',
      '  tasks -. DNS, not filtered .-> dns',
    ]);
  });

  test('not restricted: anywhere (via NAT only in private subnets)', () => {
    expect(mermaidAfter(renderReportMarkdown(DEMO_LIKE), 'Task Egress')).toEqual(['flowchart LR', '  tasks[Fargate tasks]', '  any((anywhere))', '  tasks -- all traffic --> any']);
    const privateUnrestricted = withStates(DEMO_LIKE, { privateSubnets: ControlState.ON });
    expect(mermaidAfter(renderReportMarkdown(privateUnrestricted), 'Task Egress')).toContain('  tasks -- all traffic via NAT --> any');
  });
});

describe('the sections', () => {
  test('a report with every kind of row has every section, in order', () => {
    const headings = renderReportMarkdown(PRODUCTION_LIKE).split('\n').filter((l) => /^##? /.test(l));
    expect(headings.filter((h) => h !== '## Acknowledged Compliance Findings')).toEqual([
      '# Security Configuration: Platform/Web (PRODUCTION)',
      '## Items Not Implemented',
      '## Partly Implemented',
      '## Not Known At Synth',
      '## Implemented Security Measures',
      '## Shared With Other Services',
      '## Security Group Rules Summary',
      '## Request Path',
      '## Task Egress',
      '## What It Costs (fixed monthly, us-east-1 list prices of 2026-11-01)',
      '## To Enable Full Production Hardening',
    ]);
  });

  test('nothing off: the not-implemented section says so; sections without rows are left out', () => {
    const markdown = renderReportMarkdown(PRODUCTION_LIKE);
    expect(markdown).toContain('## Items Not Implemented\n\nNone: every control is in force.\n');
    const demo = renderReportMarkdown(DEMO_LIKE);
    expect(demo).not.toContain('## Partly Implemented');
    expect(demo).not.toContain('## Not Known At Synth');
    expect(demo).not.toContain('## Shared With Other Services');
  });

  test('"To turn it on" is the row\'s next step; the seed reference follows the title', () => {
    const markdown = renderReportMarkdown(DEMO_LIKE);
    expect(markdown).toContain(
      [
        '1. **Load balancer internal-only** _(notes: Not implemented 1)_',
        '   - The load balancer is internet-facing, in public subnets. Reason: DEMO level: Demo needs public access.',
        '   - To turn it on: set `overrides.internalLoadBalancer` to true (or use `HardeningLevel.PRODUCTION`).',
        '2. **CloudFront in front of the load balancer**',
      ].join('\n'),
    );
    expect(markdown).toContain('   - To turn it on: give `certificate` (regional).');
  });

  test('partly, unknown and not-applicable rows each have their place', () => {
    const markdown = renderReportMarkdown(PRODUCTION_LIKE);
    expect(markdown).toContain('## Partly Implemented\n\n🟡 **CloudFront in front of the load balancer**\n- CloudFront reaches the load balancer over HTTP inside the VPC origin.\n');
    expect(markdown).toContain('## Not Known At Synth\n\n❔ **ECS Container Insights**\n- An imported cluster.\n');
    expect(markdown).toContain('**Note (Remote state locking):** Not applicable: CloudFormation holds the state.');
    expect(markdown).toContain('✅ **WAF**\n- WAF: the reason.');
  });

  test('the full-hardening list: every off row, then every partly row, each with its next step', () => {
    const full = (report: HardeningReport) => {
      const markdown = renderReportMarkdown(report);
      return markdown.slice(markdown.indexOf('## To Enable Full Production Hardening')).split('\n').filter((l) => /^\d+\. /.test(l));
    };
    expect(full(PRODUCTION_LIKE)).toEqual([
      '1. **CloudFront in front of the load balancer**: give `certificate` and `domainName`.',
      '2. **TLS 1.2 minimum**: give `certificate`.',
    ]);
    expect(full(withStates(PRODUCTION_LIKE, { cloudFront: ControlState.ON, tlsMinimum: ControlState.ON }))).toEqual([]);
    expect(renderReportMarkdown(withStates(PRODUCTION_LIKE, { cloudFront: ControlState.ON, tlsMinimum: ControlState.ON }))).toContain(
      'Nothing left: this instance is at full production hardening.',
    );
  });

  test('shared resources, security group rules and costs from the report\'s data', () => {
    const markdown = renderReportMarkdown(PRODUCTION_LIKE);
    expect(markdown).toContain('| `Platform/SharedVpc/Endpoints/LogsEndpoint` | every instance in the vpc | `Platform/SharedVpc` | Interface VPC endpoint |');
    expect(markdown).toContain(
      [
        '**Service/SecurityGroup:**',
        '- Ingress: tcp 3000 from LoadBalancer/SecurityGroup (Load balancer to target)',
        '- Egress: tcp 443 to prefix list (regional S3) (HTTPS to S3)',
        '- Egress: tcp 443 to Egress/EndpointSecurityGroup',
      ].join('\n'),
    );
    expect(markdown).toContain('| NAT gateway | privateSubnets | 2 | 32.85 | 65.70 | $0.045 per GB processed |');
    expect(markdown).toContain('| Application Load Balancer |  | 1 | 16.43 | 16.43 |  |');
    expect(markdown).toContain('| **total** | | | | **82.13** | |');
  });
});
