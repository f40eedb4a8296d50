/**
 * Helpers shared by the integ-runner tests (test/integ/integ.*.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExpectedResult, IApiCall, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';

/**
 * The app of an integ test. It records no stack traces in the assembly metadata (construct
 * creation stacks and annotation traces): they hold absolute paths and source line numbers,
 * which would make the committed snapshot differ between machines and on every edit of src/.
 * integ-runner compares templates only, but the snapshot should not churn either.
 */
export function newIntegApp(): App {
  return new App({ stackTraces: false, context: { [cxapi.DISABLE_CREATION_STACK_TRACES]: true } });
}

/**
 * Make an assertion's custom resource deterministic.
 *
 * integ-tests-alpha gives every assertion a `salt` of `Date.now()` so that it runs again on
 * every stack update. These tests never update a deployed stack: `stackUpdateWorkflow` is
 * off and integ-runner destroys the stacks after each run, so every assertion is created
 * (and runs) afresh. A fixed salt keeps `integ:update` from rewriting the assertion stack's
 * template, its asset manifest and the assembly manifest on every run.
 */
function stableSalt(call: IApiCall): IApiCall {
  for (const child of call.node.findAll()) {
    if (CfnResource.isCfnResource(child) && child.cfnResourceType.startsWith('Custom::DeployAssert@')) {
      child.addPropertyOverride('salt', 'fixed');
    }
  }
  return call;
}

/**
 * The newest cloud assembly schema that integ-runner 2.197.10 reads: it bundles the toolkit
 * of CDK CLI 2.1115, which refuses assemblies whose schema major version is higher.
 */
const INTEG_RUNNER_SCHEMA_MAJOR = 53;

/**
 * Synthesize the app, then label its cloud assembly with a schema version integ-runner reads.
 *
 * aws-cdk-lib 2.263 (the version this library is built and tested with) writes schema 54, newer
 * releases 55; integ-runner 2.197.10, the newest release, reads up to 53 and stops with
 * "AssemblyVersionMismatch" otherwise.
 * Schemas 54 and 55 only added fields these apps do not use (a metadata entry type for
 * property mutations, string tags in metadata, `allowDeleteFailures` and one enum value in
 * integ.json), so the files are read correctly at 53. Only the `version` fields of the files
 * integ-runner loads (manifest.json, integ.json, the asset manifests) are changed; templates
 * and asset hashes are untouched.
 *
 * Remove this (and call nothing: the app synthesizes on exit) once the project's
 * integ-runner reads the schema aws-cdk-lib writes.
 */
export function synthForIntegRunner(app: App): void {
  const dir = app.synth().directory;
  const files = fs.readdirSync(dir).filter((f) => f === 'manifest.json' || f === 'integ.json' || f.endsWith('.assets.json'));
  for (const file of files) {
    const fileName = path.join(dir, file);
    const manifest = JSON.parse(fs.readFileSync(fileName, 'utf8'));
    const major = Number.parseInt(String(manifest.version).split('.')[0], 10);
    if (major > INTEG_RUNNER_SCHEMA_MAJOR) {
      fs.writeFileSync(fileName, JSON.stringify({ ...manifest, version: `${INTEG_RUNNER_SCHEMA_MAJOR}.0.0` }, undefined, 2));
    }
  }
}

/** How long to poll the service's health endpoint after deployment, and how often. */
export interface HealthPolling {
  readonly totalTimeout: Duration;
  readonly interval: Duration;
}

/**
 * The integ test of one stack: deployed fresh each run, then `${url}/health` is polled until
 * the sample app answers 200 with `{ "status": "ok" }` (the first task may not have passed
 * its health check, nor a new distribution started serving, when CloudFormation finishes).
 */
export function assertServesHealth(app: App, testName: string, stack: Stack, url: string, polling: HealthPolling): IntegTest {
  const integ = new IntegTest(app, testName, {
    testCases: [stack],
    // A fresh stack every run: never deploy the previous snapshot first. It also keeps the
    // committed snapshot small, as integ-runner leaves such stacks' staged assets out of it.
    stackUpdateWorkflow: false,
  });
  stableSalt(
    integ.assertions
      .httpApiCall(`${url}/health`)
      .expect(ExpectedResult.objectLike({ status: 200, body: { status: 'ok' } }))
      .waitForAssertions(polling),
  );
  return integ;
}
