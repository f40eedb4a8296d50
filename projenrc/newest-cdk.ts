import { awscdk } from 'projen';
import { DependencyType } from 'projen/lib/dependencies';

/**
 * The newest aws-cdk-lib, installed beside the one the library is built with (2.263, the
 * lowest it supports) under the npm alias `aws-cdk-lib-newest`.
 */
export const NEWEST_CDK_VERSION = '2.276.0';

/**
 * `test:newest-cdk`: the tests whose behaviour depends on the aws-cdk-lib an app runs with,
 * run again against the newest release (test/newest-cdk/jest.config.js maps every import of
 * aws-cdk-lib, cdk-nag's and the validators' included, to the alias). Compliance
 * acknowledgments are recorded through `Validations` from 2.271 and as cdk-nag metadata before
 * (src/internal/acknowledgments.ts): `npx projen test` proves the second way, this the first,
 * with the same pinned acknowledgment lists.
 */
export function addNewestCdkTask(project: awscdk.AwsCdkConstructLibrary): void {
  project.deps.addDependency(`aws-cdk-lib-newest@npm:aws-cdk-lib@${NEWEST_CDK_VERSION}`, DependencyType.DEVENV);
  project.addTask('test:newest-cdk', {
    description: `Run the acknowledgment and compliance tests against aws-cdk-lib ${NEWEST_CDK_VERSION} (the build uses the lowest supported release)`,
    exec: 'jest --config test/newest-cdk/jest.config.js --ci',
  });
}
