import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';

/** One interface endpoint the tasks may need, and what they use it for. */
export interface EndpointSpec {
  readonly id: string;
  readonly service: ec2.InterfaceVpcEndpointAwsService;
  /** The service's short name, as the report lists it. */
  readonly name: string;
  readonly purpose: string;
  /** The API actions the tasks call through it: the endpoint policy allows only these. */
  readonly actions: string[];
}

/** What the tasks of one instance need from the VPC's endpoints. */
export interface EndpointNeeds {
  /** Secrets Manager and SSM Parameter Store (container secrets). */
  readonly secrets: boolean;
  /** SSM Session Manager messages (ECS Exec). */
  readonly ecsExec: boolean;
}

/**
 * The interface endpoints a task needs to start and log, plus those for secrets and ECS Exec.
 * A function, not a constant, so that loading this library does not load aws-cdk-lib's VPC
 * endpoint code.
 */
export function interfaceEndpointsFor(needs: EndpointNeeds): EndpointSpec[] {
  const svc = ec2.InterfaceVpcEndpointAwsService;
  const ecrPull = ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
  return [
    { id: 'EcrApiEndpoint', service: svc.ECR, name: 'ECR API', purpose: 'ECR API (image manifests, auth tokens)', actions: ecrPull },
    { id: 'EcrDockerEndpoint', service: svc.ECR_DOCKER, name: 'ECR registry', purpose: 'ECR registry (image pulls)', actions: ecrPull },
    {
      id: 'LogsEndpoint',
      service: svc.CLOUDWATCH_LOGS,
      name: 'CloudWatch Logs',
      purpose: 'CloudWatch Logs (container logs)',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
    },
    ...(needs.secrets
      ? [
        { id: 'SecretsManagerEndpoint', service: svc.SECRETS_MANAGER, name: 'Secrets Manager', purpose: 'Secrets Manager (container secrets)', actions: ['secretsmanager:GetSecretValue'] },
        { id: 'SsmEndpoint', service: svc.SSM, name: 'SSM', purpose: 'SSM Parameter Store (container secrets)', actions: ['ssm:GetParameters', 'ssm:GetParameter'] },
      ]
      : []),
    ...(needs.ecsExec
      ? [
        {
          id: 'SsmMessagesEndpoint',
          service: svc.SSM_MESSAGES,
          name: 'SSM messages',
          purpose: 'SSM Session Manager messages (ECS Exec)',
          actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        },
      ]
      : []),
  ];
}

/** The construct id of the endpoints of a VPC the construct did not create (a child of the VPC). */
export const SHARED_ENDPOINTS_ID = 'HardenedDemoServiceEndpoints';

/** The endpoint sets of one app: by VPC object, and by concrete VPC ID to find two imports of one VPC. */
interface AppEndpointRegistry {
  readonly byVpc: Map<ec2.IVpc, VpcEndpointSet>;
  readonly byVpcId: Map<string, VpcEndpointSet>;
}
const registries = new WeakMap<IConstruct, AppEndpointRegistry>();

function registryOf(scope: IConstruct): AppEndpointRegistry {
  const root = scope.node.root;
  let registry = registries.get(root);
  if (!registry) {
    registry = { byVpc: new Map(), byVpcId: new Map() };
    registries.set(root, registry);
  }
  return registry;
}

/**
 * The interface VPC endpoints of one VPC, with private DNS, behind one security group: created
 * once per VPC within the app and shared by every instance whose tasks run in it.
 *
 * A VPC holds one private-DNS endpoint per AWS service, so two instances that each created
 * their own would make the second deployment fail. Who owns them decides what a removal
 * deletes:
 * - a VPC the construct created belongs to one instance, and so do its endpoints (they stay
 *   where they always were, under that instance);
 * - any other VPC owns them itself: they are children of the VPC's construct, in the VPC's
 *   stack, so removing one service never deletes endpoints another still uses.
 *
 * Each instance adds only its own ingress rule (HTTPS from its task security group), in its own
 * stack, and endpoints for what only it needs (secrets, ECS Exec) are added once, on first use.
 * Every endpoint has a policy that allows only the actions tasks use, by principals of this
 * account.
 */
