/**
 * Unit tests run without aws-cdk-lib's built-in CloudFormation template validation: it starts
 * a WebAssembly engine in every synthesis (seconds of CPU each) and checks what cfn-lint
 * already checks in CI. test/builtin-validation.test.ts runs it on purpose.
 */
process.env.CDK_VALIDATION ??= 'false';
