import { Duration } from 'aws-cdk-lib';

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
