/**
 * The synth benchmark (issue 6): HardenedDemoService against aws-ecs-patterns, and what each
 * stack costs to run. Nothing here asserts a time: the goals are reported met or missed.
 *
 *   npx projen bench [options]      (compiles lib/ first when src/ is newer)
 *
 * Options: --runs N (10 measured rounds), --warmup N (2), --import-runs N (7), --quick (3 runs,
 * 1 warm-up, 3 import runs), --shared 1,5,10 (service counts of the shared-VPC rows; 0: none).
 *
 * Whole-process synthesis: each measurement spawns `node bench/synth-app.js <variant>` (the
 * compiled lib/, no ts-node in the timed process) and times it from spawn to exit. The
 * variants run in rotated order round after round, so drift in machine load spreads over all
 * of them. Costs: HardenedDemoService's from its hardeningReport() (written into the cloud
 * assembly at synth), the peer's from the same price table over its template.
 *
 * Writes bench/results/latest.json and bench/results/latest.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'bench', 'results');

const VARIANTS = { empty: 'Empty stack (floor)', peer: 'ecs-patterns ALB Fargate (peer)', demo: 'HardenedDemoService DEMO', production: 'HardenedDemoService PRODUCTION' };
type Variant = keyof typeof VARIANTS;
const NAMES = Object.keys(VARIANTS) as Variant[];

/** Why each kind of custom resource is there: the control that brings it (issue 6's goal). */
const CUSTOM_RESOURCES: Record<string, string> = {
  'Custom::VpcRestrictDefaultSG': "restrictDefaultSecurityGroup: CloudFormation cannot remove the rules of a VPC's default security group",
  'Custom::S3AutoDeleteObjects': 'retainData off: a bucket that is not retained is emptied when the stack is deleted, or the deletion stops at it',
  'Custom::AWS': 'restrictTaskEgress (S3) and cloudFront (origin-facing): managed prefix lists, looked up at deploy time because the stack is region-agnostic',
};

// ---------------------------------------------------------------------------------------------
// Options, statistics, machine

const { values: args } = parseArgs({
  options: {
    'runs': { type: 'string' },
    'warmup': { type: 'string' },
    'import-runs': { type: 'string' },
    'quick': { type: 'boolean', default: false },
    'shared': { type: 'string', default: '1,5,10' },
  },
});
const whole = (raw: string | undefined, quick: number, full: number) => {
  const n = Number(raw ?? (args.quick ? quick : full));
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`expected a whole number, got '${raw}'`);
  }
  return n;
};
const opts = {
  runs: Math.max(1, whole(args.runs, 3, 10)),
  warmup: whole(args.warmup, 1, 2),
  importRuns: Math.max(1, whole(args['import-runs'], 3, 7)),
  shared: args.shared.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
};

const r1 = (n: number) => Math.round(n * 10) / 10;
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
const usd = (n: number) => `$${n.toFixed(2)}`;

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (s.length - 1) * p;
    return s[Math.floor(pos)] + (s[Math.ceil(pos)] - s[Math.floor(pos)]) * (pos - Math.floor(pos));
  };
  return { n: s.length, median: r1(q(0.5)), iqr: r1(q(0.75) - q(0.25)), min: r1(s[0]), max: r1(s[s.length - 1]) };
}

const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const version = (pkg: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------------------------------------
// Runs and what they synthesize

/** Children get no CDK_* variable of the caller's except CDK_VALIDATION. */
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CDK_') || k === 'CDK_VALIDATION'));

function node(script: string, ...argv: string[]): { wallMs: number; out: any } {
  const start = performance.now();
  const res = spawnSync(process.execPath, [path.join(ROOT, 'bench', script), ...argv], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 2 ** 26 });
  const wallMs = performance.now() - start;
  if (res.status !== 0) {
    throw new Error(`node bench/${script} ${argv.join(' ')} failed (exit ${res.status}):\n${res.stderr}`);
  }
  return { wallMs: r1(wallMs), out: JSON.parse(res.stdout.trim().split('\n').pop()!) };
}

type Template = { Resources?: Record<string, { Type: string; Properties?: any }> };
interface Cost {
  total: number;
  lines: Array<{ driver: string; control?: string; quantity: number; unit: number; monthly: number; plus?: string }>;
}

/** The price table's estimate for a template (the peer's, the floor's, one peer service's share). */
function priceTable(template: Template): Cost {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const e = require(path.join(ROOT, 'lib', 'internal', 'price-table.js')).estimateFixedMonthlyCost(template);
  return { total: e.totalMonthly, lines: e.lines.map((l: any) => ({ ...l, unit: l.unitMonthly })) };
}

