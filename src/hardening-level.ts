/**
 * The security posture of a `HardenedDemoService`.
 *
 * The level is a preset: it decides every control at once. Individual controls can then be
 * switched on their own with `HardenedDemoServiceProps.overrides`.
 */
export enum HardeningLevel {
  /**
   * The cheap, public posture of the source notes: an internet-facing load balancer in
   * public subnets, tasks with public IPs and no NAT gateway, AWS-managed keys, egress
   * anywhere. The controls the notes mark "implemented" stay on (invalid header dropping,
   * load balancer egress only to the tasks, Container Insights, ECR scan on push, a
   * versioned, encrypted, private, TLS-only bucket).
   *
   * Every relaxed control raises a synth warning, so `cdk synth --strict` refuses a DEMO
   * stack in a pipeline that forbids it.
   */
  DEMO = 'DEMO',

  /**
   * The full production posture: an internal load balancer behind CloudFront and WAF,
   * customer-managed KMS keys, private subnets with NAT, access logging to an audit bucket,
   * restricted task egress, flow logs, deletion protection and retained data.
   */
  PRODUCTION = 'PRODUCTION',
}
