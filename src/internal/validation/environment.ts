import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CheckResult } from './result';

/** A path the load balancer can ask for: starts with '/', printable ASCII without spaces, at most 1024 characters. */
const HEALTH_CHECK_PATH = /^\/[\x21-\x7e]{0,1023}$/;
/** A variable name a shell and every runtime accept. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the container is given and must answer, as given (each may be absent). */
export interface ContainerEnvironmentInputs {
  readonly healthCheckPath?: string;
  readonly environment?: { [key: string]: string };
  readonly secrets?: { [key: string]: ecs.Secret };
}

/**
 * The container's contract: the health check path it answers is a path; its variables have
 * valid names, appear once across environment and secrets, and leave alone the two the
 * construct sets (PORT, from containerPort, and DATA_BUCKET).
 *
 * @param containerPort the resolved container port, which PORT must agree with if given
 */
export function checkContainerEnvironment(given: ContainerEnvironmentInputs, containerPort: number): CheckResult {
  const errors: string[] = [];
  const { healthCheckPath, secrets } = given;
  const environment = given.environment ?? {};
  // `null` counts as not given, as it does where the default is resolved.
  if (healthCheckPath != null && !HEALTH_CHECK_PATH.test(healthCheckPath)) {
    errors.push(`healthCheckPath: '${healthCheckPath}' is not a path. Give a path that starts with '/' and has no spaces (at most 1024 characters).`);
  }
  for (const key of Object.keys(environment)) {
    if (!VARIABLE_NAME.test(key)) {
      errors.push(`environment: '${key}' is not a valid variable name. Use letters, digits and '_', not starting with a digit.`);
    }
    if (secrets && key in secrets) {
      errors.push(`environment: '${key}' is also in secrets. Give each variable once.`);
    }
  }
  if (environment.PORT !== undefined && environment.PORT !== String(containerPort)) {
    errors.push(`environment: PORT is '${environment.PORT}' but containerPort is ${containerPort}. Remove PORT (it is set from containerPort) or make them agree.`);
  }
  if (environment.DATA_BUCKET !== undefined || (secrets && 'DATA_BUCKET' in secrets)) {
    errors.push('environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.');
  }
  if (secrets && 'PORT' in secrets) {
    errors.push('secrets: PORT is set from containerPort. Remove it from secrets.');
  }
  return { errors, warnings: [] };
}