/** Resources, size, custom resources and cost of what one run synthesized. */
function analyse(outdir: string) {
  const file = path.join(outdir, 'Bench.template.json');
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
  const resources = Object.entries(template.Resources ?? {});
  const count = (type: string) => resources.filter(([, r]) => r.Type === type).length;
  const reports = fs.readdirSync(outdir).filter((f) => /^hardening-report\..+\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
  const ourCost = (r: any): Cost => ({
    total: r.monthlyCostUsd,
    lines: r.costs.map((c: any) => ({ ...c, unit: c.unitMonthlyUsd, monthly: c.monthlyUsd })),
  });
  return {
    template,
    resources: resources.length,
    templateBytes: fs.statSync(file).size,
    lambdas: count('AWS::Lambda::Function'),
    customResources: resources.filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
      .map(([logicalId, r]) => ({ logicalId, type: r.Type, control: CUSTOM_RESOURCES[r.Type] })),
    natGateways: count('AWS::EC2::NatGateway'),
    kmsKeys: count('AWS::KMS::Key'),
    /** Per service: ours from hardeningReport(), the rest from the price table. */
    costs: reports.length > 0 ? reports.map(ourCost) : [priceTable(template)],
  };
}

/** One measured synth; `analysed` gets what it synthesized the first time a key comes. */
function synth(variant: string, round: number, analysed: Map<string, ReturnType<typeof analyse>>, services?: number) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `hds-bench-${variant}-`));
  try {
    const { wallMs, out } = node('synth-app.js', variant, outdir, ...(services ? [String(services)] : []));
    const key = services ? `${variant}:${services}` : variant;
    if (!analysed.has(key)) {
      analysed.set(key, analyse(outdir));
    }
    return { variant, services, round, warmup: round < opts.warmup, wallMs, maxRssMiB: r1(out.maxRssKb / 1024) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Main

if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
  throw new Error('lib/index.js does not exist: run `npx projen compile` (npx projen bench does)');
}
const started = new Date();
const loadStart = loadavg();
const rounds = opts.warmup + opts.runs;
const analysed = new Map<string, ReturnType<typeof analyse>>();
const runs: Array<ReturnType<typeof synth>> = [];
log(`${opts.warmup} warm-up + ${opts.runs} measured rounds of ${NAMES.join(', ')}; shared rows ${opts.shared.join(',') || 'none'}; load ${loadStart.join(' ')}`);
for (let round = 0; round < rounds; round++) {
  const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]);
  const done = order.map((v) => synth(v, round, analysed));
  runs.push(...done);
  log(`round ${round + 1}/${rounds}: ${done.map((r) => `${r.variant} ${ms(r.wallMs)}`).join(', ')} (load ${loadavg()[0]})`);
}
// N services in one shared VPC and cluster: both sides alternating, the order swapped each round.
for (let round = 0; round < (opts.shared.length > 0 ? rounds : 0); round++) {
  const done = opts.shared.flatMap((n) => (round % 2 ? ['peer-shared', 'production-shared'] : ['production-shared', 'peer-shared']).map((v) => synth(v, round, analysed, n)));
  runs.push(...done);
  log(`shared round ${round + 1}/${rounds}: ${done.map((r) => `${r.variant} x${r.services} ${ms(r.wallMs)}`).join(', ')}`);
}
log(`import time: ${opts.importRuns} runs`);
const imports = Array.from({ length: opts.importRuns }, () => node('import-time.js').out);

const measured = (variant: string, services?: number) => runs.filter((r) => r.variant === variant && r.services === services && !r.warmup);
const wall = (variant: string, services?: number) => stats(measured(variant, services).map((r) => r.wallMs));
const floor = wall('empty').median;
const peer = wall('peer').median;
const variants = Object.fromEntries(NAMES.map((v) => {
  const { template, costs, ...a } = analysed.get(v)!;
  const w = wall(v);
  return [v, {
    label: VARIANTS[v],
    wallMs: w,
    ratioToPeer: r3(w.median / peer),
    ratioToPeerAboveFloor: v === 'empty' ? undefined : r3((w.median - floor) / (peer - floor)),
    maxRssMiB: stats(measured(v).map((r) => r.maxRssMiB)),
    ...a,
    cost: costs[0],
  }];
})) as Record<Variant, any>;

