import { awscdk } from 'projen';

/**
 * The `bench` task (issue 6): whole-process synth time of HardenedDemoService at DEMO and
 * PRODUCTION against aws-ecs-patterns' ApplicationLoadBalancedFargateService and an empty
 * stack, peak memory, the library's import time, the unit test suite's time, and for each
 * stack its resources, Lambda-backed custom resources and fixed monthly cost.
 *
 * It times the compiled library (lib/), compiling first when src/ is newer, so no TypeScript
 * compiler runs in the timed processes. Results go to bench/results/latest.json and
 * bench/results/latest.md. Options pass through, for example `npx projen bench --quick` or
 * `npx projen bench --runs 20 --no-tests`.
 */
export function addBenchTask(project: awscdk.AwsCdkConstructLibrary): void {
  const bench = project.addTask('bench', {
    description:
      'Benchmark whole-process synth of HardenedDemoService (DEMO, PRODUCTION) against aws-ecs-patterns, with resources and fixed monthly cost (bench/results/latest.md)',
  });
  bench.spawn(project.compileTask, {
    name: 'compile lib/ when src/ is newer',
    condition: 'node bench/lib-stale.js',
  });
  bench.exec('ts-node --project tsconfig.dev.json bench/run.ts', { receiveArgs: true });

  // The benchmark is not part of the published package; CPU profiles are not kept in git.
  project.npmignore?.exclude('/bench/');
  project.gitignore.exclude('/bench/results/profiles/');
}
