import { Duration } from 'aws-cdk-lib';
import { DESIRED_COUNT_RANGE, MAX_CAPACITY_RANGE, MIN_CAPACITY_RANGE } from './capacity';
import { WAF_RATE_LIMIT_RANGE } from './edge-and-tls';
import { NAT_GATEWAYS_RANGE } from './network';
import { ControlValues } from './result';
import { DEREGISTRATION_DELAY_RANGE, GRACE_PERIOD_RANGE, isWholeSecondsIn, MAX_HEALTHY_PERCENT_RANGE, MIN_HEALTHY_PERCENT_RANGE, ResolvedRollout, RolloutInputs, TARGET_HEALTH_CHECK_RANGES } from './rollout';
import { CONTAINER_PORT_RANGE, CPU_RANGE, fargateMinimumMemory, MEMORY_RANGE } from './sizing';
import { isWholeNumberIn, WholeNumberRange } from './whole-numbers';
import { HardenedDemoServiceProps } from '../../props';
import { CREATED_VPC_AZS } from '../network';

/** The port the container listens on when `containerPort` is not given. */
const DEFAULT_CONTAINER_PORT = 3000;
/** The Fargate CPU value when `cpu` is not given (memory then defaults to 512 MiB). */
const DEFAULT_CPU = 256;
/** Requests per client IP per 5 minutes when `wafRateLimit` is not given. */
const DEFAULT_WAF_RATE_LIMIT = 2000;
/** The path the sample app answers health checks on. */
export const SAMPLE_APP_HEALTH_CHECK_PATH = '/health';
/** The health check path for any other image. */
export const DEFAULT_HEALTH_CHECK_PATH = '/';

/** The values the construct builds with: each given input, or its default. */
export interface ResolvedInputs {
  readonly containerPort: number;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** NAT gateways of the VPC the construct creates (0 when it creates none, or no VPC). */
  readonly natGateways: number;
  readonly wafRateLimit: number;
  readonly healthCheckPath: string;
  /** The container's variables, with PORT set from containerPort. */
  readonly environment: { [key: string]: string };
}

/** What the defaults depend on in the resolved profile. */
export interface DefaultsPolicy {
  readonly controls: Pick<ControlValues, 'privateSubnets'>;
  /** The level's fewest tasks: the default minCapacity, and desiredCount without auto scaling. */
  readonly minimumTasks: number;
  /** The level's default maxCapacity (raised to minCapacity or desiredCount if those are higher). */
  readonly defaultMaxCapacity: number;
}

/**
 * Fill in the defaults, without checking anything (the checks are the concerns' own). Pure:
 * the same props give the same values.
 *
 * A numeric input outside its range resolves to its default too, so that the checks that
 * compare inputs (memory with cpu, maxCapacity with minCapacity, PORT with containerPort)
 * compare usable values; `validateInputs` refuses the input anyway.
 *
 * @param isSampleApp whether the image is the sample app, which answers health checks on /health
 */
export function resolveInputs(props: HardenedDemoServiceProps, policy: DefaultsPolicy, isSampleApp: boolean): ResolvedInputs {
  const containerPort = givenOr(props.containerPort, CONTAINER_PORT_RANGE, DEFAULT_CONTAINER_PORT);
  const cpu = givenOr(props.cpu, CPU_RANGE, DEFAULT_CPU);
  const memoryLimitMiB = givenOr(props.memoryLimitMiB, MEMORY_RANGE, fargateMinimumMemory(cpu));
  const minCapacity = givenOr(props.minCapacity, MIN_CAPACITY_RANGE, policy.minimumTasks);
  const maxCapacity = givenOr(props.maxCapacity, MAX_CAPACITY_RANGE, Math.max(policy.defaultMaxCapacity, minCapacity, props.desiredCount ?? 0));
  const desiredCount = givenOr(props.desiredCount, DESIRED_COUNT_RANGE, minCapacity);
  // Only a VPC the construct creates with private subnets has NAT gateways to count.
  const natGateways = !props.vpc && policy.controls.privateSubnets ? givenOr(props.natGateways, NAT_GATEWAYS_RANGE, CREATED_VPC_AZS) : 0;
  return {
    containerPort,
    cpu,
    memoryLimitMiB,
    desiredCount,
    minCapacity,
    maxCapacity,
    natGateways,
    wafRateLimit: givenOr(props.wafRateLimit, WAF_RATE_LIMIT_RANGE, DEFAULT_WAF_RATE_LIMIT),
    healthCheckPath: props.healthCheckPath ?? (isSampleApp ? SAMPLE_APP_HEALTH_CHECK_PATH : DEFAULT_HEALTH_CHECK_PATH),
    environment: { ...(props.environment ?? {}), PORT: String(containerPort) },
  };
}

/**
 * Health check and deployment values: each given one in range, or the construct's default
 * (the values the construct used before they were properties). Pure, like `resolveInputs`.
 */
export function resolveRollout(props: RolloutInputs): ResolvedRollout {
  const hc = props.healthCheck ?? {};
  const r = TARGET_HEALTH_CHECK_RANGES;
  return {
    healthCheckGracePeriod: secondsOr(props.healthCheckGracePeriod, GRACE_PERIOD_RANGE, 60),
    minHealthyPercent: givenOr(props.minHealthyPercent, MIN_HEALTHY_PERCENT_RANGE, 100),
    maxHealthyPercent: givenOr(props.maxHealthyPercent, MAX_HEALTHY_PERCENT_RANGE, 200),
    healthCheck: {
      interval: secondsOr(hc.interval, r.interval, 15),
      timeout: secondsOr(hc.timeout, r.timeout, 5),
      healthyThresholdCount: givenOr(hc.healthyThresholdCount, r.healthyThresholdCount, 2),
      unhealthyThresholdCount: givenOr(hc.unhealthyThresholdCount, r.unhealthyThresholdCount, 3),
      // Checked apart (checkHealthyHttpCodes); a bad value is refused before it is used.
      healthyHttpCodes: hc.healthyHttpCodes ?? '200-399',
    },
    deregistrationDelay: secondsOr(props.deregistrationDelay, DEREGISTRATION_DELAY_RANGE, 30),
    containerHealthCheck: props.containerHealthCheck,
  };
}

/** The given duration if it is whole seconds in range, else the default (in seconds). */
function secondsOr(value: Duration | undefined, range: WholeNumberRange, fallbackSeconds: number): Duration {
  return value !== undefined && isWholeSecondsIn(value, range) ? value : Duration.seconds(fallbackSeconds);
}

/** The given value if it is a whole number in range, else the default. */
function givenOr(value: number | undefined, range: WholeNumberRange, fallback: number): number {
  return isWholeNumberIn(value, range) ? value : fallback;
}
