import { IConstruct } from 'constructs';

/**
 * Feature flags that change what a hardened resource looks like, pinned to the value this
 * construct is built and tested with. They are set as context on the construct's own node,
 * so they apply to its resources only, whatever the app carries: an app from before the
 * flags existed and an app from `cdk init` get the same template.
 */
const PINNED_FEATURE_FLAGS: Readonly<Record<string, boolean>> = {
  // Server access logs are granted with a bucket policy, not the LogDeliveryWrite ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // CloudFront's default viewer policy is TLSv1.2_2021 (we set it explicitly too).
  '@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021': true,
  // IAM policies merged into the fewest statements.
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // The circuit breaker does not force an explicit deployment controller block.
  '@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker': true,
  // No empty default deployment-alarm block on the service.
  '@aws-cdk/aws-ecs:removeDefaultDeploymentAlarm': true,
};

/** Pin the flags on `scope`, so its resources come out the same whatever the app carries. */
export function pinFeatureFlags(scope: IConstruct): void {
  for (const [flag, value] of Object.entries(PINNED_FEATURE_FLAGS)) {
    scope.node.setContext(flag, value);
  }
}