export class VpcEndpointSet {
  /**
   * The endpoint set of `vpc`, created on first use.
   * @param ownerScope where to create them when the VPC belongs to one instance (it created it)
   */
  public static of(vpc: ec2.IVpc, subnets: ec2.SubnetSelection, ownerScope?: Construct): VpcEndpointSet {
    const registry = registryOf(vpc);
    const existing = registry.byVpc.get(vpc);
    if (existing) {
      return existing;
    }
    const vpcId = Token.isUnresolved(vpc.vpcId) ? undefined : vpc.vpcId;
    const sameId = vpcId ? registry.byVpcId.get(vpcId) : undefined;
    if (sameId) {
      if (Stack.of(sameId.scope) === Stack.of(vpc)) {
        registry.byVpc.set(vpc, sameId);
        return sameId;
      }
      throw new Error(
        `vpc: ${vpcId} is imported separately in stacks ${Stack.of(sameId.scope).node.path} and ${Stack.of(vpc).node.path}, and HardenedDemoService would create its interface endpoints in both; ` +
          'a VPC holds one private-DNS endpoint per AWS service, so the second deployment would fail. ' +
          'Define or import the VPC once and pass that same object to every instance (the endpoints then live beside it, shared), or set createVpcEndpoints: false in all but one stack.',
      );
    }
    const set = new VpcEndpointSet(ownerScope ?? new Construct(vpc, SHARED_ENDPOINTS_ID), vpc, subnets, ownerScope !== undefined);
    registry.byVpc.set(vpc, set);
    if (vpcId) {
      registry.byVpcId.set(vpcId, set);
    }
    return set;
  }

  /** The security group of the endpoints: HTTPS from the task security groups admitted. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** Where the endpoints live. */
  public readonly scope: Construct;
  /** True when one instance owns them (it created the VPC); false when the VPC does. */
  public readonly ownedByInstance: boolean;
  private readonly endpoints = new Map<string, ec2.InterfaceVpcEndpoint>();

  private constructor(scope: Construct, private readonly vpc: ec2.IVpc, private readonly subnets: ec2.SubnetSelection, ownedByInstance: boolean) {
    this.scope = scope;
    this.ownedByInstance = ownedByInstance;
    this.securityGroup = new ec2.SecurityGroup(scope, 'EndpointSecurityGroup', {
      vpc,
      description: 'HardenedDemoService VPC endpoints: HTTPS from the tasks only',
      allowAllOutbound: false,
    });
  }

  /** Make sure the endpoints exist; return them in the order asked. */
  public require(specs: EndpointSpec[]): ec2.InterfaceVpcEndpoint[] {
    return specs.map((spec) => {
      let endpoint = this.endpoints.get(spec.id);
      if (!endpoint) {
        endpoint = new ec2.InterfaceVpcEndpoint(this.scope, spec.id, {
          vpc: this.vpc,
          service: spec.service,
          subnets: this.subnets,
          privateDnsEnabled: true,
          securityGroups: [this.securityGroup],
          open: false,
        });
        endpoint.addToPolicy(
          new iam.PolicyStatement({
            sid: 'TasksOfThisAccount',
            principals: [new iam.AnyPrincipal()],
            actions: spec.actions,
            resources: ['*'],
            conditions: { StringEquals: { 'aws:PrincipalAccount': Aws.ACCOUNT_ID } },
          }),
        );
        this.endpoints.set(spec.id, endpoint);
      }
      return endpoint;
    });
  }

  /**
   * Admit a task security group on HTTPS. The rule lives in the tasks' stack when that differs
   * from the endpoints' (a rule in the VPC's stack would make the stacks depend on each other).
   * @returns the construct holding the rule, for the service to wait for
   */
  public admit(tasks: ec2.SecurityGroup): IDependable {
    this.securityGroup.addIngressRule(tasks, ec2.Port.tcp(443), 'HTTPS from the tasks', true);
    return Stack.of(tasks) === Stack.of(this.securityGroup) ? this.securityGroup : tasks;
  }
}