const sharedRows = opts.shared.map((n) => {
  const side = (variant: string) => {
    const a = analysed.get(`${variant}:${n}`)!;
    // Per service: ours the mean of the services' hardeningReport().monthlyCostUsd, the peer's
    // the price table over each service's own resources (ids Service00, Service01...).
    const perService = variant === 'production-shared'
      ? a.costs.map((c) => c.total)
      : Array.from({ length: n }, (_, i) => priceTable({
        Resources: Object.fromEntries(Object.entries(a.template.Resources ?? {}).filter(([id]) => id.startsWith(`Service${String(i).padStart(2, '0')}`))),
      }).total);
    const perServiceMonthly = r3(perService.reduce((x, y) => x + y, 0) / n);
    return { resources: a.resources, templateBytes: a.templateBytes, wallMs: wall(variant, n), perServiceMonthly };
  };
  return { services: n, production: side('production-shared'), peer: side('peer-shared') };
});
const one = sharedRows.find((r) => r.services === 1);
const perAdded = (r: (typeof sharedRows)[number], get: (s: typeof r.peer) => number) => {
  const added = (side: 'production' | 'peer') => r1((get(r[side]) - get(one![side])) / (r.services - 1));
  return one && r.services > 1 ? { production: added('production'), peer: added('peer') } : undefined;
};
const shared = sharedRows.map((r) => ({
  ...r,
  perAddedService: { resources: perAdded(r, (s) => s.resources), wallMs: perAdded(r, (s) => s.wallMs.median) },
}));

const importMs = stats(imports.map((i) => i.libMs));
const ours = [...variants.demo.customResources, ...variants.production.customResources];
const goals = [
  { goal: 'DEMO synth within 1.05x of the peer', target: '<= 1.05', value: `${variants.demo.ratioToPeer.toFixed(2)}x`, met: variants.demo.ratioToPeer <= 1.05 },
  { goal: 'PRODUCTION synth within 1.25x of the peer', target: '<= 1.25', value: `${variants.production.ratioToPeer.toFixed(2)}x`, met: variants.production.ratioToPeer <= 1.25 },
  { goal: 'Library import (beyond aws-cdk-lib) under 30 ms', target: '< 30 ms', value: `${importMs.median} ms median`, met: importMs.median < 30 },
  {
    goal: 'No Lambda-backed custom resource that a control does not strictly need',
    target: 'each one brought by a control that needs it',
    value: [...new Set(ours.map((c) => `${c.type}${c.control ? '' : ' (no control brings it)'}`))].join(', ') || 'none',
    met: ours.every((c) => c.control),
  },
];

const results = {
  schemaVersion: 2,
  date: started.toISOString(),
  durationS: r1((Date.now() - started.getTime()) / 1000),
  machine: {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    loadavgStart: loadStart,
    loadavgEnd: loadavg(),
  },
  software: {
    node: process.version,
    awsCdkLib: version('aws-cdk-lib'),
    constructs: version('constructs'),
    gitCommit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    cdkValidation: process.env.CDK_VALIDATION === 'false' ? 'off (CDK_VALIDATION=false)' : 'on (aws-cdk-lib default)',
  },
  method: { warmupRounds: opts.warmup, measuredRounds: opts.runs, importRuns: opts.importRuns },
  variants,
  shared,
  importTime: { libMs: importMs, depsMs: stats(imports.map((i) => i.depsMs)) },
  goals,
  runs,
};

// ---------------------------------------------------------------------------------------------
// Report

