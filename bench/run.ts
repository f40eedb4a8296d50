/**
 * The synth benchmark (issue 6): HardenedDemoService against aws-ecs-patterns, and what each
 * stack costs to run.
 *
 *   npx projen bench                                  (compiles lib/ first when stale)
 *   npx ts-node --project tsconfig.dev.json bench/run.ts [options]
 *
 * Options: --runs N (10), --warmup N (2), --import-runs N (7), --quick (3 runs, 1 warm-up,
 * 3 import runs), --no-compile, --no-tests, --no-profile (no CPU profile even when a synth goal
 * is missed), --profile-all (CPU-profile the peer, DEMO and PRODUCTION whatever the outcome),
 * --shared 1,5,10 (the counts of the shared-VPC rows; --shared 0 skips them).
 *
 * Whole-process synthesis: each measurement spawns `node bench/synth-app.js <variant>` (plain
 * JavaScript against the compiled lib/, no ts-node in the timed process), an app with one
 * region-agnostic stack that synthesizes to a fresh temporary directory. The four variants
 * run in alternating (rotated) order, round after round, so that drift in machine load
 * spreads over all of them. Nothing here asserts a time: the goals are reported met or missed.
 *
 * Writes bench/results/latest.json and bench/results/latest.md (CPU profiles, when a synth goal
 * is missed, go to bench/results/profiles/).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, 'bench');
const RESULTS = path.join(BENCH, 'results');
const PROFILES = path.join(RESULTS, 'profiles');
const SYNTH_APP = path.join(BENCH, 'synth-app.js');
const IMPORT_APP = path.join(BENCH, 'import-time.js');

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  readonly runs: number;
  readonly warmup: number;
  readonly importRuns: number;
  readonly compile: boolean;
  readonly tests: boolean;
  readonly profile: boolean;
  readonly profileAll: boolean;
  /** Service counts of the shared-VPC rows (empty: none). */
  readonly shared: number[];
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const num = (name: string, fallback: number): number => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) {
      return fallback;
    }
    const raw = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      throw new Error(`--${name}: expected a whole number, got '${raw}'`);
    }
    return n;
  };
  const sharedArg = argv.find((a, i) => a.startsWith('--shared=') || argv[i - 1] === '--shared');
  return {
    runs: Math.max(1, num('runs', quick ? 3 : 10)),
    warmup: num('warmup', quick ? 1 : 2),
    importRuns: Math.max(1, num('import-runs', quick ? 3 : 7)),
    compile: !argv.includes('--no-compile'),
    tests: !argv.includes('--no-tests'),
    profile: !argv.includes('--no-profile'),
    profileAll: argv.includes('--profile-all'),
    shared: (sharedArg === undefined ? '1,5,10' : sharedArg.replace(/^--shared=/, '')).split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Variants

const VARIANTS = ['empty', 'peer', 'demo', 'production'] as const;
type Variant = (typeof VARIANTS)[number];
/** N services in one stack, given one VPC and one ECS cluster (bench/synth-app.js). */
const SHARED = ['peer-shared', 'production-shared'] as const;
type SharedVariant = (typeof SHARED)[number];

const DESCRIPTIONS: Record<Variant, string> = {
  empty: 'Empty stack (the floor: Node, aws-cdk-lib, App.synth of nothing)',
  peer: 'aws-ecs-patterns ApplicationLoadBalancedFargateService, same image, port 3000',
  demo: 'HardenedDemoService, hardeningLevel DEMO',
  production: 'HardenedDemoService, hardeningLevel PRODUCTION (default)',
};

const LABELS: Record<Variant, string> = {
  empty: 'Empty stack (floor)',
  peer: 'ecs-patterns ALB Fargate (peer)',
  demo: 'HardenedDemoService DEMO',
  production: 'HardenedDemoService PRODUCTION',
};

// ---------------------------------------------------------------------------------------------
// Statistics

interface Stats {
  readonly n: number;
  readonly median: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly q3: number;
  readonly iqr: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const r3 = (n: number) => Math.round(n * 1000) / 1000;

function stats(values: number[], round: (n: number) => number = r1): Stats {
  const s = [...values].sort((a, b) => a - b);
  const q1 = quantile(s, 0.25);
  const q3 = quantile(s, 0.75);
  return {
    n: s.length,
    median: round(quantile(s, 0.5)),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
    min: round(s[0]),
    max: round(s[s.length - 1]),
    q1: round(q1),
    q3: round(q3),
    iqr: round(q3 - q1),
  };
}

// ---------------------------------------------------------------------------------------------
// Machine and context

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function machineInfo() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const nproc = Number(sh('nproc', [])) || os.availableParallelism();
  return {
    nproc,
    cpuModel: model,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryMiB: Math.round(os.totalmem() / 1024 / 1024),
  };
}

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function loadavg(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

/** Children get no CDK_* variable from the caller's environment except CDK_VALIDATION. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CDK_') || k === 'CDK_VALIDATION') {
      env[k] = v;
    }
  }
  env.BENCH_ROOT = ROOT;
  return env;
}

// ---------------------------------------------------------------------------------------------
// Compile

function ensureCompiled(opts: Options): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { libStaleReason } = require(path.join(BENCH, 'lib-stale.js')) as { libStaleReason(root: string): string | undefined };
  const reason = libStaleReason(ROOT);
  if (!reason) {
    return 'lib/ up to date';
  }
  if (!opts.compile) {
    if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js'))) {
      throw new Error('lib/index.js does not exist and --no-compile was given: run `npx projen compile` first.');
    }
    log(`warning: lib/ is stale (${reason}) and --no-compile was given: benchmarking the stale lib/`);
    return `stale, not recompiled (${reason})`;
  }
  log(`lib/ is stale (${reason}): npx projen compile`);
  const res = spawnSync('npx', ['projen', 'compile'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) {
    throw new Error('npx projen compile failed: the benchmark needs a compiled lib/.');
  }
  return `compiled (${reason})`;
}

// ---------------------------------------------------------------------------------------------
// Synth runs

interface ChildReport {
  readonly variant: Variant;
  readonly templateFile: string;
  readonly bootMs: number;
  readonly requireMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  readonly inProcessMs: number;
  readonly maxRssKb: number;
  readonly userCpuMs: number;
  readonly systemCpuMs: number;
  /** CPU time of each phase (all threads), until the app's last statement. */
  readonly cpu?: { boot: number; require: number; construct: number; synth: number };
  readonly cdkPerfCounters?: Array<{ key: string; count: number; totalMs: number }>;
}

interface RunRecord {
  readonly variant: Variant | SharedVariant;
  /** Services in the stack (the shared-VPC rows). */
  readonly services?: number;
  readonly round: number;
  readonly position: number;
  readonly warmup: boolean;
  readonly wallMs: number;
  readonly bootMs: number;
  readonly requireMs: number;
  readonly constructMs: number;
  readonly synthMs: number;
  /** Wall time after the app's last statement: process teardown (V8, background threads). */
  readonly exitMs: number;
  /** aws-cdk-lib's validateTemplates counter: the built-in CloudFormation validation, engine start included. */
  readonly validationMs?: number;
  /** Of which validating the template itself (CloudFormationValidate.validate). */
  readonly validateCallMs?: number;
  readonly maxRssKb: number;
  /** CPU time of the whole process, exit included (from /usr/bin/time), else until the last statement. */
  readonly cpuMs: number;
  /** CPU time per phase (boot, require, construct, synth, and exit when /usr/bin/time is there). */
  readonly cpuPhases: { boot?: number; require?: number; construct?: number; synth?: number; exit?: number };
  readonly loadavg1: number;
}

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function runChild(args: string[], nodeArgs: string[] = [], timeFile?: string): { stdout: string; wallMs: number } {
  // With timeFile, /usr/bin/time writes the whole process's CPU time (exit included) there.
  const [cmd, argv] = timeFile && TIME
    ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, process.execPath, ...nodeArgs, ...args]]
    : [process.execPath, [...nodeArgs, ...args]];
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, argv, {
    cwd: ROOT,
    env: childEnv(),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0 || res.error) {
    throw new Error(`node ${args.join(' ')} failed (exit ${res.status}${res.error ? `, ${res.error.message}` : ''}):\n${res.stderr}`);
  }
  return { stdout: res.stdout, wallMs };
}

