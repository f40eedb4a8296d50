import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addConfusedDeputyConditions } from './trust';

/** Availability zones of a VPC the construct creates. */
export const CREATED_VPC_AZS = 2;

export interface ServiceNetworkProps {
  /** An existing VPC; one is created without it. */
  readonly vpc?: ec2.IVpc;
  /** Tasks (and an internal load balancer) in private subnets; no public IP auto-assign. */
  readonly privateSubnets: boolean;
  /** Whether the load balancer is internal. */
  readonly internalLoadBalancer: boolean;
  /**
   * CloudFront VPC origins need an internet gateway attached to the VPC (no route to it from
   * the private subnets is needed): keep one even when the private subnets are isolated.
   */
  readonly internetGatewayForVpcOrigin: boolean;
  /** NAT gateways of a created VPC with private subnets (0 = isolated subnets). */
  readonly natGateways: number;
  readonly flowLogs: boolean;
  readonly restrictDefaultSecurityGroup: boolean;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly retain: boolean;
}

/**
 * The VPC and the subnet choices: where the load balancer and the tasks go, and whether the
 * tasks get public IPs.
 *
 * A created VPC allocates its public /24 subnets first and its private /20 subnets after,
 * so the public subnets keep their CIDRs when the level switches and private subnets are
 * added: a level switch does not replace them.
 */
export class ServiceNetwork extends Construct {
  public readonly vpc: ec2.IVpc;
  /** True when the construct created the VPC. */
  public readonly createdVpc: boolean;
  public readonly loadBalancerSubnets: ec2.SubnetSelection;
  public readonly taskSubnets: ec2.SubnetSelection;
  public readonly assignPublicIp: boolean;
  /** True when the tasks' subnets have no route to the internet at all. */
  public readonly isolated: boolean;
  public readonly flowLogGroup?: logs.LogGroup;
  /** The role that delivers the flow logs (with flow logs only). */
  public readonly flowLogRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: ServiceNetworkProps) {
    super(scope, id);
    this.assignPublicIp = !props.privateSubnets;

    if (props.vpc) {
      this.vpc = props.vpc;
      this.createdVpc = false;
      const privateType = props.vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
      this.isolated = props.privateSubnets && privateType === ec2.SubnetType.PRIVATE_ISOLATED;
      this.taskSubnets = { subnetType: props.privateSubnets ? privateType : ec2.SubnetType.PUBLIC };
      this.loadBalancerSubnets = { subnetType: props.internalLoadBalancer ? privateType : ec2.SubnetType.PUBLIC };
      return;
    }

    this.createdVpc = true;
    this.isolated = props.privateSubnets && props.natGateways === 0;
    const privateType = this.isolated ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      {
        name: 'Public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 24,
        mapPublicIpOnLaunch: !props.privateSubnets,
        // Isolated private subnets need no public subnet: keep its address space reserved so
        // the private subnets get the same CIDRs as with NAT gateways. A CloudFront VPC origin
        // still needs the VPC's internet gateway, which comes with the public subnets.
        reserved: this.isolated && !props.internetGatewayForVpcOrigin,
      },
    ];
    if (props.privateSubnets) {
      subnetConfiguration.push({ name: 'Private', subnetType: privateType, cidrMask: 20 });
    }
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: CREATED_VPC_AZS,
      natGateways: props.privateSubnets ? props.natGateways : 0,
      subnetConfiguration,
      // Explicit, so the result does not depend on the app's feature flags.
      restrictDefaultSecurityGroup: props.restrictDefaultSecurityGroup,
    });
    this.vpc = vpc;
    this.taskSubnets = { subnetType: props.privateSubnets ? privateType : ec2.SubnetType.PUBLIC };
    this.loadBalancerSubnets = { subnetType: props.internalLoadBalancer ? privateType : ec2.SubnetType.PUBLIC };

    if (props.flowLogs) {
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
        encryptionKey: props.logsKey,
        retention: props.logRetention,
        removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const flowLog = vpc.addFlowLog('FlowLog', {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
        trafficType: ec2.FlowLogTrafficType.ALL,
      });
      // The role aws-cdk-lib creates for the flow log (FlowLog.iamRole) trusts
      // vpc-flow-logs.amazonaws.com alone: scope it to this account's flow logs in this
      // region. The role keeps its logical ID (no role of our own passed in).
      this.flowLogRole = flowLog.iamRole!;
      addConfusedDeputyConditions(this.flowLogRole, 'vpc-flow-logs.amazonaws.com');
    }
  }
}

/** Distinct availability zones of a set of subnets (unresolved ones count as distinct). */
export function distinctAzs(subnets: ec2.ISubnet[]): number {
  const azs = new Set<string>();
  subnets.forEach((s, i) => azs.add(Token.isUnresolved(s.availabilityZone) ? `token-${i}` : s.availabilityZone));
  return azs.size;
}
