/**
 * Per-control switches over the level's preset.
 *
 * Every field defaults to what the chosen `hardeningLevel` sets. A field that weakens the
 * preset is honoured, and raises a synth warning that names the control, so the choice
 * stays visible in `cdk synth` output and in the hardening report.
 */
export interface HardeningOverrides {
  /**
   * Put the load balancer in private subnets with an internal scheme.
   *
   * An internal load balancer is reachable from the internet only through CloudFront
   * (`cloudFront`); without it, only from inside the VPC (or peered networks).
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly internalLoadBalancer?: boolean;

  /**
   * Serve the service through a CloudFront distribution that reaches the internal load
   * balancer through a CloudFront VPC origin. Requires `internalLoadBalancer`.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly cloudFront?: boolean;

  /**
   * Pass every request through a WAFv2 web ACL (AWS managed rule groups and a rate-based rule).
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly waf?: boolean;

  /**
   * Encrypt the ECR repository, the CloudWatch log groups and the data bucket with
   * customer-managed KMS keys (rotation on) instead of AWS-managed keys.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly customerManagedKeys?: boolean;

  /**
   * Log data-bucket requests (S3 server access logs) to a separate audit bucket.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly dataBucketAccessLogging?: boolean;

  /**
   * The strongest automatable alternative to S3 MFA delete (which CloudFormation cannot set):
   * bucket policies on the data and audit buckets deny every principal the permanent deletion
   * of object versions (`s3:DeleteObjectVersion`) and changes to the versioning state
   * (`s3:PutBucketVersioning`), and the audit bucket is created with S3 Object Lock enabled
   * (without a default retention, which log delivery does not support). The exact CLI step
   * for real MFA delete is printed at synth.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly mfaDeleteAlternative?: boolean;

  /**
   * Run tasks in private subnets with no public IP; no subnet auto-assigns public IPs;
   * outbound traffic leaves through NAT gateway(s) (see `natGateways`).
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly privateSubnets?: boolean;

  /**
   * Restrict task egress to the AWS endpoints the task needs plus `taskEgressAllowList`,
   * instead of allowing all outbound traffic.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly restrictTaskEgress?: boolean;

  /**
   * Accept entries in `taskEgressAllowList` whose destination is every address
   * (0.0.0.0/0 or ::/0) while task egress is restricted.
   *
   * @default false
   */
  readonly allowTaskEgressToAnyAddress?: boolean;

  /**
   * Drop HTTP header fields that are not valid (the load balancer's
   * `routing.http.drop_invalid_header_fields.enabled`).
   *
   * @default true
   */
  readonly dropInvalidHeaderFields?: boolean;

  /**
   * ECS Container Insights on the cluster.
   *
   * @default true
   */
  readonly containerInsights?: boolean;

  /**
   * Redirect HTTP to HTTPS on the load balancer when a `certificate` is given.
   *
   * `false` is refused where it would change nothing: behind CloudFront (CloudFront redirects
   * viewers, and the load balancer takes only CloudFront's requests) and without a certificate
   * (the load balancer serves HTTP only).
   *
   * @default true
   */
  readonly httpsRedirect?: boolean;

  /**
   * Write load balancer access logs to a log bucket.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly loadBalancerAccessLogs?: boolean;

  /**
   * Turn on load balancer deletion protection.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly loadBalancerDeletionProtection?: boolean;

  /**
   * Log the VPC's traffic (VPC flow logs) to CloudWatch Logs. Applies to a VPC the
   * construct creates; an existing VPC keeps its own flow-log setting.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly vpcFlowLogs?: boolean;

  /**
   * Remove all rules from the VPC's default security group. Applies to a VPC the construct
   * creates. This adds the Lambda-backed custom resource that aws-cdk-lib uses for it.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly restrictDefaultSecurityGroup?: boolean;

  /**
   * Roll a failed deployment back with the ECS deployment circuit breaker.
   *
   * @default true
   */
  readonly deploymentCircuitBreaker?: boolean;

  /**
   * Allow ECS Exec (interactive shells in running tasks).
   *
   * @default false
   */
  readonly ecsExec?: boolean;

  /**
   * Mount the container's root filesystem read-only (a writable scratch volume is mounted
   * at /tmp).
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Keep data-bearing resources (the repository, buckets, keys, log groups) when they are
   * removed from the stack or the stack is deleted.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly retainData?: boolean;

  /**
   * Target-tracking auto scaling on CPU and on requests per target, between `minCapacity`
   * and `maxCapacity`.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly autoScaling?: boolean;

  /**
   * CloudWatch alarms on unhealthy targets and on 5xx responses.
   *
   * @default - DEMO: false; PRODUCTION: true
   */
  readonly alarms?: boolean;
}
