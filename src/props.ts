import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HardeningLevel } from './hardening-level';
import { HealthAndRolloutProps } from './health-check';
import { HardeningOverrides } from './overrides';
import { ServiceImage } from './service-image';

/**
 * One destination that tasks may reach when task egress is restricted.
 */
export interface TaskEgressRule {
  /**
   * Where the traffic goes, for example `ec2.Peer.ipv4('10.20.0.0/16')`,
   * `ec2.Peer.prefixList('pl-...')` or a security group.
   */
  readonly peer: ec2.IPeer;

  /**
   * The port (or range) allowed, for example `ec2.Port.tcp(5432)`.
   */
  readonly port: ec2.Port;

  /**
   * Why the tasks need it, shown on the security group rule and in the report.
   *
   * @default - a description naming the peer and port
   */
  readonly description?: string;
}

/**
 * Properties of a `HardenedDemoService`.
 */
export interface HardenedDemoServiceProps extends HealthAndRolloutProps {
  /**
   * The security posture: a preset for every control. Switch single controls with `overrides`.
   *
   * @default HardeningLevel.PRODUCTION
   */
  readonly hardeningLevel?: HardeningLevel;

  /**
   * Per-control switches over the level's preset. An override that weakens the preset
   * raises a synth warning naming the control.
   *
   * @default - every control as the level sets it
   */
  readonly overrides?: HardeningOverrides;

  /**
   * An existing VPC to run in. No VPC is created when one is given. It must have the
   * subnets the level needs: public subnets in at least two availability zones for an
   * internet-facing load balancer and public tasks (DEMO); private subnets in at least two
   * availability zones for an internal load balancer and private tasks (PRODUCTION).
   *
   * @default - a new VPC over two availability zones: public /24 subnets, and at
   * PRODUCTION private /20 subnets with NAT gateways (see `natGateways`)
   */
  readonly vpc?: ec2.IVpc;

  /**
   * An existing ECS cluster to run the service in, as with aws-ecs-patterns: several services
   * share one cluster. It must be in `vpc` (give both). Its settings are the team's: the
   * hardening report says whether Container Insights is on, off or unknown (an imported
   * cluster), with a synth warning when it is not known to be on; ECS Exec session logging
   * follows the cluster's execute-command configuration.
   * @default - a cluster per instance, with Container Insights as the level sets it
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Whether the stack gets a CloudWatch Logs resource policy that lets WAF deliver to the
   * `aws-waf-logs-*` log groups of this account and region. It is made once per stack and
   * shared by every instance in it. An account holds at most 10 such policies per region (a
   * hard limit): with many stacks in one account and region, set it to false in all but one,
   * or where the account already has a policy that covers `aws-waf-logs-*` log groups.
   * @default true (when the construct creates a web ACL)
   */
  readonly createWafLogDeliveryPolicy?: boolean;

  /**
   * The number of NAT gateways of the VPC the construct creates, when tasks run in private
   * subnets. Zero makes the private subnets isolated (no internet egress at all; the tasks
   * reach AWS through VPC endpoints). Not accepted with an existing `vpc`, which keeps its
   * own routing.
   *
   * @default - one per availability zone (2) when tasks run in private subnets; none otherwise
   */
  readonly natGateways?: number;

  /**
   * Whether the construct creates the interface VPC endpoints its tasks reach AWS through
   * when task egress is restricted or the task subnets are isolated: ECR API, ECR registry,
   * CloudWatch Logs, and Secrets Manager and SSM when `secrets` are given.
   *
   * Set it to false with an existing `vpc` that already has these endpoints with private
   * DNS: a VPC cannot hold two endpoints with private DNS for one service, so the deployment
   * would fail. The tasks then get HTTPS egress to the VPC's CIDR, where those endpoints are.
   * Only for an existing `vpc`: the VPC the construct creates has no other endpoints.
   *
   * @default true
   */
  readonly createVpcEndpoints?: boolean;

  /**
   * The port the container listens on. Every rule follows it: the target group, the task
   * security group's ingress and the load balancer's egress. The container receives it in
   * the `PORT` environment variable.
   *
   * @default 3000
   */
  readonly containerPort?: number;

  /**
   * The image to run.
   *
   * @default ServiceImage.sampleApp() - the sample application shipped with the library
   */
  readonly image?: ServiceImage;

