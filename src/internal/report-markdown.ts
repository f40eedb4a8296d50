import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ControlState, HardeningReport } from '../hardening-report';

const ICON: Record<ControlState, string> = {
  [ControlState.ON]: '✅',
  [ControlState.PARTLY]: '🟡',
  [ControlState.OFF]: '❌',
  [ControlState.NOT_APPLICABLE]: '➖',
  [ControlState.UNKNOWN]: '❔',
};

/** Render a report as Markdown that reads like the source notes. */
export function renderReportMarkdown(report: HardeningReport): string {
  const out: string[] = [];
  const byId = new Map(report.controls.map((c) => [c.id, c]));
  const on = (id: string) => byId.get(id)?.state === ControlState.ON || byId.get(id)?.state === ControlState.PARTLY;

  out.push(`# Security Configuration: ${report.constructPath} (${report.level})`, '');
  out.push('Generated at synth from the resources this instance actually builds.', '');

  const off = report.controls.filter((c) => c.state === ControlState.OFF);
  const partly = report.controls.filter((c) => c.state === ControlState.PARTLY);
  const inForce = report.controls.filter((c) => c.state === ControlState.ON);

  out.push('## Items Not Implemented', '');
  if (off.length === 0) {
    out.push('None: every control is in force.', '');
  }
  off.forEach((c, i) => {
    out.push(`${i + 1}. **${c.title}**${c.seedReference ? ` _(notes: ${c.seedReference})_` : ''}`);
    out.push(`   - ${c.reason}`);
    out.push(`   - To turn it on: ${c.nextStep ?? ''}`);
  });
  if (off.length) {
    out.push('');
  }

  if (partly.length) {
    out.push('## Partly Implemented', '');
    for (const c of partly) {
      out.push(`🟡 **${c.title}**`, `- ${c.reason}`, '');
    }
  }
  const unknown = report.controls.filter((c) => c.state === ControlState.UNKNOWN);
  if (unknown.length) {
    out.push('## Not Known At Synth', '');
    for (const c of unknown) {
      out.push(`❔ **${c.title}**`, `- ${c.reason}`, '');
    }
  }

  out.push('## Implemented Security Measures', '');
  for (const c of inForce) {
    out.push(`${ICON[c.state]} **${c.title}**`, `- ${c.reason}`);
    for (const concern of acknowledgedConcerns({ ...report, controls: [c] })) {
      out.push(`- Acknowledged ${concern.rules.map((r) => `\`${r}\``).join(', ')} on ${concern.resources.map((r) => `\`${r}\``).join(', ')}: ${concern.reason}`);
    }
    out.push('');
  }
  const na = report.controls.filter((c) => c.state === ControlState.NOT_APPLICABLE);
  for (const c of na) {
    out.push(`**Note (${c.title}):** ${c.reason}`, '');
  }

  const concerns = acknowledgedConcerns(report);
  if (concerns.length) {
    out.push('## Acknowledged Compliance Findings', '', 'One row per concern: the rules of every pack that flag it, the resources, and why it is acceptable.', '');
    out.push('| control | rules | resources | reason |', '|---|---|---|---|');
    for (const c of concerns) {
      out.push(`| ${c.control} | ${c.rules.map((r) => `\`${r}\``).join('<br>')} | ${c.resources.map((r) => `\`${r}\``).join('<br>')} | ${c.reason} |`);
    }
    out.push('');
  }

  if (report.sharedResources.length) {
    out.push('## Shared With Other Services', '', 'Removing a service deletes only what it owns; shared resources go with their owner.', '', '| resource | shared by | owner | what |', '|---|---|---|---|');
    for (const r of report.sharedResources) {
      out.push(`| \`${r.resource}\` | every instance in the ${r.scope} | \`${r.owner}\` | ${r.description} |`);
    }
    out.push('');
  }

  out.push('## Security Group Rules Summary', '');
  const groups = [...new Set(report.securityGroupRules.map((r) => r.securityGroup))];
  for (const g of groups) {
    out.push(`**${g}:**`);
    for (const r of report.securityGroupRules.filter((x) => x.securityGroup === g)) {
      out.push(`- ${r.direction === 'ingress' ? 'Ingress' : 'Egress'}: ${r.ports} ${r.direction === 'ingress' ? 'from' : 'to'} ${r.peer}${r.description ? ` (${r.description})` : ''}`);
    }
    out.push('');
  }

  out.push('## Request Path', '', '```mermaid', 'flowchart LR');
  out.push('  viewer([Viewer])');
  if (on('cloudFront')) {
    out.push('  cf[CloudFront distribution]');
    const wafOnCf = report.webAclScope === 'CLOUDFRONT';
    const wafOnAlb = report.webAclScope === 'REGIONAL';
    if (wafOnCf) {
      out.push('  waf{{WAF web ACL, CLOUDFRONT}}', '  viewer -- HTTPS --> waf --> cf');
    } else {
      out.push('  viewer -- HTTPS --> cf');
    }
    out.push('  alb[Internal ALB]');
    if (wafOnAlb) {
      out.push('  waf{{WAF web ACL, REGIONAL}}', '  cf -- VPC origin --> waf --> alb');
    } else {
      out.push('  cf -- VPC origin --> alb');
    }
  } else {
    out.push(`  alb[${on('internalLoadBalancer') ? 'Internal' : 'Internet-facing'} ALB]`);
    if (report.webAclScope !== undefined) {
      out.push('  waf{{WAF web ACL, REGIONAL}}', '  viewer --> waf --> alb');
    } else {
      out.push(`  viewer -- ${byId.get('tlsMinimum')?.state === ControlState.OFF ? 'HTTP' : 'HTTPS'} --> alb`);
    }
  }
  out.push(`  tasks[Fargate tasks, ${on('privateSubnets') ? 'private subnets' : 'public subnets'}]`, '  alb -- container port --> tasks', '```', '');

  out.push('## Task Egress', '', '```mermaid', 'flowchart LR', '  tasks[Fargate tasks]');
  if (on('restrictTaskEgress')) {
    const egress = report.securityGroupRules.filter((r) => r.direction === 'egress' && /Service\/SecurityGroup/.test(r.securityGroup));
    egress.forEach((r, i) => out.push(`  e${i}[${sanitize(r.peer)}]`, `  tasks -- ${sanitize(r.ports)} --> e${i}`));
    out.push('  dns[(VPC DNS resolver)]', '  tasks -. DNS, not filtered .-> dns');
  } else {
    out.push('  any((anywhere))', `  tasks -- all traffic${on('privateSubnets') ? ' via NAT' : ''} --> any`);
  }
  out.push('```', '');

  out.push(`## What It Costs (fixed monthly, ${report.priceRegion} list prices of ${report.priceDate})`, '');
  out.push('| cost driver | control | quantity | USD/month each | USD/month | plus |', '|---|---|---:|---:|---:|---|');
  for (const c of report.costs) {
    out.push(`| ${c.driver} | ${c.control ?? ''} | ${c.quantity} | ${c.unitMonthlyUsd.toFixed(2)} | ${c.monthlyUsd.toFixed(2)} | ${c.plus ?? ''} |`);
  }
  out.push(`| **total** | | | | **${report.monthlyCostUsd.toFixed(2)}** | |`, '');

  out.push('## To Enable Full Production Hardening', '');
  if (off.length === 0 && partly.length === 0) {
    out.push('Nothing left: this instance is at full production hardening.', '');
  } else {
    let n = 1;
    for (const c of [...off, ...partly]) {
      out.push(`${n++}. **${c.title}**: ${c.nextStep ?? ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function sanitize(s: string): string {
  return String(s).replace(/[[\](){}|"<>]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** One acknowledged concern: a reason under one control, with every rule and resource it covers. */
interface AcknowledgedConcern {
  readonly control: string;
  readonly reason: string;
  readonly rules: string[];
  readonly resources: string[];
}

/**
 * The acknowledgments grouped by concern (same control, same reason): the JSON report keeps one
 * entry per rule and resource; a reader wants each concern once.
 */
export function acknowledgedConcerns(report: HardeningReport): AcknowledgedConcern[] {
  const concerns = new Map<string, AcknowledgedConcern>();
  for (const control of report.controls) {
    for (const a of control.acknowledgments) {
      const key = `${control.id}\u0000${a.reason}`;
      const concern = concerns.get(key) ?? { control: control.title, reason: a.reason, rules: [], resources: [] };
      if (!concern.rules.includes(a.rule)) {
        concern.rules.push(a.rule);
      }
      if (!concern.resources.includes(a.resource)) {
        concern.resources.push(a.resource);
      }
      concerns.set(key, concern);
    }
  }
  return [...concerns.values()];
}

/**
 * Write the report of the instance at `root` into the cloud assembly, beside the templates, as
 * Markdown and JSON (nothing outside an app with an output directory).
 */
export function writeReportToAssembly(root: IConstruct, report: HardeningReport): void {
  const outdir = Stage.of(root)?.outdir;
  if (!outdir) {
    return;
  }
  const base = `hardening-report.${Stack.of(root).artifactId}.${root.node.path.replace(/[^A-Za-z0-9-]+/g, '-')}`;
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, `${base}.md`), renderReportMarkdown(report));
  fs.writeFileSync(path.join(outdir, `${base}.json`), JSON.stringify(report, undefined, 2));
}
