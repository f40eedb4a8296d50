import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { TaskEgressRule } from '../props';

type EndpointSpec = { id: string; service: ec2.InterfaceVpcEndpointAwsService; purpose: string };

/**
 * The interface endpoints a task needs to start and log, plus those for secrets. A function,
 * not a constant, so that loading this library does not load aws-cdk-lib's VPC endpoint code.
 */
export function interfaceEndpointsFor(secrets: boolean): EndpointSpec[] {
  const svc = ec2.InterfaceVpcEndpointAwsService;
  return [
    { id: 'EcrApiEndpoint', service: svc.ECR, purpose: 'ECR API (image manifests, auth tokens)' },
    { id: 'EcrDockerEndpoint', service: svc.ECR_DOCKER, purpose: 'ECR registry (image pulls)' },
    { id: 'LogsEndpoint', service: svc.CLOUDWATCH_LOGS, purpose: 'CloudWatch Logs (container logs)' },
    ...(secrets
      ? [
        { id: 'SecretsManagerEndpoint', service: svc.SECRETS_MANAGER, purpose: 'Secrets Manager (container secrets)' },
        { id: 'SsmEndpoint', service: svc.SSM, purpose: 'SSM Parameter Store (container secrets)' },
      ]
      : []),
  ];
}

export interface TaskEgressProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly taskSecurityGroup: ec2.SecurityGroup;
  /** Create interface endpoints (ECR, Logs, and secrets services when needed). */
  readonly interfaceEndpoints: boolean;
  /** Create the S3 gateway endpoint. */
  readonly s3GatewayEndpoint: boolean;
  readonly secrets: boolean;
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
  public readonly endpointSecurityGroup?: ec2.SecurityGroup;
  public readonly interfaceEndpoints: ec2.InterfaceVpcEndpoint[] = [];
  public readonly s3Endpoint?: ec2.GatewayVpcEndpoint;
  /** A description of each egress rule added, for the report. */
  public readonly egressRules: string[] = [];

  constructor(scope: Construct, id: string, props: TaskEgressProps) {
    super(scope, id);
    const tasks = props.taskSecurityGroup;

    if (props.interfaceEndpoints) {
      this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
        vpc: props.vpc,
        description: 'HardenedDemoService VPC endpoints: HTTPS from the tasks only',
        allowAllOutbound: false,
      });
      const wanted = interfaceEndpointsFor(props.secrets);
      for (const endpoint of wanted) {
        this.interfaceEndpoints.push(
          new ec2.InterfaceVpcEndpoint(this, endpoint.id, {
            vpc: props.vpc,
            service: endpoint.service,
            subnets: props.subnets,
            privateDnsEnabled: true,
            securityGroups: [this.endpointSecurityGroup],
            open: false,
          }),
        );
      }
      this.endpointSecurityGroup.addIngressRule(tasks, ec2.Port.tcp(443), 'HTTPS from the tasks');
    }
    if (props.s3GatewayEndpoint) {
      this.s3Endpoint = new ec2.GatewayVpcEndpoint(this, 'S3Endpoint', {
        vpc: props.vpc,
        service: ec2.GatewayVpcEndpointAwsService.S3,
        subnets: [props.subnets],
      });
    }

    if (!props.restrict) {
      return;
    }
    if (this.endpointSecurityGroup) {
      tasks.connections.allowTo(this.endpointSecurityGroup, ec2.Port.tcp(443), 'HTTPS to the VPC endpoints (ECR, CloudWatch Logs)');
      this.egressRules.push('HTTPS (443) to the VPC endpoints security group (ECR API, ECR registry, CloudWatch Logs' + (props.secrets ? ', Secrets Manager, SSM' : '') + ')');
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
  }
}
