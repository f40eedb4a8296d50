import { awscdk } from 'projen';

/** Where the integ-runner tests live: `integ.*.ts` apps, their `*.snapshot/` directories. */
const INTEG_DIR = 'test/integ';

/**
 * The options every run shares.
 *
 * - The apps are TypeScript, run from the project root with the dev tsconfig (which covers
 *   test/ and src/), transpile-only: type checking is the compiler's and eslint's job.
 * - One region: the snapshot check ignores it, the dry-run update runs one test at a time.
 * - One worker per core of the build machine.
 */
const COMMON_ARGS = [
  `--directory ${INTEG_DIR}`,
  '--language typescript',
  '--parallel-regions us-east-1',
  '--app "ts-node -P tsconfig.dev.json --transpile-only {filePath}"',
  // Last, and not an array option, so that test names passed to the task are not taken
  // for more languages or regions.
  '--max-workers 2',
].join(' ');

/**
 * The integ-runner tests (test/integ): HardenedDemoService at DEMO answers on its
 * load balancer's URL, at PRODUCTION through CloudFront.
 *
 * - `integ`: synthesizes each test and fails when its templates differ from the committed
 *   snapshot (asset hashes aside). Offline: no AWS account, credentials or Docker. For CI.
 * - `integ:update`: regenerates every snapshot from a fresh synth without deploying
 *   (`--dry-run`). Pass test names to limit it, e.g. `npx projen integ:update integ.demo.ts`.
 *
 * On an AWS account (bootstrapped, Docker for the sample app's image), deploy, assert and
 * destroy with the options of `integ:update` without `--dry-run` (and a region of your
 * choice in `--parallel-regions`); that also rewrites the snapshots.
 */
export function addIntegTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('integ', {
    description: 'Check the integ-runner snapshots (test/integ/*.snapshot) against a fresh synth; offline, no AWS account',
    exec: `integ-runner ${COMMON_ARGS}`,
    receiveArgs: true,
  });

  project.addTask('integ:update', {
    description: 'Regenerate the integ-runner snapshots (test/integ/*.snapshot) from a fresh synth, without deploying',
    // --force: every test, not only those whose templates changed (the snapshot holds more
    // than templates). --dry-run: no deployment. The update workflow deploys the previous
    // snapshot first; the tests turn it off too (stackUpdateWorkflow: false).
    exec: `integ-runner ${COMMON_ARGS} --force --dry-run --no-update-workflow`,
    receiveArgs: true,
  });

  // The snapshot is committed without staged assets: the check reads templates and asset
  // manifests only, and no test deploys a snapshot (no update workflow). integ-runner
  // already leaves out the assets of the stacks under test; this covers the assertion
  // stack's 2.2 MB handler bundle. cdk-integ.out.* are the runs' temporary assemblies (kept
  // after a failure with --inspect-failures).
  project.gitignore.exclude(`/${INTEG_DIR}/*.snapshot/asset.*`, `/${INTEG_DIR}/cdk-integ.out.*`);
}
