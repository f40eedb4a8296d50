import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeFindings, acknowledgeLogGroupFindings, awsSolutions, guard, regulated, relaxationReason } from './findings';
import type { HardeningProfile } from './profile';
import { addConfusedDeputyConditions } from './trust';

/** Availability zones of a VPC the construct creates. */
export const CREATED_VPC_AZS = 2;

export interface ServiceNetworkProps {
  /** An existing VPC; one is created without it. */
  readonly vpc?: ec2.IVpc;
  /** NAT gateways of a created VPC with private subnets (0 = isolated subnets). */
  readonly natGateways: number;
  readonly logsKey?: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * The controls: private subnets (tasks and an internal load balancer without public IPs),
   * an internal load balancer, CloudFront (whose VPC origin needs the internet gateway even
   * with isolated subnets), flow logs, the default security group, retention; and the
   * findings' reasons.
   */
  readonly profile: HardeningProfile;
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
    const { privateSubnets, internalLoadBalancer, cloudFront, vpcFlowLogs, restrictDefaultSecurityGroup, retainData } = props.profile.controls;
    this.assignPublicIp = !privateSubnets;

    if (props.vpc) {
      this.vpc = props.vpc;
      this.createdVpc = false;
      const privateType = props.vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
      this.isolated = privateSubnets && privateType === ec2.SubnetType.PRIVATE_ISOLATED;
      this.taskSubnets = { subnetType: privateSubnets ? privateType : ec2.SubnetType.PUBLIC };
      this.loadBalancerSubnets = { subnetType: internalLoadBalancer ? privateType : ec2.SubnetType.PUBLIC };
      return;
    }

    this.createdVpc = true;
    this.isolated = privateSubnets && props.natGateways === 0;
    const privateType = this.isolated ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
    const subnetConfiguration: ec2.SubnetConfiguration[] = [
      {
        name: 'Public',
        subnetType: ec2.SubnetType.PUBLIC,
        cidrMask: 24,
        mapPublicIpOnLaunch: !privateSubnets,
        // Isolated private subnets need no public subnet: keep its address space reserved so
        // the private subnets get the same CIDRs as with NAT gateways. A CloudFront VPC origin
        // still needs the VPC's internet gateway, which comes with the public subnets.
        reserved: this.isolated && !cloudFront,
      },
    ];
    if (privateSubnets) {
      subnetConfiguration.push({ name: 'Private', subnetType: privateType, cidrMask: 20 });
    }
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
      maxAzs: CREATED_VPC_AZS,
      natGateways: privateSubnets ? props.natGateways : 0,
      subnetConfiguration,
      // Explicit, so the result does not depend on the app's feature flags.
      restrictDefaultSecurityGroup,
    });
    this.vpc = vpc;
    this.taskSubnets = { subnetType: privateSubnets ? privateType : ec2.SubnetType.PUBLIC };
    this.loadBalancerSubnets = { subnetType: internalLoadBalancer ? privateType : ec2.SubnetType.PUBLIC };

    if (vpcFlowLogs) {
      this.flowLogGroup = new logs.LogGroup(this, 'FlowLogGroup', {
        encryptionKey: props.logsKey,
        retention: props.logRetention,
        removalPolicy: retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
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
      acknowledgeFindings(this, 'iam', [this.flowLogRole], regulated('IAMNoInlinePolicy'),
        'The flow-log role holds one inline policy for its one purpose (delivering this VPC\'s flow logs to its log group); a managed policy would hold the same statements and could be attached elsewhere.');
      acknowledgeLogGroupFindings(this, this.flowLogGroup, props.profile, props.logRetention);
    }
    this.acknowledgeVpcFindings(vpc, props);
  }

  /** The findings on the VPC the network created: its subnets, routes, default security group and flow logs. */
  private acknowledgeVpcFindings(vpc: ec2.Vpc, props: ServiceNetworkProps): void {
    const profile = props.profile;
    const { privateSubnets, internalLoadBalancer, vpcFlowLogs, restrictDefaultSecurityGroup } = profile.controls;
    if (!vpcFlowLogs) {
      acknowledgeFindings(this, 'vpcFlowLogs', [vpc], [awsSolutions('VPC7'), ...regulated('VPCFlowLogsEnabled')], relaxationReason(profile, 'vpcFlowLogs', 'VPC traffic is not logged'));
    }
    if (restrictDefaultSecurityGroup) {
      // Of the Lambda rules, only cfn-guard's sees this provider (a raw CfnResource function).
      acknowledgeFindings(this, 'restrictDefaultSecurityGroup', [Stack.of(this).node.tryFindChild(RESTRICT_DEFAULT_SG_PROVIDER)], [guard('lambda_inside_vpc_check')],
        "aws-cdk-lib's provider that removes the default security group's rules (restrictDefaultSecurityGroup). CloudFormation invokes it during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only the EC2 API, so it needs no VPC.");
    } else {
      acknowledgeFindings(this, 'restrictDefaultSecurityGroup', [vpc], regulated('VPCDefaultSecurityGroupClosed'),
        relaxationReason(profile, 'restrictDefaultSecurityGroup', "the VPC's default security group keeps AWS's default rules; nothing of the construct uses it"));
    }
    if (!privateSubnets) {
      acknowledgeFindings(this, 'privateSubnets', vpc.publicSubnets, [...regulated('VPCSubnetAutoAssignPublicIpDisabled'), guard('subnet_auto_assign_public_ip_disabled_check')],
        relaxationReason(profile, 'privateSubnets', 'the public subnets auto-assign public IPs'));
    }
    // aws-cdk-lib gives the public subnets' default routes no public property.
    const routes = vpc.publicSubnets.map((s) => s.node.tryFindChild('DefaultRoute'));
    const whoIsThere = internalLoadBalancer
      ? 'No subnet auto-assigns public IPs; tasks and the internal load balancer sit in private subnets without that route.'
      : 'The internet-facing load balancer sits there too (its listeners are the way in). No subnet auto-assigns public IPs; tasks sit in private subnets without that route.';
    acknowledgeFindings(this, 'privateSubnets', routes, regulated('VPCNoUnrestrictedRouteToIGW'),
      privateSubnets
        ? `Only the public subnets route to the internet gateway: they hold the NAT gateways (or, with natGateways 0, nothing: a CloudFront VPC origin needs the gateway attached). ${whoIsThere}`
        : relaxationReason(profile, 'privateSubnets', 'the internet-facing load balancer and the public tasks sit in subnets routed to the internet gateway'));
  }
}

/** aws-cdk-lib's provider for Vpc.restrictDefaultSecurityGroup, a stack-level singleton. */
const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/** Distinct availability zones of a set of subnets (unresolved ones count as distinct). */
export function distinctAzs(subnets: ec2.ISubnet[]): number {
  const azs = new Set<string>();
  subnets.forEach((s, i) => azs.add(Token.isUnresolved(s.availabilityZone) ? `token-${i}` : s.availabilityZone));
  return azs.size;
}
