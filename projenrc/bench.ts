import { awscdk } from 'projen';

/**
 * The `bench` task: whole-process synth time of HardenedDemoService at DEMO and
 * PRODUCTION against aws-ecs-patterns' ApplicationLoadBalancedFargateService and an empty
 * stack, N services in one shared VPC and cluster, peak memory, the library's import time,
 * and for each stack its resources, custom resources and fixed monthly cost.
 *
 * Plain Node (node:util parseArgs, node:perf_hooks): it times the compiled library (lib/),
 * compiling first when a file in src/ is newer, so no TypeScript compiler runs in the timed
 * processes. Results go to bench/results/latest.json and bench/results/latest.md. Options
 * pass through, for example `npx projen bench --quick` or `npx projen bench --runs 20 --shared 0`.
 */
export function addBenchTask(project: awscdk.AwsCdkConstructLibrary): void {
  const bench = project.addTask('bench', {
    description:
      'Benchmark whole-process synth of HardenedDemoService (DEMO, PRODUCTION) against aws-ecs-patterns, with resources and fixed monthly cost (bench/results/latest.md)',
  });
  bench.spawn(project.compileTask, {
    name: 'compile lib/ when src/ is newer (or lib/index.js is missing: find then prints an error)',
    condition: "find src -name '*.ts' -newer lib/index.js 2>&1 | grep -q .",
  });
  bench.exec('ts-node --project tsconfig.dev.json bench/run.ts', { receiveArgs: true });

  // The benchmark is not part of the published package.
  project.npmignore?.exclude('/bench/');
}
