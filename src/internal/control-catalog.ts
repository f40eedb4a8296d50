import { ControlId } from './profile';

/** What each control is, in words, and why DEMO relaxes it (the source notes' reasons). */
export interface ControlDescription {
  /** A short title, as in the source notes. */
  readonly title: string;
  /** What the control does when on. */
  readonly onMeans: string;
  /** What it means when off. */
  readonly offMeans: string;
  /** Why DEMO leaves it off (the source notes' reason), when it does. */
  readonly demoReason?: string;
  /** The item of the source notes it comes from, if any. */
  readonly seed?: string;
}

export const CONTROL_CATALOG: Readonly<Record<ControlId, ControlDescription>> = {
  internalLoadBalancer: {
    title: 'Load balancer internal-only',
    onMeans: 'the load balancer is internal, in private subnets',
    offMeans: 'the load balancer is internet-facing, in public subnets',
    demoReason: 'Demo needs public access',
    seed: 'Not implemented 1',
  },
  cloudFront: {
    title: 'CloudFront in front of the load balancer',
    onMeans: 'viewers reach the service through a CloudFront distribution with a VPC origin; HTTPS to viewers',
    offMeans: 'viewers reach the load balancer directly',
    demoReason: 'Demo needs public access with the fewest moving parts',
    seed: 'Not implemented 1; full hardening step 2',
  },
  waf: {
    title: 'WAF',
    onMeans: 'every request passes a WAFv2 web ACL (AWS managed rule groups and a per-IP rate limit)',
    offMeans: 'no web ACL inspects requests',
    demoReason: 'Demo needs public access with the fewest moving parts',
    seed: 'Not implemented 1',
  },
  customerManagedKeys: {
    title: 'Customer-managed KMS keys',
    onMeans: 'the ECR repository, the CloudWatch log groups and the data bucket use customer-managed KMS keys with rotation',
    offMeans: 'AWS-managed keys encrypt the repository, logs and data bucket',
    demoReason: 'Adds cost and complexity for demo',
    seed: 'Not implemented 2',
  },
  mfaDeleteAlternative: {
    title: 'S3 MFA delete (automatable alternative)',
    onMeans: 'bucket policies deny permanent version deletion and versioning changes; the audit bucket has Object Lock enabled',
    offMeans: 'object versions can be deleted permanently by any principal allowed to',
    demoReason: 'Requires manual AWS Console configuration',
    seed: 'Not implemented 3',
  },
  dataBucketAccessLogging: {
    title: 'S3 access logging',
    onMeans: 'the data bucket logs requests to a separate audit bucket',
    offMeans: 'data bucket requests are not logged',
    demoReason: 'Additional S3 costs for demo',
    seed: 'Not implemented 4',
  },
  privateSubnets: {
    title: 'Restrict public subnet auto-assign',
    onMeans: 'tasks run in private subnets without public IPs; no subnet auto-assigns public IPs; outbound through NAT',
    offMeans: 'public subnets auto-assign public IPs and tasks get public IPs',
    demoReason: 'Simplifies demo networking',
    seed: 'Not implemented 5',
  },
  restrictTaskEgress: {
    title: 'Security group egress restrictions',
    onMeans: 'tasks reach only the AWS endpoints they need and the allow-list',
    offMeans: 'tasks can open connections anywhere',
    demoReason: "Demo doesn't have fixed downstream services",
    seed: 'Not implemented 6',
  },
  dropInvalidHeaderFields: {
    title: 'ALB invalid header dropping',
    onMeans: 'the load balancer drops invalid HTTP header fields',
    offMeans: 'invalid header fields reach the tasks',
    seed: 'Implemented',
  },
  containerInsights: {
    title: 'ECS Container Insights',
    onMeans: 'Container Insights is on for the cluster',
    offMeans: 'no container-level metrics',
    seed: 'Implemented',
  },
  httpsRedirect: {
    title: 'HTTP to HTTPS redirect',
    onMeans: 'HTTP requests to the load balancer are redirected to HTTPS when it has a certificate',
    offMeans: 'HTTP is served alongside HTTPS',
  },
  loadBalancerAccessLogs: {
    title: 'ALB access logs',
    onMeans: 'the load balancer writes access logs to the audit bucket',
    offMeans: 'load balancer requests are not logged',
    demoReason: 'Additional S3 costs for demo',
  },
  loadBalancerDeletionProtection: {
    title: 'ALB deletion protection',
    onMeans: 'the load balancer cannot be deleted until protection is turned off',
    offMeans: 'the load balancer can be deleted with the stack',
    demoReason: 'A demo is torn down often',
  },
  vpcFlowLogs: {
    title: 'VPC flow logs',
    onMeans: 'all VPC traffic is logged to CloudWatch Logs',
    offMeans: 'VPC traffic is not logged',
    demoReason: 'Additional CloudWatch costs for demo',
  },
  restrictDefaultSecurityGroup: {
    title: 'Default security group closed',
    onMeans: "the VPC's default security group has no rules",
    offMeans: "the VPC's default security group keeps AWS's default rules (unused by the construct)",
    demoReason: 'Avoids a Lambda-backed custom resource in a demo',
  },
  deploymentCircuitBreaker: {
    title: 'ECS deployment circuit breaker',
    onMeans: 'a failing deployment is stopped and rolled back',
    offMeans: 'a failing deployment keeps retrying',
  },
  ecsExec: {
    title: 'ECS Exec',
    onMeans:
      'anyone allowed ecs:ExecuteCommand on the cluster can open an interactive shell in a running task as the container user, and read what the task can (its environment, secrets, data bucket); ' +
      'sessions go through the ssmmessages endpoint and are logged to the service log group, encrypted with the logs key when customer-managed keys are on',
    offMeans: 'ECS Exec is off',
  },
  readOnlyRootFilesystem: {
    title: 'Read-only root filesystem',
    onMeans: "the container's root filesystem is read-only, with a writable scratch volume at /tmp",
    offMeans: 'the container can write to its root filesystem',
    demoReason: 'Lets any demo image run unchanged',
  },
  retainData: {
    title: 'Retain data on delete',
    onMeans: 'the repository, buckets, keys and log groups are kept when removed from the stack',
    offMeans: 'data-bearing resources are deleted with the stack (buckets only when empty)',
    demoReason: 'A demo is torn down often',
  },
  autoScaling: {
    title: 'Auto scaling',
    onMeans: 'target-tracking auto scaling on CPU and requests per target',
    offMeans: 'a fixed task count',
    demoReason: 'A demo runs one task',
  },
  alarms: {
    title: 'Alarms',
    onMeans: 'CloudWatch alarms on unhealthy targets and 5xx responses',
    offMeans: 'no alarms',
    demoReason: 'Nobody is paged for a demo',
  },
};