const v = variants;
const pair = (a: number | undefined, b: number | undefined, f = (x: number) => String(x)) => (a === undefined || b === undefined ? '-' : `${f(a)} / ${f(b)} (${(a / b).toFixed(2)})`);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const L = [
  '# Synth benchmark: HardenedDemoService vs aws-ecs-patterns (issue 6)',
  '',
  `- Date: ${results.date}; took ${results.durationS} s`,
  `- Machine: ${results.machine.nproc} CPUs, ${results.machine.cpu}, ${results.machine.memoryMiB} MiB; ` +
    `load average (1/5/15 min) ${loadStart.join(' / ')} at start, ${results.machine.loadavgEnd.join(' / ')} at end`,
  `- Node ${process.version}, aws-cdk-lib ${results.software.awsCdkLib}, constructs ${results.software.constructs}; commit ${results.software.gitCommit}`,
  '- Method: whole-process `node bench/synth-app.js` per synth (region-agnostic stack, ' +
    `built-in template validation ${results.software.cdkValidation}), ` +
    `${opts.warmup} warm-up + ${opts.runs} measured rounds, the variants in rotated order`,
  '',
  '## Synth time and what each stack holds',
  '',
  '| Variant | Synth median | IQR (min-max) | x peer | x peer above floor | Peak RSS median | Resources | Template | Lambdas | Custom resources | NAT | KMS keys | Fixed $/month |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...NAMES.map((k) => {
    const x = v[k];
    return `| ${x.label} | ${ms(x.wallMs.median)} | ${ms(x.wallMs.iqr)} (${ms(x.wallMs.min)}-${ms(x.wallMs.max)}) | ${x.ratioToPeer.toFixed(2)} | ${x.ratioToPeerAboveFloor?.toFixed(2) ?? '-'} | ` +
      `${x.maxRssMiB.median.toFixed(0)} MiB | ${x.resources} | ${kb(x.templateBytes)} | ${x.lambdas} | ${x.customResources.length} | ${x.natGateways} | ${x.kmsKeys} | ${usd(x.cost.total)} |`;
  }),
  '',
  'x peer above floor = (median - empty stack median) / (peer median - empty stack median).',
  '',
];
if (shared.length > 0) {
  L.push('## N PRODUCTION services in one shared VPC and ECS cluster', '',
    'N PRODUCTION HardenedDemoServices in one stack given one ec2.Vpc (maxAzs 2) and one ecs.Cluster (Container Insights on), against N ' +
    'ApplicationLoadBalancedFargateServices given the same cluster (aws-ecs-patterns takes vpc or cluster, not both), timed like the rows above. ' +
    'Per added service = (value at N - value at 1) / (N - 1). Fixed $/month per service: ours hardeningReport().monthlyCostUsd, the peer the price table ' +
    'over its own resources; the shared VPC, cluster, endpoints and log buckets are in neither.', '',
    '| Services | Resources ours / peer (x) | Resources per added service | Template ours / peer (x) | Synth median ours / peer (x) | Synth per added service | Fixed $/month per service |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...shared.map((r) => {
      const a = r.perAddedService;
      return `| ${r.services} | ${pair(r.production.resources, r.peer.resources)} | ${pair(a.resources?.production, a.resources?.peer)} | ` +
        `${pair(r.production.templateBytes, r.peer.templateBytes, kb)} | ${pair(r.production.wallMs.median, r.peer.wallMs.median, ms)} | ` +
        `${pair(a.wallMs?.production, a.wallMs?.peer, ms)} | ${pair(r.production.perServiceMonthly, r.peer.perServiceMonthly, usd)} |`;
    }), '');
}
L.push('## Custom resources', '');
for (const k of NAMES) {
  const crs: Array<{ logicalId: string; type: string; control?: string }> = v[k].customResources;
  L.push(`- ${v[k].label}: ${crs.length === 0 ? 'none' : `${v[k].lambdas} Lambda function(s), ${crs.length} custom resource(s)`}`,
    ...crs.map((c) => `  - \`${c.type}\` ${c.logicalId} <- ${c.control ?? (k === 'peer' ? 'aws-ecs-patterns' : '**no control brings it**')}`));
}
L.push('', '## Fixed monthly cost', '', "HardenedDemoService's from its hardeningReport() (costs, monthlyCostUsd); the others from the same price table " +
  '(lib/internal/price-table.js) over their templates. Fixed charges only: traffic-driven charges are named, not estimated.', '');
for (const k of NAMES) {
  const c: Cost = v[k].cost;
  L.push(`- **${v[k].label}: ${usd(c.total)}/month**`,
    ...c.lines.map((l) => `  - ${l.driver}${l.control ? ` (${l.control})` : ''}: ${l.quantity} x ${usd(l.unit)} = ${usd(l.monthly)}${l.plus ? `, plus ${l.plus}` : ''}`));
}
L.push('', '## Library import time', '',
  `Fresh \`node bench/import-time.js\` processes (${opts.importRuns}): require every external module lib/ requires, then time require(lib/index.js): ` +
  `**${importMs.median} ms** median (IQR ${importMs.iqr}, ${importMs.min}-${importMs.max}); the dependencies themselves ${results.importTime.depsMs.median} ms.`, '',
  '## Goals', '', '| Goal | Target | Measured | Status |', '|---|---|---|---|',
  ...goals.map((g) => `| ${g.goal} | ${g.target} | ${g.value} | ${g.met ? 'met' : '**missed**'} |`), '');

const md = L.join('\n');
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(results, undefined, 2) + '\n');
fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
process.stdout.write(md);
log(`wrote bench/results/latest.json and latest.md in ${results.durationS} s`);
