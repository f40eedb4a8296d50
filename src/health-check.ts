import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * The load balancer's health check of the tasks (the target group's), beyond the path
 * (`healthCheckPath`). Every field is optional: one not given keeps the construct's default.
 */
export interface TargetHealthCheck {
  /**
   * How often the load balancer checks each task: whole seconds from 5 to 300.
   *
   * @default Duration.seconds(15)
   */
  readonly interval?: Duration;

  /**
   * How long a check may take before it counts as failed: whole seconds from 2 to 120, and
   * less than `interval`.
   *
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive passed checks before an unhealthy task counts as healthy (2 - 10).
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;

  /**
   * Consecutive failed checks before a task counts as unhealthy (2 - 10).
   *
   * @default 3
   */
  readonly unhealthyThresholdCount?: number;

  /**
   * The HTTP codes of a healthy answer, from 200 to 499: one code ('200'), several
   * ('200,302'), or a range ('200-299').
   *
   * @default '200-399'
   */
  readonly healthyHttpCodes?: string;
}

/**
 * How the service is health-checked and rolled out: the load balancer's and the container's
 * health checks, the grace period, the deployment percentages and the deregistration delay.
 * The same at both levels, and unchanged unless given. Part of `HardenedDemoServiceProps`.
 */
export interface HealthAndRolloutProps {
  /**
   * The load balancer's health check of the tasks beyond the path: interval, timeout,
   * thresholds and healthy HTTP codes. Fields not given keep their defaults.
   *
   * @default - every 15 seconds, 5-second timeout, healthy after 2 passes, unhealthy after
   * 3 failures, codes 200-399
   */
  readonly healthCheck?: TargetHealthCheck;

  /**
   * A health check run by ECS inside the container (a command, for example
   * `['CMD-SHELL', 'curl -f http://localhost:3000/health || exit 1']`). A task whose check
   * fails is replaced.
   *
   * @default - none
   */
  readonly containerHealthCheck?: ecs.HealthCheck;

  /**
   * How long ECS ignores failed load balancer health checks of a task after it starts
   * (whole seconds, up to 2,147,483,647).
   *
   * @default Duration.seconds(60)
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * The fewest tasks, as a percentage of the desired count (rounded up), that stay running
   * during a deployment (0 - 100).
   *
   * @default 100
   */
  readonly minHealthyPercent?: number;

  /**
   * The most tasks, as a percentage of the desired count (rounded down), that may run during
   * a deployment (100 - 200, above `minHealthyPercent`).
   *
   * @default 200
   */
  readonly maxHealthyPercent?: number;

  /**
   * How long the load balancer lets a deregistering task finish its requests before it is
   * stopped (whole seconds, 0 - 3600).
   *
   * @default Duration.seconds(30)
   */
  readonly deregistrationDelay?: Duration;
}
