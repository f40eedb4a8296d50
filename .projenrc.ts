import { awscdk, javascript } from 'projen';
import { addBenchTask } from './projenrc/bench';
import { addIntegTasks } from './projenrc/integ';
import { addLanguageTasks, LANGUAGE_TEST_GITIGNORE } from './projenrc/languages';
import { addNewestCdkTask } from './projenrc/newest-cdk';
import { addRosettaTasks } from './projenrc/rosetta';

/**
 * One name, spelled for each registry. Everything a consumer installs derives from it,
 * so the npm package, the Python distribution, the Maven artifact, the NuGet package and
 * the Go module are recognisably the same library.
 */
const NAME = 'cdk-hardened-demo-service';
const ORG = 'hardened-demo';
const REPOSITORY = `https://github.com/${ORG}/${NAME}.git`;

// The lowest aws-cdk-lib this library supports, and the one it is built and tested with:
// 2.263.0 is the newest release that every registry a jsii consumer installs from serves
// (npm, PyPI, Maven Central, the Go proxy; Maven Central had nothing newer on 2026-11-28),
// so a Python, Java or Go team can install the matching aws-cdk-lib. It has CloudFront VPC
// origins, containerInsightsV2 and the Validations API that cdk-nag 3 builds on.
// Acknowledgments of compliance findings are recorded differently before 2.271
// (src/internal/acknowledgments.ts).
const CDK_VERSION = '2.263.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: NAME,
  description:
    'HardenedDemoService: an ECS Fargate web service behind an Application Load Balancer, with one switch (hardeningLevel) between a cheap public DEMO posture and a PRODUCTION posture (CloudFront, WAF, KMS, private subnets, audit logging, restricted egress).',
  author: 'HardenedDemoService maintainers',
  authorAddress: 'maintainers@users.noreply.r-seed-33520ebf.example',
  repositoryUrl: REPOSITORY,
  license: 'Apache-2.0',
  keywords: ['aws-cdk', 'ecs', 'fargate', 'alb', 'cloudfront', 'waf', 'kms', 'security', 'hardening'],
  stability: 'experimental',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  // The dev tsconfig sits at the top level (tests, the example app, the benchmark and
  // .projenrc.ts are type-checked with it).
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['src/**/*.ts', 'test/**/*.ts', 'example/**/*.ts', 'bench/**/*.ts', '.projenrc.ts', 'projenrc/**/*.ts'],
    exclude: ['node_modules', 'lib', 'dist', '**/cdk.out', 'test/languages/**'],
    compilerOptions: {},
  },

  // jsii targets: one name per registry, no namespace equal to the class name.
  publishToPypi: {
    distName: NAME,
    module: 'cdk_hardened_demo_service',
  },
  publishToMaven: {
    mavenGroupId: 'io.github.hardeneddemo',
    mavenArtifactId: NAME,
    javaPackage: 'io.github.hardeneddemo.cdkhardeneddemoservice',
  },
  publishToNuget: {
    packageId: 'HardenedDemo.CdkHardenedDemoService',
    dotNetNamespace: 'HardenedDemo.CdkHardenedDemoService',
  },
  publishToGo: {
    moduleName: `github.com/${ORG}/${NAME}-go`,
    packageName: 'cdkhardeneddemoservice',
  },

  devDeps: [
    'ts-node@^10.9.2',
    // The cloud assembly schema aws-cdk-lib 2.263.0 was released with (it accepts ^54.11.0):
    // jsii-pacmak builds the Go module against the versions in node_modules, and the Go module
    // proxy serves awscdkcloudassemblyschema/v54 at 54.11.0 but not at the newest 54.x.
    '@aws-cdk/cloud-assembly-schema@54.11.0',
    // Embeds the Python, Java and Go consumer programs of test/languages into README.md, and
    // checks (--verify) that README.md shows their current text (projenrc/rosetta.ts).
    'embedme@^1.22.1',
    // Compliance gates: cdk-nag 3 (through the Validations API) and the Control Tower cfn-guard rules.
    'cdk-nag@3.0.2',
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Integration tests (snapshot-checked offline, deployable on a real account).
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // test/lifecycle: the change-set model decides replacements from the CloudFormation resource
    // schemas these ship (create-only properties, stateful types), not from a hand-kept list.
    // Pinned: both are 0.x, and a new schema snapshot changes what the model says.
    '@aws-cdk/aws-service-spec@0.1.167',
    '@aws-cdk/service-spec-types@0.0.233',
  ],

  // Lint everything the dev tsconfig covers (source, tests, example, benchmark, projenrc).
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'example', 'bench', 'projenrc', '.projenrc.ts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
    ignorePatterns: ['test/languages/**', 'test/integ/*.snapshot/**', '**/cdk.out/**'],
  },

  jestOptions: {
    // Snapshots are a safety net only if a changed template fails the test: never rewrite
    // them during `test` (use `npx projen test:update` on purpose).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Synthesizing CDK apps is CPU bound; two workers match the two cores we build on.
      maxWorkers: 2,
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      testTimeout: 120_000,
      // Language consumers, integration snapshots and synth outputs carry their own copies of
      // packages: keep them out of jest's module map.
      modulePathIgnorePatterns: ['<rootDir>/test/languages/', '<rootDir>/test/integ/', '<rootDir>/test/cfn-lint/', 'cdk\\.out', '<rootDir>/bench/', '<rootDir>/dist/', '<rootDir>/lib/'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/languages/', '<rootDir>/test/integ/', 'cdk\\.out', '<rootDir>/dist/', '<rootDir>/lib/'],
    },
  },

  gitignore: ['cdk.out', '*.cdk.out', '/example/cdk.out', '/.venv*'],
  npmignoreEnabled: true,
});

