import { Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { acknowledgeFindings, acknowledgeLogGroupFindings, awsSolutions, guard, regulated, relaxationReason } from './findings';
import type { HardeningProfile } from './profile';
import { addConfusedDeputyConditions } from './trust';
import { resolveRollout } from './validation/defaults';
import type { ResolvedRollout } from './validation/rollout';

/** The scratch volume mounted writable when the root filesystem is read-only. */
export const SCRATCH_PATH = '/tmp';

/**
 * Where the SSM agent that ECS Exec injects writes: writable volumes when ECS Exec is on and the
 * root filesystem is read-only, or the agent cannot start.
 */
const ECS_EXEC_AGENT_PATHS = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];

/** The least memory the web container keeps when sidecars reserve the rest of the task's. */
const WEB_CONTAINER_MIN_MEMORY_MIB = 128;

/** Whether Container Insights is on for a cluster: true, false, or undefined (cannot tell). */
export function containerInsightsOf(cluster: ecs.ICluster): boolean | undefined {
  const cfn = cluster.node.defaultChild;
  if (!(cfn instanceof ecs.CfnCluster)) {
    return undefined;
  }
  const settings = cfn.clusterSettings;
  if (settings === undefined) {
    return false;
  }
  if (Token.isUnresolved(settings) || !Array.isArray(settings)) {
    return undefined;
  }
  const setting = settings.find((x: any) => x?.name === 'containerInsights') as ecs.CfnCluster.ClusterSettingsProperty | undefined;
  if (setting === undefined) {
    return false;
  }
  return Token.isUnresolved(setting.value) ? undefined : setting.value === 'enabled' || setting.value === 'enhanced';
}

export interface FargateWebServiceProps {
  readonly vpc: ec2.IVpc;
  /** A cluster to run in; one is created (Container Insights as the control says) without it. */
  readonly cluster?: ecs.ICluster;
  readonly subnets: ec2.SubnetSelection;
  readonly assignPublicIp: boolean;
  readonly containerImage: ecs.ContainerImage;
  readonly containerPort: number;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  /** The task's platform; each part defaults to Linux on X86_64. */
  readonly runtimePlatform?: ecs.RuntimePlatform;
  /** The task count without auto scaling (with it, auto scaling owns the count). */
  readonly desiredCount: number;
  readonly environment: { [key: string]: string };
  readonly secrets?: { [key: string]: ecs.Secret };
  /** The controls (Container Insights, circuit breaker, ECS Exec, read-only root, egress, retention) and the findings' reasons. */
  readonly profile: HardeningProfile;
  /** Run as this user (the sample app's unprivileged user); the image's own user otherwise. */
  readonly user?: string;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly autoScaling?: {
    readonly minCapacity: number;
    readonly maxCapacity: number;
    readonly requestsPerTarget: number;
  };
  /** Deployment percents, grace period and the container health check (default: the construct's). */
  readonly rollout?: Pick<ResolvedRollout, 'minHealthyPercent' | 'maxHealthyPercent' | 'healthCheckGracePeriod' | 'containerHealthCheck'>;
}

/**
 * The ECS cluster (Container Insights), the Fargate task definition and its container, the
 * task security group, the service, and its auto scaling.
 */
export class FargateWebService extends Construct {
  public readonly cluster: ecs.ICluster;
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  public readonly container: ecs.ContainerDefinition;
  public readonly service: ecs.FargateService;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly logGroup: logs.LogGroup;
  private scaling?: ecs.ScalableTaskCount;
  private readonly props: FargateWebServiceProps;