  /**
   * The task's CPU units. Fargate accepts 256, 512, 1024, 2048, 4096, 8192 and 16384, each
   * with its own range of memory.
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * The task's memory in MiB, within the range Fargate accepts for `cpu`.
   *
   * @default 512
   */
  readonly memoryLimitMiB?: number;

  /**
   * The runtime platform of the task definition, as in aws-ecs-patterns.
   *
   * Set `cpuArchitecture` to `CpuArchitecture.ARM64` to run on Graviton (a lower Fargate price
   * per vCPU and GB). The sample app's image asset is then built for `linux/arm64`; an image of
   * your own must be built for the architecture given. The operating-system family must be Linux.
   *
   * @default - Linux on X86_64
   */
  readonly runtimePlatform?: ecs.RuntimePlatform;

  /**
   * How many tasks to run (the starting count when auto scaling is on).
   *
   * @default - DEMO: 1; PRODUCTION: `minCapacity` (2)
   */
  readonly desiredCount?: number;

  /**
   * The fewest tasks auto scaling keeps. PRODUCTION expects at least two, spread across
   * availability zones; fewer raises a warning.
   *
   * @default - DEMO: 1; PRODUCTION: 2
   */
  readonly minCapacity?: number;

  /**
   * The most tasks auto scaling starts.
   *
   * @default - DEMO: 4; PRODUCTION: 10
   */
  readonly maxCapacity?: number;

  /**
   * Environment variables for the container. `PORT` is set to `containerPort`.
   *
   * @default - only PORT
   */
  readonly environment?: { [key: string]: string };

  /**
   * Secrets for the container, from Secrets Manager or SSM Parameter Store.
   *
   * @default - none
   */
  readonly secrets?: { [key: string]: ecs.Secret };

  /**
   * The path the target group's health check requests.
   *
   * @default - '/health' for the sample app, '/' for any other image
   */
  readonly healthCheckPath?: string;

  /**
   * A regional ACM certificate for the load balancer, in the stack's region. With it the
   * load balancer serves HTTPS on 443 with a TLS 1.2+ policy and redirects HTTP to HTTPS.
   * At PRODUCTION it is used for HTTPS between CloudFront and the load balancer, and must
   * cover `domainName`.
   *
   * @default - HTTP only on the load balancer (DEMO: a synth warning says so)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The domain name users reach the service on. At DEMO, point it (CNAME or alias) at the
   * load balancer; at PRODUCTION, at the CloudFront distribution. The service URL uses it.
   *
   * @default - the load balancer's (DEMO) or the distribution's (PRODUCTION) own name
   */
  readonly domainName?: string;

  /**
   * An ACM certificate in us-east-1 covering `domainName`, for CloudFront. With it the
   * distribution serves `domainName` with a TLS 1.2 viewer minimum.
   *
   * @default - the distribution serves only its `*.cloudfront.net` name, whose viewer TLS
   * minimum CloudFront fixes at TLSv1
   */
  readonly cloudFrontCertificate?: acm.ICertificate;

  /**
   * An existing WAFv2 web ACL of scope CLOUDFRONT (its ARN), to attach to the distribution
   * instead of creating one. Works from a stack in any region.
   *
   * @default - a web ACL is created: of scope CLOUDFRONT on the distribution when the stack
   * is in us-east-1; otherwise (and in region-agnostic stacks) of scope REGIONAL on the
   * load balancer
   */
  readonly webAclArn?: string;

  /**
   * The most requests one client IP may send in any 5-minute window before the web ACL's
   * rate-based rule blocks it (100 - 2,000,000,000).
   *
   * @default 2000
   */
  readonly wafRateLimit?: number;

  /**
   * Destinations that tasks may reach when task egress is restricted, beyond the AWS
   * endpoints the task needs (ECR, S3, CloudWatch Logs, and Secrets Manager / SSM when
   * `secrets` are given). Not accepted while egress is unrestricted (it would mean nothing).
   *
   * @default - only the AWS endpoints the task needs
   */
  readonly taskEgressAllowList?: TaskEgressRule[];

  /**
   * An SNS topic the alarms (unhealthy targets, 5xx responses) notify, on alarm and on
   * recovery. Only with alarms on.
   *
   * @default - the alarms are created without actions: route them yourself with
   * `unhealthyTargetsAlarm.addAlarmAction(...)`; a synth message says so
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * How long CloudWatch keeps the service's logs.
   *
   * @default - DEMO: one week; PRODUCTION: one year
   */
  readonly logRetention?: logs.RetentionDays;
}
