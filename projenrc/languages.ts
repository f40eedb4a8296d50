import { awscdk } from 'projen';

/**
 * What test/languages/run.sh writes and must stay out of git: the caches it keeps between
 * runs (pip, Maven, Go, the jsii runtime, locally built aws-cdk-lib bindings), the per-run
 * work directory (package snapshot, cloud assemblies, logs) and the consumers' build output.
 */
export const LANGUAGE_TEST_GITIGNORE: readonly string[] = [
  '/test/languages/.cache/',
  '/test/languages/.work/',
  '/test/languages/cdk.out/',
  '/test/languages/python/.venv/',
  '/test/languages/java/target/',
  '__pycache__/',
];

/**
 * Add the `test:languages` task: build the jsii packages for Python, Java and Go and run a
 * consumer app in each language whose toolchain is present (test/languages/run.sh).
 *
 * `npx projen test:languages` runs all of them side by side; arguments pass through, for
 * example `npx projen test:languages -- --clean python` (a cold run of Python alone).
 */
export function addLanguageTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('test:languages', {
    description:
      'Build the Python, Java and Go packages and prove each one from a consumer app: same templates as TypeScript, same error messages (test/languages/run.sh)',
    exec: 'bash test/languages/run.sh',
    receiveArgs: true,
  });
}
