/**
 * One benchmark app: `node bench/synth-app.js <variant> <outdir>`.
 *
 * A whole CDK app with one stack (region-agnostic, no lookups) that synthesizes one service
 * into <outdir>, then prints one JSON line with its own phase timings and peak memory. It is
 * plain JavaScript and loads the compiled library from lib/, so no TypeScript compiler runs
 * inside the timed process. The orchestrator (bench/run.ts) times the whole process from the
 * outside as well.
 *
 * Variants: empty (an empty stack: the floor), peer (aws-ecs-patterns
 * ApplicationLoadBalancedFargateService), demo and production (HardenedDemoService), and
 * peer-shared and production-shared: `node bench/synth-app.js <variant> <outdir> <count>`,
 * <count> services in one stack, all given one VPC and one ECS cluster defined beside them.
 */
'use strict';
const { performance } = require('node:perf_hooks');

const tStart = performance.now(); // ms since the process started (includes Node's own boot)
const cpuMs = () => {
  const u = process.cpuUsage(); // all threads of the process, microseconds
  return (u.user + u.system) / 1000;
};
const cStart = cpuMs();
const path = require('node:path');

const [variant, outdir, countArg] = process.argv.slice(2);
const VARIANTS = ['empty', 'peer', 'demo', 'production', 'peer-shared', 'production-shared'];
const count = Number(countArg ?? 1);
if (!VARIANTS.includes(variant) || !outdir || !Number.isInteger(count) || count < 1) {
  process.stderr.write(`usage: node bench/synth-app.js <${VARIANTS.join('|')}> <outdir> [count]\n`);
  process.exit(2);
}
const root = process.env.BENCH_ROOT || path.resolve(__dirname, '..');
const sampleApp = path.join(root, 'assets', 'sample-app');

const { App, Stack } = require('aws-cdk-lib');

// aws-cdk-lib keeps performance counters (phase:Construction, phase:Synthesis,
// validateTemplates, CloudFormationValidate.validate, fs calls...) in a global and resets
// them at the end of App.synth(): keep the last set before the reset. If a later version
// drops them, the report simply has none.
const perfState = globalThis[Symbol.for('@aws-cdk/core:performanceProfilingState')];
let lastCounters = {};
if (perfState && typeof perfState === 'object' && 'allCounters' in perfState) {
  let current = perfState.allCounters;
  Object.defineProperty(perfState, 'allCounters', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (value) => {
      if (current && Object.keys(current).length > 0) {
        lastCounters = current;
      }
      current = value;
    },
  });
}
let build;
if (variant === 'empty') {
  build = () => {};
} else if (variant.startsWith('peer')) {
  const ecs = require('aws-cdk-lib/aws-ecs');
  const { Platform } = require('aws-cdk-lib/aws-ecr-assets');
  const patterns = require('aws-cdk-lib/aws-ecs-patterns');
  build = (stack, id = 'Service', shared = {}) => {
    // The same image HardenedDemoService runs by default (src/service-image.ts).
    const image = ecs.ContainerImage.fromAsset(sampleApp, { platform: Platform.LINUX_AMD64 });
    new patterns.ApplicationLoadBalancedFargateService(stack, id, {
      taskImageOptions: { image, containerPort: 3000 },
      ...shared,
    });
  };
} else {
  const { HardenedDemoService, HardeningLevel } = require(path.join(root, 'lib'));
  const hardeningLevel = variant === 'demo' ? HardeningLevel.DEMO : HardeningLevel.PRODUCTION;
  build = (stack, id = 'Service', shared = {}) => {
    new HardenedDemoService(stack, id, { hardeningLevel, ...shared });
  };
}
if (variant.endsWith('-shared')) {
  // <count> services given one VPC and one cluster (Container Insights on, as PRODUCTION
  // wants), ids Service00, Service01... so that no id is the prefix of another. aws-ecs-patterns
  // takes either vpc or cluster, not both: it gets the cluster, which is in the VPC.
  const ec2 = require('aws-cdk-lib/aws-ec2');
  const ecs = require('aws-cdk-lib/aws-ecs');
  const one = build;
  build = (stack) => {
    const vpc = new ec2.Vpc(stack, 'SharedVpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'SharedCluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    for (let i = 0; i < count; i++) {
      one(stack, `Service${String(i).padStart(2, '0')}`, variant === 'peer-shared' ? { cluster } : { vpc, cluster });
    }
  };
}
const tRequired = performance.now();
const cRequired = cpuMs();

const app = new App({ outdir });
const stack = new Stack(app, 'Bench'); // no env: region-agnostic, no context lookups
build(stack);
const tBuilt = performance.now();
const cBuilt = cpuMs();

app.synth();
const tSynth = performance.now();
const cSynth = cpuMs();

const usage = process.resourceUsage();
const counters = Object.entries(lastCounters)
  .sort((a, b) => b[1].total - a[1].total)
  .slice(0, 15)
  .map(([key, c]) => ({ key, count: c.count, totalMs: Math.round(c.total * 10) / 10 }));
process.stdout.write(
  JSON.stringify({
    variant,
    stackName: stack.stackName,
    templateFile: stack.templateFile,
    bootMs: tStart,
    requireMs: tRequired - tStart,
    constructMs: tBuilt - tRequired,
    synthMs: tSynth - tBuilt,
    inProcessMs: tSynth,
    cpu: { boot: cStart, require: cRequired - cStart, construct: cBuilt - cRequired, synth: cSynth - cBuilt },
    maxRssKb: usage.maxRSS,
    userCpuMs: usage.userCPUTime / 1000,
    systemCpuMs: usage.systemCPUTime / 1000,
    cdkPerfCounters: counters,
  }) + '\n',
);