// The sample application (Dockerfile + server) is part of the published package: the
// construct stages it as a Docker image asset when no image is given.
project.npmignore?.include('/assets/');
// Nothing else of the repository: tool venvs (cfn-lint's), the example app and its cloud
// assembly and CI scripts stay out (test/package-contents.test.ts).
project.npmignore?.exclude('/.venv*', '/example/', '/.ci/', '/cdk.out/');

// .NET packages need a .NET SDK; where there is none, say so and build the rest.
const dotnet = project.tasks.tryFind('package:dotnet');
dotnet?.addCondition('command -v dotnet >/dev/null 2>&1 || { echo "package:dotnet skipped: no .NET SDK on this machine (see README)"; exit 1; }');

// Main job: synthesize the example app (no AWS account, no network) and print what it built.
project.addTask('example', {
  description: 'Synthesize the example CDK app that uses HardenedDemoService and print what it built',
  exec: 'ts-node --project tsconfig.dev.json example/app.ts',
});

// Template validity: cfn-lint (from PyPI, in a venv inside the clone) over every template the
// example app and the compliance scenarios synthesize. Errors fail; kept warnings are listed
// with their reason in test/cfn-lint/.cfnlintrc.yaml.
project.addTask('cfn-lint', {
  description: 'Synthesize the example and compliance scenarios, then run cfn-lint over every template',
  exec: 'test/cfn-lint/run.sh --synth',
});

// Integration tests (integ-runner): deployable on a real account, snapshot-checked offline here.
addIntegTasks(project);

// Every jsii language, proven by consumer apps that synthesize the same service.
addLanguageTasks(project);
// Their caches and work directories stay out of git (after projen's own '!/test/' include).
project.gitignore.exclude(...LANGUAGE_TEST_GITIGNORE);

// README and doc-comment examples compiled by jsii-rosetta (strict); README.md shows the
// Python, Java and Go consumer programs of test/languages, embedded by embedme (issues 4, 13).
addRosettaTasks(project);

// The version-dependent tests again, against the newest aws-cdk-lib.
addNewestCdkTask(project);

// Benchmark (not a test): synth cost against aws-ecs-patterns, and what each stack costs to run.
addBenchTask(project);

project.synth();
