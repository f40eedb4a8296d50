import { Aws } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { EndpointNeeds, interfaceEndpointsFor, VpcEndpointSet } from './vpc-endpoints';
import { TaskEgressRule } from '../props';

export interface TaskEgressProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly taskSecurityGroup: ec2.SecurityGroup;
  /**
   * Use interface endpoints (ECR, Logs, and secrets and ECS Exec services when needed), shared by
   * every instance in the VPC; none when the VPC already has its own.
   */
  readonly interfaceEndpoints: boolean;
  /** This instance created the VPC, so it owns the endpoints (they live here); the VPC owns them otherwise. */
  readonly ownsVpc: boolean;
  /** Create the S3 gateway endpoint (only in a VPC this instance created). */
  readonly s3GatewayEndpoint: boolean;
  readonly needs: EndpointNeeds;
  /** Restrict task egress: add the rules below instead of allowing all outbound. */
  readonly restrict: boolean;
  /** The regional S3 prefix list, for egress through the gateway endpoint. */
  readonly s3PrefixList?: ec2.IPrefixList;
  readonly allowList: TaskEgressRule[];
}

/**
 * The tasks' way out: VPC endpoints for the AWS services a task needs, and, with egress
 * restricted, security-group egress rules to exactly those endpoints, the S3 prefix list
 * and the caller's allow-list.
 *
 * DNS keeps working: queries to the VPC's Route 53 Resolver are not subject to security
 * group rules.
 */
export class TaskEgress extends Construct {
  /** The interface endpoints this instance's tasks use (possibly shared with other instances). */
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[] = [];
  /** The shared endpoint set, when the tasks use interface endpoints. */
  public readonly endpointSet?: VpcEndpointSet;
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;
  /** A description of each egress rule added, for the report. */
  public readonly egressRules: string[] = [];
  /** What the tasks need in place before they start: endpoints and the rules to reach them. */
  public readonly startDependencies: IDependable[] = [];

  constructor(scope: Construct, id: string, props: TaskEgressProps) {
    super(scope, id);
    const tasks = props.taskSecurityGroup;
    const specs = interfaceEndpointsFor(props.needs);

    if (props.interfaceEndpoints) {
      this.endpointSet = VpcEndpointSet.of(props.vpc, props.subnets, props.ownsVpc ? this : undefined);
      this.interfaceEndpoints.push(...this.endpointSet.require(specs));
      this.startDependencies.push(...this.interfaceEndpoints, this.endpointSet.admit(tasks));
    }
    if (props.s3GatewayEndpoint) {
      this.s3Endpoint = new ec2.GatewayVpcEndpoint(this, 'S3Endpoint', {
        vpc: props.vpc,
        service: ec2.GatewayVpcEndpointAwsService.S3,
        subnets: [props.subnets],
      });
      // Through this endpoint, only buckets of this account, and the bucket ECR serves image
      // layers from: never another account's bucket (an exfiltration path).
      this.s3Endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'BucketsOfThisAccount',
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:ResourceAccount': Aws.ACCOUNT_ID } },
        }),
      );
      this.s3Endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: 'EcrImageLayers',
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:GetObject'],
          resources: [`arn:${Aws.PARTITION}:s3:::prod-${Aws.REGION}-starport-layer-bucket/*`],
        }),
      );
      this.startDependencies.push(this.s3Endpoint);
    }

    if (!props.restrict) {
      return;
    }
    if (this.endpointSet) {
      tasks.connections.allowTo(this.endpointSet.securityGroup, ec2.Port.tcp(443), 'HTTPS to the VPC endpoints (ECR, CloudWatch Logs)');
      this.egressRules.push(`HTTPS (443) to the VPC endpoints security group (${specs.map((s) => s.name).join(', ')})`);
    } else {
      // Endpoints that already exist in the VPC live inside its CIDR.
      tasks.addEgressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to the VPC endpoints already in the VPC');
      this.egressRules.push('HTTPS (443) to the VPC CIDR (existing VPC endpoints)');
    }
    if (props.s3PrefixList) {
      tasks.addEgressRule(ec2.Peer.prefixList(props.s3PrefixList.prefixListId), ec2.Port.tcp(443), 'HTTPS to S3 (image layers, data bucket) through the gateway endpoint');
      this.egressRules.push('HTTPS (443) to the regional S3 prefix list (image layers, the data bucket)');
    }
    props.allowList.forEach((rule, i) => {
      const description = rule.description ?? `Allow-list entry ${i + 1}: ${rule.peer.uniqueId} ${rule.port.toString()}`;
      tasks.addEgressRule(rule.peer, rule.port, description);
      this.egressRules.push(`${rule.port.toString()} to ${rule.peer.uniqueId} (${description})`);
    });
    // The egress rules (children of the task security group; the service already references the
    // group itself).
    this.startDependencies.push(...tasks.node.children.filter((c) => c instanceof ec2.CfnSecurityGroupEgress));
  }
}
