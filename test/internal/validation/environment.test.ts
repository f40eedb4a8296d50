import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { DEFAULT_HEALTH_CHECK_PATH, SAMPLE_APP_HEALTH_CHECK_PATH } from '../../../src/internal/validation/defaults';
import { checkContainerEnvironment, ContainerEnvironmentInputs } from '../../../src/internal/validation/environment';
import { testApp } from '../../util';

function secretsNamed(...names: string[]): { [key: string]: ecs.Secret } {
  const stack = new Stack(testApp(), 'S');
  return Object.fromEntries(names.map((name) => [
    name,
    ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, name, { parameterName: `/app/${name}` })),
  ]));
}

const errorsOf = (given: ContainerEnvironmentInputs, containerPort = 3000) => {
  const result = checkContainerEnvironment(given, containerPort);
  expect(result.warnings).toEqual([]);
  return result.errors;
};

const NOT_A_PATH = (path: string) => `healthCheckPath: '${path}' is not a path. Give a path that starts with '/' and has no spaces (at most 1024 characters).`;

describe('healthCheckPath', () => {
  test.each([DEFAULT_HEALTH_CHECK_PATH, SAMPLE_APP_HEALTH_CHECK_PATH, '/ready?full=1', '/' + 'a'.repeat(1023)])('%p is a path (the defaults too; up to 1024 characters)', (healthCheckPath) => {
    expect(errorsOf({ healthCheckPath })).toEqual([]);
  });
  test.each(['health', 'health check', '/health check', '', '/' + 'a'.repeat(1024), '/caf\u00e9'])('%p is refused', (healthCheckPath) => {
    expect(errorsOf({ healthCheckPath })).toEqual([NOT_A_PATH(healthCheckPath)]);
  });
  test('not given: nothing to check (the default is used)', () => {
    expect(errorsOf({})).toEqual([]);
  });
});

describe('environment variables', () => {
  test('valid names are accepted', () => {
    expect(errorsOf({ environment: { A: '1', _B2: '2', LOG_LEVEL: 'debug' } })).toEqual([]);
  });
  test.each(['1BAD', 'a-b', 'has space', ''])('%p is refused as a variable name', (name) => {
    expect(errorsOf({ environment: { [name]: 'x' } })).toEqual([`environment: '${name}' is not a valid variable name. Use letters, digits and '_', not starting with a digit.`]);
  });
  test('a name in both environment and secrets is refused', () => {
    expect(errorsOf({ environment: { TOKEN: 'x', OTHER: 'y' }, secrets: secretsNamed('TOKEN') })).toEqual(["environment: 'TOKEN' is also in secrets. Give each variable once."]);
  });
});

describe('the variables the construct sets', () => {
  test('PORT that agrees with containerPort is accepted', () => {
    expect(errorsOf({ environment: { PORT: '8080' } }, 8080)).toEqual([]);
  });
  test('PORT that disagrees with containerPort is refused', () => {
    expect(errorsOf({ environment: { PORT: '9999' } }, 8080)).toEqual([
      "environment: PORT is '9999' but containerPort is 8080. Remove PORT (it is set from containerPort) or make them agree.",
    ]);
  });
  test('PORT in secrets is refused', () => {
    expect(errorsOf({ secrets: secretsNamed('PORT') })).toEqual(['secrets: PORT is set from containerPort. Remove it from secrets.']);
  });
  test('DATA_BUCKET is refused in environment and in secrets alike', () => {
    const message = 'environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.';
    expect(errorsOf({ environment: { DATA_BUCKET: 'x' } })).toEqual([message]);
    expect(errorsOf({ secrets: secretsNamed('DATA_BUCKET') })).toEqual([message]);
  });
});

test('every problem at once, in the order path, names, PORT, DATA_BUCKET, secrets', () => {
  expect(errorsOf({
    healthCheckPath: 'x',
    environment: { '1BAD': 'x', 'PORT': '1', 'DATA_BUCKET': 'b' },
    secrets: secretsNamed('PORT'),
  })).toEqual([
    NOT_A_PATH('x'),
    "environment: '1BAD' is not a valid variable name. Use letters, digits and '_', not starting with a digit.",
    "environment: 'PORT' is also in secrets. Give each variable once.",
    "environment: PORT is '1' but containerPort is 3000. Remove PORT (it is set from containerPort) or make them agree.",
    'environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.',
    'secrets: PORT is set from containerPort. Remove it from secrets.',
  ]);
});
