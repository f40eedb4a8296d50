import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The scratch volume mounted writable when the root filesystem is read-only. */
export const SCRATCH_PATH = '/tmp';

export interface FargateWebServiceProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly assignPublicIp: boolean;
  readonly containerImage: ecs.ContainerImage;
  readonly containerPort: number;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly desiredCount: number;
  readonly environment: { [key: string]: string };
  readonly secrets?: { [key: string]: ecs.Secret };
  readonly containerInsights: boolean;
  readonly circuitBreaker: boolean;
  readonly ecsExec: boolean;
  readonly readOnlyRootFilesystem: boolean;
  /** Run as this user (the sample app's unprivileged user); the image's own user otherwise. */
  readonly user?: string;
  /** Tasks may open connections anywhere; otherwise egress is added rule by rule. */
  readonly allowAllOutbound: boolean;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly retainLogs: boolean;
  readonly autoScaling?: {
    readonly minCapacity: number;
    readonly maxCapacity: number;
    readonly requestsPerTarget: number;
  };
}

/**
 * The ECS cluster (Container Insights), the Fargate task definition and its container, the
 * task security group, the service, and its auto scaling.
 */
export class FargateWebService extends Construct {
  public readonly cluster: ecs.Cluster;
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

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: props.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryLimitMiB,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });

    this.container = this.taskDefinition.addContainer('web', {
      image: props.containerImage,
      essential: true,
      portMappings: [{ containerPort: props.containerPort, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'web', mode: ecs.AwsLogDriverMode.NON_BLOCKING }),
      readonlyRootFilesystem: props.readOnlyRootFilesystem,
      // A hard limit equal to the task's memory (Control Tower CT.ECS.PR.7).
      memoryLimitMiB: props.memoryLimitMiB,
      user: props.user,
      stopTimeout: Duration.seconds(30),
    });
    if (props.readOnlyRootFilesystem) {
      // A writable scratch directory (task storage, not the image's filesystem).
      this.taskDefinition.addVolume({ name: 'scratch' });
      this.container.addMountPoints({ sourceVolume: 'scratch', containerPath: SCRATCH_PATH, readOnly: false });
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: props.allowAllOutbound
        ? 'HardenedDemoService tasks: the container port from the load balancer only; egress anywhere'
        : 'HardenedDemoService tasks: the container port from the load balancer only; egress to an allow-list',
      allowAllOutbound: props.allowAllOutbound,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      vpcSubnets: props.subnets,
      assignPublicIp: props.assignPublicIp,
      securityGroups: [this.securityGroup],
      circuitBreaker: props.circuitBreaker ? { enable: true, rollback: true } : undefined,
      enableExecuteCommand: props.ecsExec,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
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