function synthOnce(
  variant: Variant | SharedVariant, round: number, position: number, warmup: boolean, keep: boolean, nodeArgs: string[] = [], services?: number,
) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `hds-bench-${variant}-`));
  try {
    const timeFile = path.join(outdir, '..', `${path.basename(outdir)}.time`);
    const { stdout, wallMs } = runChild([SYNTH_APP, variant, outdir, ...(services ? [String(services)] : [])], nodeArgs, timeFile);
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as ChildReport;
    const inScriptCpu = report.userCpuMs + report.systemCpuMs;
    let totalCpu: number | undefined;
    if (fs.existsSync(timeFile)) {
      const [, user, sys] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      totalCpu = (user + sys) * 1000;
      fs.rmSync(timeFile, { force: true });
    }
    const record: RunRecord = {
      variant,
      services,
      round,
      position,
      warmup,
      wallMs: r1(wallMs),
      bootMs: r1(report.bootMs),
      requireMs: r1(report.requireMs),
      constructMs: r1(report.constructMs),
      synthMs: r1(report.synthMs),
      exitMs: r1(wallMs - report.inProcessMs),
      validationMs: report.cdkPerfCounters?.find((c) => c.key === 'validateTemplates')?.totalMs,
      validateCallMs: report.cdkPerfCounters?.find((c) => c.key === 'CloudFormationValidate.validate')?.totalMs,
      maxRssKb: report.maxRssKb,
      cpuMs: r1(totalCpu ?? inScriptCpu),
      cpuPhases: {
        boot: report.cpu && r1(report.cpu.boot),
        require: report.cpu && r1(report.cpu.require),
        construct: report.cpu && r1(report.cpu.construct),
        synth: report.cpu && r1(report.cpu.synth),
        exit: totalCpu === undefined ? undefined : r1(Math.max(0, totalCpu - inScriptCpu)),
      },
      loadavg1: loadavg()[0],
    };
    return { record, report, outdir: keep ? outdir : undefined };
  } finally {
    if (!keep) {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Template analysis

type Resource = { Type: string; Properties?: Record<string, any> };
type Template = { Resources?: Record<string, Resource> };

interface CustomResourceInfo {
  readonly logicalId: string;
  readonly type: string;
  /** The Lambda function behind it (logical id), when its ServiceToken is one in the template. */
  readonly lambda?: string;
  /** The control that brings it. */
  readonly control: string;
  readonly why: string;
  /** Whether the control strictly needs it (no native CloudFormation way to do the same). */
  readonly strictlyNeeded: boolean;
}

function lambdaBehind(template: Template, serviceToken: unknown): string | undefined {
  const getAtt = (serviceToken as any)?.['Fn::GetAtt'];
  const id = Array.isArray(getAtt) ? getAtt[0] : undefined;
  return id && template.Resources?.[id]?.Type === 'AWS::Lambda::Function' ? id : undefined;
}

/** Which control brings a custom resource, and whether it strictly needs it. */
function attribute(variant: Variant | SharedVariant, type: string, resource: Resource): Pick<CustomResourceInfo, 'control' | 'why' | 'strictlyNeeded'> {
  if (variant === 'peer' || variant === 'empty' || variant === 'peer-shared') {
    return { control: '(not HardenedDemoService)', why: 'part of the comparison app', strictlyNeeded: true };
  }
  const call = JSON.stringify(resource.Properties?.Create ?? resource.Properties?.Update ?? '');
  if (type === 'Custom::VpcRestrictDefaultSG') {
    return {
      control: 'restrictDefaultSecurityGroup',
      why: "ec2.Vpc restrictDefaultSecurityGroup: CloudFormation cannot remove the rules of a VPC's default security group",
      strictlyNeeded: true,
    };
  }
  if (type === 'Custom::S3AutoDeleteObjects') {
    return {
      control: 'retainData',
      why: 'Bucket autoDeleteObjects: a bucket that is not retained is emptied when the stack is deleted, or the deletion stops at a non-empty bucket',
      strictlyNeeded: true,
    };
  }
  if (type === 'Custom::AWS' && call.includes('DescribeManagedPrefixLists')) {
    if (call.includes('cloudfront.origin-facing')) {
      return {
        control: 'cloudFront',
        why: 'AwsCustomResource: CloudFront origin-facing managed prefix list (load balancer ingress), resolved at deploy time because the stack is region-agnostic; a stack with a region uses a synth-time context lookup instead',
        strictlyNeeded: true,
      };
    }
    return {
      control: 'restrictTaskEgress',
      why: 'AwsCustomResource: regional S3 managed prefix list (task egress through the gateway endpoint), resolved at deploy time because the stack is region-agnostic; a stack with a region uses a synth-time context lookup instead',
      strictlyNeeded: true,
    };
  }
  return { control: '(none found)', why: 'not attributed to a control: check what brings it', strictlyNeeded: false };
}

interface CostEstimate {
  priceDate: string;
  region: string;
  totalMonthly: number;
  lines: Array<{ driver: string; control?: string; quantity: number; unitMonthly: number; monthly: number; plus?: string }>;
}

function estimateCost(template: Template): CostEstimate | { error: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const priceTable = require(path.join(ROOT, 'lib', 'internal', 'price-table.js')) as {
      estimateFixedMonthlyCost(t: Template): CostEstimate;
    };
    return priceTable.estimateFixedMonthlyCost(template);
  } catch (e) {
    return { error: `lib/internal/price-table.js: ${(e as Error).message}` };
  }
}

function analyse(variant: Variant | SharedVariant, outdir: string, templateFile: string) {
  const file = path.join(outdir, templateFile);
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
  const resources = Object.entries(template.Resources ?? {});
  const byType: Record<string, number> = {};
  for (const [, r] of resources) {
    byType[r.Type] = (byType[r.Type] ?? 0) + 1;
  }
  const customResources: CustomResourceInfo[] = resources
    .filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    .map(([logicalId, r]) => ({
      logicalId,
      type: r.Type,
      lambda: lambdaBehind(template, r.Properties?.ServiceToken),
      ...attribute(variant, r.Type, r),
    }));
  const lambdas = resources
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
    .map(([logicalId, r]) => ({
      logicalId,
      runtime: r.Properties?.Runtime,
      backs: customResources.filter((c) => c.lambda === logicalId).map((c) => `${c.type} ${c.logicalId}`),
    }));
  const count = (type: string) => byType[type] ?? 0;
  return {
    templateBytes: fs.statSync(file).size,
    resourceCount: resources.length,
    resourcesByType: Object.fromEntries(Object.entries(byType).sort()),
    lambdaFunctions: lambdas,
    customResources,
    natGateways: count('AWS::EC2::NatGateway'),
    kmsKeys: count('AWS::KMS::Key'),
    cost: estimateCost(template),
  };
}

// ---------------------------------------------------------------------------------------------
// N services in one shared VPC and cluster

/** Mean fixed $/month of one service: ours from hardeningReport() (written into the assembly at synth), the peer's from the price table over its own resources. */
function costPerService(variant: SharedVariant, outdir: string, template: Template, services: number): number {
  const costs = variant === 'production-shared'
    ? fs.readdirSync(outdir).filter((f) => /^hardening-report\..+\.json$/.test(f))
      .map((f) => (JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')) as { monthlyCostUsd: number }).monthlyCostUsd)
    : Array.from({ length: services }, (_, i) => {
      const own = Object.entries(template.Resources ?? {}).filter(([id]) => id.startsWith(`Service${String(i).padStart(2, '0')}`));
      const c = estimateCost({ Resources: Object.fromEntries(own) });
      return 'error' in c ? NaN : c.totalMonthly;
    });
  return r3(costs.reduce((a, b) => a + b, 0) / costs.length);
}

/** The shared-VPC rows: for each count, both sides alternating (order swapped each round). */
function runShared(opts: Options) {
  const records: RunRecord[] = [];
  const kept = new Map<string, { resources: number; templateBytes: number; stackMonthly?: number; perServiceMonthly: number }>();
  for (let round = 0; round < opts.warmup + opts.runs; round++) {
    const line: string[] = [];
    for (const n of opts.shared) {
      (round % 2 === 0 ? SHARED : [...SHARED].reverse()).forEach((variant, position) => {
        const key = `${variant}:${n}`;
        const { record, report, outdir } = synthOnce(variant, round, position, round < opts.warmup, !kept.has(key), [], n);
        if (outdir) {
          const a = analyse(variant, outdir, report.templateFile);
          const template = JSON.parse(fs.readFileSync(path.join(outdir, report.templateFile), 'utf8')) as Template;
          kept.set(key, {
            resources: a.resourceCount,
            templateBytes: a.templateBytes,
            stackMonthly: 'error' in a.cost ? undefined : a.cost.totalMonthly,
            perServiceMonthly: costPerService(variant, outdir, template, n),
          });
          fs.rmSync(outdir, { recursive: true, force: true });
        }
        records.push(record);
        line.push(`${variant} x${n} ${ms(record.wallMs)}`);
      });
    }
    log(`shared VPC round ${round + 1}/${opts.warmup + opts.runs}${round < opts.warmup ? ' (warm-up)' : ''}: ${line.join(', ')} (load ${loadavg()[0]})`);
  }
  const side = (variant: SharedVariant, n: number) => ({
    wallMs: stats(records.filter((r) => r.variant === variant && r.services === n && !r.warmup).map((r) => r.wallMs)),
    ...kept.get(`${variant}:${n}`)!,
  });
  const rows = opts.shared.map((n) => ({ services: n, production: side('production-shared', n), peer: side('peer-shared', n) }));
  const one = rows.find((r) => r.services === 1);
  const added = (r: (typeof rows)[number], get: (x: ReturnType<typeof side>) => number) => ({
    production: one && r.services > 1 ? r1((get(r.production) - get(one.production)) / (r.services - 1)) : undefined,
    peer: one && r.services > 1 ? r1((get(r.peer) - get(one.peer)) / (r.services - 1)) : undefined,
  });
  return {
    method:
      'N PRODUCTION HardenedDemoServices in one stack given one ec2.Vpc (maxAzs 2) and one ecs.Cluster (Container Insights on), against N ApplicationLoadBalancedFargateServices given the same cluster (aws-ecs-patterns takes vpc or cluster, not both); same whole-process timing and rounds as above. Per added service = (value at N - value at 1) / (N - 1). Fixed $/month per service: ours hardeningReport().monthlyCostUsd, the peer estimateFixedMonthlyCost over its own resources; shared VPC, cluster, endpoints and log buckets are in neither.',
    rows: rows.map((r) => ({
      ...r,
      perAddedService: {
        resources: added(r, (x) => x.resources),
        wallMs: added(r, (x) => x.wallMs.median),
        stackMonthly: added(r, (x) => x.stackMonthly ?? NaN),
      },
      ratios: {
        resources: r3(r.production.resources / r.peer.resources),
        templateBytes: r3(r.production.templateBytes / r.peer.templateBytes),
        wallMs: r3(r.production.wallMs.median / r.peer.wallMs.median),
        perServiceMonthly: r3(r.production.perServiceMonthly / r.peer.perServiceMonthly),
      },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Import time

function importTime(runs: number) {
  const byMode: Record<'require-deps' | 'touch-deps', Array<{ depsMs: number; libMs: number }>> = { 'require-deps': [], 'touch-deps': [] };
  let preloaded: string[] = [];
  let libFiles = 0;
  let dependencyFiles: string[] = [];
  for (let i = 0; i < runs; i++) {
    for (const mode of i % 2 === 0 ? (['require-deps', 'touch-deps'] as const) : (['touch-deps', 'require-deps'] as const)) {
      const out = JSON.parse(runChild([IMPORT_APP, ...(mode === 'touch-deps' ? ['--touch-deps'] : [])]).stdout);
      byMode[mode].push({ depsMs: out.depsMs, libMs: out.libMs });
      if (mode === 'require-deps') {
        preloaded = out.preloaded;
        libFiles = out.libFilesLoaded;
        dependencyFiles = out.otherFilesLoaded;
      }
    }
  }
  return {
    method:
      'Fresh `node bench/import-time.js` processes: require every external module that lib/ requires (aws-cdk-lib submodules, constructs, node:path), then time require(lib/index.js).',
    runs,
    preloaded,
    libFilesLoaded: libFiles,
    libMs: stats(byMode['require-deps'].map((r) => r.libMs)),
    depsMs: stats(byMode['require-deps'].map((r) => r.depsMs)),
    dependencyFilesLoadedByLib: dependencyFiles,
    ownCodeOnly: {
      method: 'Same, but every export of those modules is read first (--touch-deps), loading what aws-cdk-lib otherwise loads lazily: what remains is the library\'s own code.',
      libMs: stats(byMode['touch-deps'].map((r) => r.libMs)),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CPU profiles

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A readable module name for a profile frame's url. */
function moduleOf(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (url.startsWith('wasm://')) {
    return 'wasm (@aws/cloudformation-validate, the built-in template validation)';
  }
  if (url.startsWith('node:')) {
    return 'node internals';
  }
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + '/node_modules/'.length).split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (pkg === 'aws-cdk-lib') {
      const sub = parts[1];
      return sub && !sub.endsWith('.js') ? `aws-cdk-lib/${sub}` : 'aws-cdk-lib';
    }
    return pkg;
  }
  if (file.startsWith(path.join(ROOT, 'lib') + path.sep)) {
    return `this library: ${path.relative(ROOT, file)}`;
  }
  if (file.startsWith(BENCH)) {
    return 'bench app';
  }
  return file;
}

const PHASES = [
  'invokeAspects',
  'invokeAspectsV2',
  'prepareApp',
  'validateTree',
  'synthesizeTree',
  'validateTemplates',
  'generateFeatureFlagReport',
  'injectMetadataResources',
] as const;

function summariseProfile(file: string, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const selfByModule = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveByPhase = new Map<string, number>();
  const inclusiveByLibFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = nodes.get(id)!;
    const mod = moduleOf(node.callFrame.url, node.callFrame.functionName);
    selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} [${mod}${node.callFrame.url ? `:${node.callFrame.lineNumber + 1}` : ''}]`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
    const seenPhase = new Set<string>();
    const seenLib = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = nodes.get(cur)!.callFrame;
      if ((PHASES as readonly string[]).includes(cf.functionName) && cf.url.includes('aws-cdk-lib')) {
        seenPhase.add(cf.functionName);
      }
      if (cf.url.includes(`${path.sep}lib${path.sep}`) && moduleOf(cf.url, cf.functionName).startsWith('this library')) {
        seenLib.add(`${cf.functionName || '(anonymous)'} [${path.relative(ROOT, cf.url.replace(/^file:\/\//, ''))}:${cf.lineNumber + 1}]`);
      }
    }
    for (const p of seenPhase) {
      inclusiveByPhase.set(p, (inclusiveByPhase.get(p) ?? 0) + dt);
    }
    for (const l of seenLib) {
      inclusiveByLibFunction.set(l, (inclusiveByLibFunction.get(l) ?? 0) + dt);
    }
  });
  const rank = (m: Map<string, number>, n = top) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: r1(ms), share: r3(ms / total) }));
  return {
    file: path.relative(ROOT, file),
    sampledMs: r1(total),
    selfByModule: rank(selfByModule, 20),
    topSelfFunctions: rank(selfByFunction),
    inclusiveByPhase: rank(inclusiveByPhase),
    inclusiveByLibraryFunction: rank(inclusiveByLibFunction),
  };
}

export function profileVariant(variant: Variant) {
  fs.mkdirSync(PROFILES, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hds-bench-prof-'));
  try {
    synthOnce(variant, -1, 0, false, false, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const produced = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!produced) {
      throw new Error(`no .cpuprofile written for ${variant}`);
    }
    const target = path.join(PROFILES, `${variant}.cpuprofile`);
    fs.copyFileSync(path.join(dir, produced), target);
    return summariseProfile(target);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Unit tests

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' ? [] : findTests(full);
    }
    return /\.(test|spec)\.tsx?$/.test(e.name) ? [path.relative(ROOT, full)] : [];
  });
}

function runUnitTests() {
  const files = findTests(path.join(ROOT, 'test'));
  if (files.length === 0) {
    return { ran: false as const, reason: 'no test files under test/' };
  }
  log(`unit tests: npx jest --ci (${files.length} test files)`);
  const start = process.hrtime.bigint();
  const res = spawnSync('npx', ['jest', '--ci'], { cwd: ROOT, env: childEnv(), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const output = `${res.stdout}\n${res.stderr}`;
  const line = (label: string) => new RegExp(`^${label}:\\s*(.+)$`, 'm').exec(output)?.[1]?.trim();
  return {
    ran: true as const,
    command: 'npx jest --ci',
    testFiles: files,
    wallMs: r1(wallMs),
    exitCode: res.status,
    suites: line('Test Suites'),
    tests: line('Tests'),
    jestTime: line('Time'),
    loadavg: loadavg(),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

type Results = ReturnType<typeof buildResults>;

function buildResults(ctx: {
  opts: Options;
  started: Date;
  dateU: string;
  compile: string;
  loadStart: number[];
  records: RunRecord[];
  analyses: Record<Variant, ReturnType<typeof analyse>>;
  imports: ReturnType<typeof importTime>;
}) {
  const measured = (v: Variant) => ctx.records.filter((r) => r.variant === v && !r.warmup);
  const wall = (v: Variant) => stats(measured(v).map((r) => r.wallMs));
  const floor = wall('empty').median;
  const peer = wall('peer').median;
  const rounds = [...new Set(ctx.records.filter((r) => !r.warmup).map((r) => r.round))];
  const paired = (v: Variant) =>
    stats(
      rounds.map((round) => {
        const of = (x: Variant) => ctx.records.find((r) => r.round === round && r.variant === x)!.wallMs;
        return of(v) / of('peer');
      }),
      r3,
    );
  const cpuPeer = stats(measured('peer').map((r) => r.cpuMs)).median;
  const variants = Object.fromEntries(
    VARIANTS.map((v) => {
      const w = wall(v);
      const runs = measured(v);
      return [
        v,
        {
          description: DESCRIPTIONS[v],
          wallMs: w,
          ratioToPeer: r3(w.median / peer),
          ratioToPeerAboveFloor: v === 'empty' ? 0 : r3((w.median - floor) / (peer - floor)),
          pairedRatioToPeer: v === 'peer' ? undefined : paired(v),
          cpuRatioToPeer: r3(stats(runs.map((r) => r.cpuMs)).median / cpuPeer),
          phasesMedianMs: {
            nodeBoot: stats(runs.map((r) => r.bootMs)).median,
            require: stats(runs.map((r) => r.requireMs)).median,
            construct: stats(runs.map((r) => r.constructMs)).median,
            synth: stats(runs.map((r) => r.synthMs)).median,
            exit: stats(runs.map((r) => r.exitMs)).median,
            validation: runs.every((r) => r.validationMs !== undefined) ? stats(runs.map((r) => r.validationMs!)).median : undefined,
            validateCall: runs.every((r) => r.validateCallMs !== undefined) ? stats(runs.map((r) => r.validateCallMs!)).median : undefined,
          },
          cpuMs: stats(runs.map((r) => r.cpuMs)),
          cpuPhasesMedianMs: Object.fromEntries(
            (['boot', 'require', 'construct', 'synth', 'exit'] as const)
              .filter((ph) => runs.every((r) => r.cpuPhases[ph] !== undefined))
              .map((ph) => [ph, stats(runs.map((r) => r.cpuPhases[ph]!)).median]),
          ),
          maxRssMiB: stats(runs.map((r) => r.maxRssKb / 1024)),
          ...ctx.analyses[v],
        },
      ];
    }),
  ) as Record<Variant, any>;

  const demoRatio = variants.demo.ratioToPeer as number;
  const prodRatio = variants.production.ratioToPeer as number;
  const importMs = ctx.imports.libMs.median;
  const hdsCustom = (['demo', 'production'] as const).flatMap((v) =>
    (variants[v].customResources as CustomResourceInfo[]).map((c) => ({ variant: v, ...c })),
  );
  const lambdaBacked = hdsCustom.filter((c) => c.lambda !== undefined || c.type.startsWith('Custom::'));
  const goals = [
    {
      id: 'demo-synth',
      goal: 'DEMO synth within 1.05x of the peer',
      target: '<= 1.05',
      value: `${demoRatio.toFixed(2)}x (above floor ${Number(variants.demo.ratioToPeerAboveFloor).toFixed(2)}x; paired per round ${variants.demo.pairedRatioToPeer.min.toFixed(2)}-${variants.demo.pairedRatioToPeer.max.toFixed(2)}x; CPU time ${variants.demo.cpuRatioToPeer.toFixed(2)}x)`,
      met: demoRatio <= 1.05,
    },
    {
      id: 'production-synth',
      goal: 'PRODUCTION synth within 1.25x of the peer',
      target: '<= 1.25',
      value: `${prodRatio.toFixed(2)}x (above floor ${Number(variants.production.ratioToPeerAboveFloor).toFixed(2)}x; paired per round ${variants.production.pairedRatioToPeer.min.toFixed(2)}-${variants.production.pairedRatioToPeer.max.toFixed(2)}x; CPU time ${variants.production.cpuRatioToPeer.toFixed(2)}x)`,
      met: prodRatio <= 1.25,
    },
    {
      id: 'import-time',
      goal: 'Library import (beyond aws-cdk-lib) under 30 ms',
      target: '< 30 ms',
      value: `${importMs} ms median (IQR ${ctx.imports.libMs.iqr}); own code alone ${ctx.imports.ownCodeOnly.libMs.median} ms`,
      met: importMs < 30,
    },
    {
      id: 'custom-resources',
      goal: 'No Lambda-backed custom resource that a control does not strictly need',
      target: 'each one brought by a control that needs it',
      value:
        lambdaBacked.length === 0
          ? 'none'
          : lambdaBacked.map((c) => `${c.variant}: ${c.type} (${c.logicalId}) <- ${c.control}${c.strictlyNeeded ? '' : ' NOT NEEDED'}`).join('; '),
      met: lambdaBacked.every((c) => c.strictlyNeeded),
    },
  ];

  return {
    schemaVersion: 1,
    issue: 6,
    date: ctx.dateU,
    dateIso: ctx.started.toISOString(),
    durationS: r1((Date.now() - ctx.started.getTime()) / 1000),
    machine: { ...machineInfo(), loadavgStart: ctx.loadStart, loadavgEnd: loadavg() },
    software: {
      node: process.version,
      awsCdkLib: packageVersion('aws-cdk-lib'),
      constructs: packageVersion('constructs'),
      library: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version ?? '0.0.0',
      gitCommit: sh('git', ['rev-parse', '--short', 'HEAD']),
      srcUncommittedChanges: sh('git', ['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean).length,
      lib: ctx.compile,
      cdkValidation: process.env.CDK_VALIDATION === 'false' ? 'off (CDK_VALIDATION=false)' : 'on (aws-cdk-lib default)',
    },
    method: {
      synth:
        'Whole process: spawn `node bench/synth-app.js <variant> <tmp outdir>` (new App(); one region-agnostic Stack; the service; app.synth()), wall time from spawn to exit; the child reports its phases and process.resourceUsage().maxRSS.',
      warmupRounds: ctx.opts.warmup,
      measuredRounds: ctx.opts.runs,
      order: 'each round runs all four variants, the order rotated by one each round',
      ratios: 'ratioToPeer = median / peer median; ratioToPeerAboveFloor = (median - empty median) / (peer median - empty median); pairedRatioToPeer = the ratio within each round',
    },
    variants,
    importTime: ctx.imports,
    goals,
    runs: ctx.records,
  };
}

const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
const usd = (n: number) => `$${n.toFixed(2)}`;

function markdown(res: Results, profiles: any[], importBreakdown: any, tests: any, shared?: ReturnType<typeof runShared>): string {
  const v = res.variants;
  const L: string[] = [];
  L.push('# Synth benchmark: HardenedDemoService vs aws-ecs-patterns (issue 6)', '');
  L.push(`- Date: ${res.date}`);
  L.push(`- Machine: ${res.machine.nproc} CPUs (nproc), ${res.machine.cpuModel}, ${res.machine.totalMemoryMiB} MiB, ${res.machine.platform}`);
  L.push(`- Node ${res.software.node}, aws-cdk-lib ${res.software.awsCdkLib}, constructs ${res.software.constructs}; commit ${res.software.gitCommit}` +
    (res.software.srcUncommittedChanges ? ` + ${res.software.srcUncommittedChanges} uncommitted change(s) in src/` : ''));
  L.push(`- Load average (1/5/15 min): ${res.machine.loadavgStart.join(' / ')} at start, ${res.machine.loadavgEnd.join(' / ')} at end` +
    (res.machine.loadavgStart[0] > res.machine.nproc * 0.5 || res.machine.loadavgEnd[0] > res.machine.nproc * 0.5 ? ' (other work was running: read the spread)' : ''));
  L.push(`- Method: whole-process \`node bench/synth-app.js\` per synth, ${res.method.warmupRounds} warm-up + ${res.method.measuredRounds} measured rounds, the four variants alternating (rotated order); region-agnostic stacks; built-in template validation ${res.software.cdkValidation}; took ${res.durationS} s`);
  L.push('');
  L.push('## Synth time and what each stack holds', '');
  L.push('| Variant | Synth median | IQR (min-max) | x peer | x peer above floor | Peak RSS median | Resources | Template | Lambdas | Custom resources | NAT | KMS keys | Fixed $/month |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const k of VARIANTS) {
    const x = v[k];
    const cost = 'error' in x.cost ? 'n/a' : usd(x.cost.totalMonthly);
    L.push(
      `| ${LABELS[k]} | ${ms(x.wallMs.median)} | ${ms(x.wallMs.iqr)} (${ms(x.wallMs.min)}-${ms(x.wallMs.max)}) | ${x.ratioToPeer.toFixed(2)} | ` +
        `${k === 'empty' ? '-' : x.ratioToPeerAboveFloor.toFixed(2)} | ${x.maxRssMiB.median.toFixed(0)} MiB | ${x.resourceCount} | ${(x.templateBytes / 1024).toFixed(1)} KB | ` +
        `${x.lambdaFunctions.length} | ${x.customResources.length} | ${x.natGateways} | ${x.kmsKeys} | ${cost} |`,
    );
  }
  L.push('');
  L.push(
    'Phases inside the child (medians, ms): Node boot before the app, require, construct, app.synth(), of which the built-in CloudFormation template validation ' +
      '(aws-cdk-lib `validateTemplates`: starting its WASM engine, then validating the template), and exit (wall time after the last statement: process teardown).',
    '',
  );
  L.push('| Variant | boot | require | construct | synth | of which validation (engine start + validate) | exit | CPU (user+sys) | CPU x peer | paired wall ratio to peer, median (min-max) |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const k of VARIANTS) {
    const p = v[k].phasesMedianMs;
    const pr = v[k].pairedRatioToPeer;
    const val = p.validation === undefined ? 'n/a' : `${p.validation} (${r1(p.validation - (p.validateCall ?? 0))} + ${p.validateCall ?? '?'})`;
    L.push(`| ${LABELS[k]} | ${p.nodeBoot} | ${p.require} | ${p.construct} | ${p.synth} | ${val} | ${p.exit} | ${v[k].cpuMs.median} | ${v[k].cpuRatioToPeer.toFixed(2)} | ${pr ? `${pr.median.toFixed(2)} (${pr.min.toFixed(2)}-${pr.max.toFixed(2)})` : '-'} |`);
  }
  L.push('');
  L.push('CPU time per phase (medians, ms, all threads; exit = CPU after the last statement, from /usr/bin/time). CPU time stretches less than wall time when other work competes for the cores.', '');
  L.push('| Variant | boot | require | construct | synth | exit | total |');
  L.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const k of VARIANTS) {
    const c = v[k].cpuPhasesMedianMs;
    const cell = (x?: number) => (x === undefined ? 'n/a' : String(x));
    L.push(`| ${LABELS[k]} | ${cell(c.boot)} | ${cell(c.require)} | ${cell(c.construct)} | ${cell(c.synth)} | ${cell(c.exit)} | ${v[k].cpuMs.median} |`);
  }
  L.push('');
  if (shared) {
    const pair = (a?: number, b?: number, f = (x: number) => String(x)) => (a === undefined || b === undefined ? '-' : `${f(a)} / ${f(b)} (${(a / b).toFixed(2)})`);
    L.push('## N PRODUCTION services in one shared VPC and ECS cluster', '', shared.method, '');
    L.push('| Services | Resources ours / peer (x) | Resources per added service | Template ours / peer (x) | Synth median ours / peer (x) | Synth per added service | Fixed $/month per added service |');
    L.push('|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of shared.rows) {
      const a = r.perAddedService;
      L.push(`| ${r.services} | ${pair(r.production.resources, r.peer.resources)} | ${pair(a.resources.production, a.resources.peer)} | ` +
        `${pair(r.production.templateBytes, r.peer.templateBytes, (b) => `${(b / 1024).toFixed(1)} KB`)} | ${pair(r.production.wallMs.median, r.peer.wallMs.median, ms)} | ` +
        `${pair(a.wallMs.production, a.wallMs.peer, ms)} | ${pair(r.production.perServiceMonthly, r.peer.perServiceMonthly, usd)} |`);
    }
    L.push('');
  }
  L.push('## Custom resources and Lambda functions', '');
  for (const k of VARIANTS) {
    const x = v[k];
    if (x.customResources.length === 0 && x.lambdaFunctions.length === 0) {
      L.push(`- ${LABELS[k]}: none`);
      continue;
    }
    L.push(`- ${LABELS[k]}: ${x.lambdaFunctions.length} Lambda function(s), ${x.customResources.length} custom resource(s)`);
    for (const c of x.customResources as CustomResourceInfo[]) {
      L.push(`  - \`${c.type}\` ${c.logicalId} (Lambda ${c.lambda ?? 'n/a'}) <- ${c.control}: ${c.why}`);
    }
  }
  L.push('');
  L.push('## Fixed monthly cost (lib/internal/price-table.js, estimateFixedMonthlyCost)', '');
  const anyCost = VARIANTS.map((k) => v[k].cost).find((c: any) => !('error' in c));
  if (anyCost) {
    L.push(`List prices ${anyCost.region}, ${anyCost.priceDate}; fixed charges only (traffic-driven charges are named, not estimated).`, '');
  }
  for (const k of VARIANTS) {
    const c = v[k].cost;
    if ('error' in c) {
      L.push(`- ${LABELS[k]}: ${c.error}`);
      continue;
    }
    L.push(`- **${LABELS[k]}: ${usd(c.totalMonthly)}/month**`);
    for (const line of c.lines) {
      L.push(`  - ${line.driver}${line.control ? ` (${line.control})` : ''}: ${line.quantity} x ${usd(line.unitMonthly)} = ${usd(line.monthly)}${line.plus ? `, plus ${line.plus}` : ''}`);
    }
  }
  L.push('');
  L.push('## Library import time', '');
  const im = res.importTime;
  L.push(`${im.method}`, '');
  L.push(`- require(lib/index.js) after its dependencies: **${im.libMs.median} ms** median (IQR ${im.libMs.iqr}, ${im.libMs.min}-${im.libMs.max}, ${im.runs} runs); the dependencies themselves ${im.depsMs.median} ms`);
  L.push(`- Own code only (${im.ownCodeOnly.method.split(':')[0].replace(/^Same, but /, '')}): ${im.ownCodeOnly.libMs.median} ms median (${im.ownCodeOnly.libMs.min}-${im.ownCodeOnly.libMs.max})`);
  L.push(`- Files of aws-cdk-lib loaded by the library's import: ${im.dependencyFilesLoadedByLib.length}`);
  if (importBreakdown) {
    L.push('- Which library file pulls which aws-cdk-lib files in at import (one diagnostic run, inclusive ms):');
    for (const [file, t] of Object.entries(importBreakdown.dependencyLoadsByLibFile ?? {}) as Array<[string, { ms: number; files: string[] }]>) {
      if (t.files.some((f) => f.includes('node_modules'))) {
        L.push(`  - ${file}: ${t.ms} ms (${t.files.map((f) => f.replace('node_modules/', '')).join(', ')})`);
      }
    }
  }
  L.push('');
  L.push('## Unit tests', '');
  if (!tests) {
    L.push('- not run (--no-tests)');
  } else if (!tests.ran) {
    L.push(`- not run: ${tests.reason}`);
  } else {
    L.push(`- \`${tests.command}\` (${res.machine.nproc} CPUs, maxWorkers 2): **${ms(tests.wallMs)}** wall, exit ${tests.exitCode}; ${tests.suites ?? '?'} suites; ${tests.tests ?? '?'} tests; load ${tests.loadavg.join(' / ')}`);
  }
  L.push('');
  L.push('## Goals', '');
  L.push('| Goal | Target | Measured | Status |');
  L.push('|---|---|---|---|');
  for (const g of res.goals) {
    L.push(`| ${g.goal} | ${g.target} | ${g.value} | ${g.met ? 'met' : '**missed**'} |`);
  }
  if (profiles.length > 0) {
    L.push('', '## CPU profiles (`node --cpu-prof`, one run each)', '');
    for (const p of profiles) {
      L.push(`### ${LABELS[p.variant as Variant]} (${ms(p.sampledMs)} sampled, ${p.file})`, '');
      L.push('Self time by module:', '');
      for (const m of p.selfByModule.slice(0, 10)) {
        L.push(`- ${m.name}: ${m.ms} ms (${(m.share * 100).toFixed(1)}%)`);
      }
      L.push('', 'Inclusive time of app.synth() phases:', '');
      for (const m of p.inclusiveByPhase) {
        L.push(`- ${m.name}: ${m.ms} ms`);
      }
      if (p.inclusiveByLibraryFunction.length > 0) {
        L.push('', 'Inclusive time under this library\'s functions (top):', '');
        for (const m of p.inclusiveByLibraryFunction.slice(0, 10)) {
          L.push(`- ${m.name}: ${m.ms} ms`);
        }
      }
      L.push('', 'Top self-time functions:', '');
      for (const m of p.topSelfFunctions.slice(0, 10)) {
        L.push(`- ${m.name}: ${m.ms} ms`);
      }
      L.push('');
    }
  }
  L.push('');
  return L.join('\n');
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Main

function main(): void {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const dateU = sh('date', ['-u']) || started.toUTCString();
  const loadStart = loadavg();
  const compile = ensureCompiled(opts);
  log(`lib: ${compile}; ${opts.warmup} warm-up + ${opts.runs} measured rounds of ${VARIANTS.join(', ')}; load ${loadStart.join(' ')}`);

  // Synth: alternate the variants, the order rotated each round.
  const records: RunRecord[] = [];
  const kept: Partial<Record<Variant, { outdir: string; templateFile: string }>> = {};
  const rounds = opts.warmup + opts.runs;
  for (let round = 0; round < rounds; round++) {
    const warmup = round < opts.warmup;
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
    const line: string[] = [];
    order.forEach((variant, position) => {
      const keep = !kept[variant];
      const { record, report, outdir } = synthOnce(variant, round, position, warmup, keep);
      if (outdir) {
        kept[variant] = { outdir, templateFile: report.templateFile };
      }
      records.push(record);
      line.push(`${variant} ${ms(record.wallMs)}`);
    });
    log(`round ${round + 1}/${rounds}${warmup ? ' (warm-up)' : ''}: ${line.join(', ')} (load ${loadavg()[0]})`);
  }

  const analyses = {} as Record<Variant, ReturnType<typeof analyse>>;
  for (const variant of VARIANTS) {
    const k = kept[variant]!;
    analyses[variant] = analyse(variant, k.outdir, k.templateFile);
    fs.rmSync(k.outdir, { recursive: true, force: true });
  }

  const shared = opts.shared.length > 0 ? runShared(opts) : undefined;

  log(`import time: ${opts.importRuns} runs in each mode`);
  const imports = importTime(opts.importRuns);

  const results = buildResults({ opts, started, dateU, compile, loadStart, records, analyses, imports });

  // Where a synth goal is missed: profile the variant and the peer.
  const profiles: any[] = [];
  const missed = results.goals.filter((g) => !g.met).map((g) => g.id);
  if (opts.profile) {
    const toProfile: Variant[] = [];
    if (missed.includes('demo-synth')) {
      toProfile.push('demo');
    }
    if (missed.includes('production-synth')) {
      toProfile.push('production');
    }
    if (opts.profileAll) {
      toProfile.splice(0, toProfile.length, 'demo', 'production');
    }
    if (toProfile.length > 0) {
      toProfile.unshift('peer');
    }
    for (const variant of toProfile) {
      log(`profiling ${variant}: node --cpu-prof`);
      profiles.push({ variant, ...profileVariant(variant) });
    }
  }
  let importBreakdown: any;
  if (missed.includes('import-time') || opts.profile) {
    importBreakdown = JSON.parse(runChild([IMPORT_APP, '--breakdown']).stdout);
    delete importBreakdown.otherFilesLoaded;
  }

  const tests = opts.tests ? runUnitTests() : undefined;

  const final = {
    ...results,
    durationS: r1((Date.now() - started.getTime()) / 1000),
    machine: { ...results.machine, loadavgEnd: loadavg() },
    importTime: { ...results.importTime, breakdown: importBreakdown },
    unitTests: tests ?? { ran: false, reason: '--no-tests' },
    profiles,
    sharedVpc: shared ?? { method: 'not run (--shared 0)', rows: [] },
  };
  const md = markdown(final, profiles, importBreakdown, tests, shared);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(final, undefined, 2) + '\n');
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
  process.stdout.write(md);
  log(`wrote ${path.relative(ROOT, path.join(RESULTS, 'latest.json'))} and latest.md in ${final.durationS} s`);
}

if (require.main === module) {
  main();
}