  constructor(scope: Construct, id: string, props: FargateWebServiceProps) {
    super(scope, id);
    this.props = props;
    const c = props.profile.controls;
    const rollout = props.rollout ?? resolveRollout({});
    // Tasks may open connections anywhere, or egress is added rule by rule (TaskEgress).
    const allowAllOutbound = !c.restrictTaskEgress;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: c.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: c.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
      // ECS Exec sessions: encrypted with the logs key, logged to the service's log group.
      executeCommandConfiguration: c.ecsExec
        ? {
          kmsKey: props.logsKey,
          logging: ecs.ExecuteCommandLogging.OVERRIDE,
          logConfiguration: { cloudWatchLogGroup: this.logGroup, cloudWatchEncryptionEnabled: props.logsKey !== undefined },
        }
        : undefined,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        operatingSystemFamily: props.runtimePlatform?.operatingSystemFamily ?? ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: props.runtimePlatform?.cpuArchitecture ?? ecs.CpuArchitecture.X86_64,
      },
    });

    this.container = this.taskDefinition.addContainer('web', {
      image: props.containerImage,
      essential: true,
      portMappings: [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'web', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
      readonlyRootFilesystem: c.readOnlyRootFilesystem,
      // A hard limit equal to the task's memory (Control Tower CT.ECS.PR.7), and a reservation of
      // what other containers (a log router, an agent) leave, so a sidecar fits the task.
      memoryLimitMiB: props.memoryLimitMiB,
      memoryReservationMiB: Token.asNumber(Lazy.any({ produce: () => this.webMemoryReservation() })),
      user: props.user,
      stopTimeout: Duration.seconds(30),
      healthCheck: rollout.containerHealthCheck,
    });
    addConfusedDeputyConditions(this.taskDefinition.taskRole, 'ecs-tasks.amazonaws.com');
    // Execution role: aws:SourceAccount only. The ECS guide documents the keys for the task role
    // (SourceAccount and SourceArn); its execution-role trust example has no condition.
    addConfusedDeputyConditions(this.taskDefinition.executionRole!, 'ecs-tasks.amazonaws.com', { sourceArn: false });
    if (c.readOnlyRootFilesystem) {
      // A writable scratch directory (task storage, not the image's filesystem).
      this.taskDefinition.addVolume({ name: 'scratch' });
      this.container.addMountPoints({ sourceVolume: 'scratch', containerPath: SCRATCH_PATH, readOnly: false });
      if (c.ecsExec) {
        // The SSM agent ECS Exec injects writes its state and logs here.
        ECS_EXEC_AGENT_PATHS.forEach((containerPath, i) => {
          const name = `ecs-exec-agent-${i}`;
          this.taskDefinition.addVolume({ name });
          this.container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
        });
      }
    }
    this.node.addValidation({ validate: () => this.validateSidecarMemory() });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: allowAllOutbound
        ? 'HardenedDemoService tasks: the container port from the load balancer only; egress anywhere'
        : 'HardenedDemoService tasks: the container port from the load balancer only; egress to an allow-list',
      allowAllOutbound,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      // Under auto scaling the template sets no count: a count here would reset the service on
      // every deploy. A new service starts with one task and scales to minCapacity.
      desiredCount: props.autoScaling ? undefined : props.desiredCount,
      vpcSubnets: props.subnets,
      assignPublicIp: props.assignPublicIp,
      securityGroups: [this.securityGroup],
      circuitBreaker: c.deploymentCircuitBreaker ? { enable: true, rollback: true } : undefined,
      enableExecuteCommand: c.ecsExec,
      minHealthyPercent: rollout.minHealthyPercent,
      maxHealthyPercent: rollout.maxHealthyPercent,
      healthCheckGracePeriod: rollout.healthCheckGracePeriod,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });

    if (props.autoScaling) {
      this.scaling = this.service.autoScaleTaskCount({
        minCapacity: props.autoScaling.minCapacity,
        maxCapacity: props.autoScaling.maxCapacity,
      });
      this.scaling.scaleOnCpuUtilization('CpuScaling', {
        targetUtilizationPercent: 60,
        scaleInCooldown: Duration.seconds(120),
        scaleOutCooldown: Duration.seconds(60),
      });
    }
    this.acknowledgeFindings(props.profile, props.logRetention);
  }

  /** The findings on the roles, task definition, service and log group made here. */
  private acknowledgeFindings(profile: HardeningProfile, retentionDays: number): void {
    const c = profile.controls;
    const { taskRole, executionRole } = this.taskDefinition;
    acknowledgeFindings(this, 'iam', [taskRole, executionRole], regulated('IAMNoInlinePolicy'),
      'Each grant is an inline policy of exactly one role this construct creates for one purpose (task, task execution), scoped to its own resources; a managed policy would hold the same statements and could be attached elsewhere.');
    acknowledgeFindings(this, 'iam', [executionRole], [awsSolutions('IAM5[Resource::*]')],
      'The only Resource "*" statement is ecr:GetAuthorizationToken, which has no resource-level permissions; image pulls and log writes are scoped to one repository and one log group.');
    acknowledgeFindings(this, 'environmentSecrets', [this.taskDefinition], [awsSolutions('ECS2')],
      'The construct puts only non-secret configuration in the environment (PORT, DATA_BUCKET); secrets go through the secrets property (Secrets Manager or SSM, injected by ECS).');
    if (!c.privateSubnets) {
      acknowledgeFindings(this, 'privateSubnets', [this.service], [guard('ecs_service_assign_public_ip_disabled_check')],
        relaxationReason(profile, 'privateSubnets', 'tasks get public IPs (no NAT gateway)'));
    }
    if (!c.readOnlyRootFilesystem) {
      acknowledgeFindings(this, 'readOnlyRootFilesystem', [this.taskDefinition], [guard('ecs_containers_readonly_access_check')],
        relaxationReason(profile, 'readOnlyRootFilesystem', "the container's root filesystem is writable"));
    }
    acknowledgeLogGroupFindings(this, this.logGroup, profile, retentionDays);
  }

  /** Start tasks only once what they need is in place (endpoints, security group rules). */
  public waitFor(dependencies: IDependable[]): void {
    for (const d of dependencies) {
      this.service.node.addDependency(d);
    }
  }

  /** Memory reserved by the other containers of the task (their reservation, or hard limit). */
  private otherContainersMemory(): number {
    let reserved = 0;
    const others = this.taskDefinition.node.children.filter(
      (c): c is ecs.ContainerDefinition => c instanceof ecs.ContainerDefinition && c !== this.container,
    );
    for (const c of others) {
      reserved += sidecarReservation(c);
    }
    return reserved;
  }

  private webMemoryReservation(): number | undefined {
    const others = this.otherContainersMemory();
    return others === 0 ? undefined : Math.max(this.props.memoryLimitMiB - others, WEB_CONTAINER_MIN_MEMORY_MIB);
  }

  private validateSidecarMemory(): string[] {
    const others = this.otherContainersMemory();
    if (others === 0 || this.props.memoryLimitMiB - others >= WEB_CONTAINER_MIN_MEMORY_MIB) {
      return [];
    }
    return [
      `taskDefinition: the containers added beside 'web' reserve ${others} MiB of the task's ${this.props.memoryLimitMiB} MiB, ` +
        `leaving the web container less than ${WEB_CONTAINER_MIN_MEMORY_MIB} MiB. Raise memoryLimitMiB (and cpu if Fargate needs it), or give the sidecar a smaller memoryReservationMiB.`,
    ];
  }

  /**
   * Register with the load balancer's target group, allow the load balancer in on the
   * container port (and only it), and scale on requests per target.
   */
  public attachTo(targetGroup: elbv2.ApplicationTargetGroup, loadBalancer: elbv2.ApplicationLoadBalancer): void {
    this.service.attachToApplicationTargetGroup(targetGroup);
    this.service.connections.allowFrom(loadBalancer, ec2.Port.tcp(this.props.containerPort), 'The container port from the load balancer');
    if (this.scaling && this.props.autoScaling) {
      this.scaling.scaleOnRequestCount('RequestScaling', {
        requestsPerTarget: this.props.autoScaling.requestsPerTarget,
        targetGroup,
        scaleInCooldown: Duration.seconds(120),
        scaleOutCooldown: Duration.seconds(60),
      });
    }
  }
}

/** What a sidecar reserves of the task's memory: its soft limit, else its hard limit, else nothing. */
function sidecarReservation(container: ecs.ContainerDefinition): number {
  const rendered = container.renderContainerDefinition();
  const value = rendered.memoryReservation ?? rendered.memory;
  return typeof value === 'number' && !Token.isUnresolved(value) ? value : 0;
}
