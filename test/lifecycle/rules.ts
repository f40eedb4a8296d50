/**
 * Lifecycle rules over one synthesized template: what CloudFormation does on create, on a
 * rolled-back create and on stack deletion. Each rule returns a list of problems (readable
 * sentences); an empty list means it holds.
 */
import { fixedNames } from './checks';
import { CfnTemplate, idsOfType, referencedResources, resourcesOfTemplate, transitiveDependencies } from './template-graph';

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * a resource with a fixed name that is retained uses `RetainExceptOnCreate`
 * (aws-cdk-lib `RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE`), so a rolled-back first create
 * does not leave it behind to block the next create.
 */
export function namedRetainedUseRetainExceptOnCreate(template: CfnTemplate): string[] {
  return Object.entries(resourcesOfTemplate(template))
    .filter(([, r]) => r.DeletionPolicy === 'Retain')
    .map(([id, r]) => [id, r, fixedNames(r, template)] as const)
    .filter(([, , names]) => Object.keys(names).length > 0)
    .map(
      ([id, r, names]) =>
        `${id} (${r.Type}) has the fixed ${Object.entries(names).map(([p, v]) => `${p} ${show(v)}`).join(', ')} and DeletionPolicy Retain, not RetainExceptOnCreate`,
    );
}

/** Whether a security group allows all outbound traffic in its own SecurityGroupEgress. */
function allowsAllOutbound(sg: any): boolean {
  const egress: any[] = sg?.Properties?.SecurityGroupEgress ?? [];
  return egress.some((e) => String(e.IpProtocol) === '-1' && (e.CidrIp === '0.0.0.0/0' || e.CidrIpv6 === '::/0'));
}

/** The security groups of an ECS service's tasks. */
function taskSecurityGroups(template: CfnTemplate, serviceId: string): string[] {
  const svc = resourcesOfTemplate(template)[serviceId];
  return referencedResources(svc.Properties?.NetworkConfiguration?.AwsvpcConfiguration?.SecurityGroups, template);
}

/**
 * with restricted egress, a task can pull its image and write its logs only through
 * the VPC endpoints, the endpoint security group's ingress rule and the task security group's
 * egress rules. CloudFormation orders by references and DependsOn only, so the service must
 * depend on each of them (directly or transitively), or its first tasks start before the path
 * exists and the circuit breaker rolls the deployment back.
 */
export function serviceWaitsForEgressPath(template: CfnTemplate): string[] {
  const problems: string[] = [];
  const resources = resourcesOfTemplate(template);
  const endpoints = idsOfType(template, 'AWS::EC2::VPCEndpoint');
  const endpointGroups = new Set(endpoints.flatMap((e) => referencedResources(resources[e].Properties?.SecurityGroupIds, template)));
  for (const service of idsOfType(template, 'AWS::ECS::Service')) {
    const groups = taskSecurityGroups(template, service);
    if (groups.length === 0 || groups.some((g) => allowsAllOutbound(resources[g]))) continue;
    const needed = [
      ...endpoints,
      ...idsOfType(template, 'AWS::EC2::SecurityGroupIngress').filter((i) => referencedResources(resources[i].Properties?.GroupId, template).some((g) => endpointGroups.has(g))),
      ...idsOfType(template, 'AWS::EC2::SecurityGroupEgress').filter((e) => referencedResources(resources[e].Properties?.GroupId, template).some((g) => groups.includes(g))),
    ];
    const deps = transitiveDependencies(template, service);
    for (const n of needed.filter((x) => !deps.has(x))) {
      problems.push(`${service} (AWS::ECS::Service) has restricted egress but does not depend on ${n} (${resources[n].Type}): its tasks can start before that path exists`);
    }
  }
  return problems;
}

/**
 * a service that auto scaling manages carries no DesiredCount in the template, or
 * every deployment resets the task count to it.
 */
export function noDesiredCountWithAutoScaling(template: CfnTemplate): string[] {
  const resources = resourcesOfTemplate(template);
  const scaled = new Set(
    idsOfType(template, 'AWS::ApplicationAutoScaling::ScalableTarget')
      .filter((t) => resources[t].Properties?.ServiceNamespace === 'ecs')
      .flatMap((t) => referencedResources(resources[t].Properties?.ResourceId, template)),
  );
  return idsOfType(template, 'AWS::ECS::Service')
    .filter((s) => scaled.has(s) && resources[s].Properties?.DesiredCount !== undefined)
    .map((s) => `${s} (AWS::ECS::Service) has DesiredCount ${show(resources[s].Properties!.DesiredCount)} while auto scaling manages it: every deployment resets the task count`);
}

/** every VPC endpoint carries a policy scoped to what the service uses. */
export function endpointsHavePolicies(template: CfnTemplate): string[] {
  const resources = resourcesOfTemplate(template);
  return idsOfType(template, 'AWS::EC2::VPCEndpoint')
    .filter((e) => resources[e].Properties?.PolicyDocument === undefined)
    .map((e) => `${e} (AWS::EC2::VPCEndpoint ${show(resources[e].Properties?.ServiceName)}) has no PolicyDocument: it lets tasks reach any resource of any account`);
}

/**
 * Confused deputy: every IAM role that a service principal assumes (ecs-tasks,
 * vpc-flow-logs, lambda, ...) is scoped with `aws:SourceAccount` or `aws:SourceArn`.
 *
 * `exempt` lists service principals to skip. Empty by default: whether a service passes the
 * source context when it assumes a role is documented per service, not in one list, so an
 * exemption must be argued where it is made (in the test that passes it).
 */
export function serviceRolesScopedToSource(template: CfnTemplate, exempt: readonly string[] = []): string[] {
  const problems: string[] = [];
  const resources = resourcesOfTemplate(template);
  for (const id of idsOfType(template, 'AWS::IAM::Role')) {
    const statements: any[] = [resources[id].Properties?.AssumeRolePolicyDocument?.Statement ?? []].flat();
    for (const st of statements) {
      if (st.Effect !== 'Allow') continue;
      const services = [st.Principal?.Service ?? []].flat().map(String);
      const scoped = services.filter((s) => !exempt.includes(s));
      if (scoped.length === 0) continue;
      const keys = Object.values(st.Condition ?? {}).flatMap((c: any) => Object.keys(c ?? {}).map((k) => k.toLowerCase()));
      if (!keys.includes('aws:sourceaccount') && !keys.includes('aws:sourcearn')) {
        problems.push(`${id} (AWS::IAM::Role) trusts ${scoped.join(', ')} without an aws:SourceAccount or aws:SourceArn condition`);
      }
    }
  }
  return problems;
}

/**
 * A CloudFront VPC origin can only be created once the VPC has an internet gateway attached;
 * an internal load balancer in private subnets does not wait for the attachment by itself, so
 * the origin depends on it (directly or transitively) when the VPC is in the template.
 */
export function vpcOriginWaitsForGateway(template: CfnTemplate): string[] {
  const attachments = idsOfType(template, 'AWS::EC2::VPCGatewayAttachment');
  if (attachments.length === 0) return [];
  const problems: string[] = [];
  for (const origin of idsOfType(template, 'AWS::CloudFront::VpcOrigin')) {
    const deps = transitiveDependencies(template, origin);
    for (const a of attachments.filter((x) => !deps.has(x))) {
      problems.push(`${origin} (AWS::CloudFront::VpcOrigin) does not depend on ${a} (AWS::EC2::VPCGatewayAttachment): it can be created before the VPC has an internet gateway`);
    }
  }
  return problems;
}

/**
 * Stack deletion: a bucket that is deleted with the stack (DeletionPolicy Delete, the default)
 * must be emptied first (a Custom::S3AutoDeleteObjects resource for it); otherwise the delete
 * fails as soon as it holds an object.
 */
export function deletedBucketsAreEmptied(template: CfnTemplate): string[] {
  const resources = resourcesOfTemplate(template);
  const emptied = new Set(idsOfType(template, 'Custom::S3AutoDeleteObjects').flatMap((c) => referencedResources(resources[c].Properties?.BucketName, template)));
  return idsOfType(template, 'AWS::S3::Bucket')
    .filter((b) => (resources[b].DeletionPolicy ?? 'Delete') === 'Delete' && !emptied.has(b))
    .map((b) => `${b} (AWS::S3::Bucket) is deleted with the stack but nothing empties it: the stack delete fails once it holds objects`);
}

/**
 * Stack deletion facts: load balancers with deletion protection on. Not a failure (it is what
 * PRODUCTION asks for), but a stack delete stops on them until protection is turned off.
 */
export function deletionBlockers(template: CfnTemplate): string[] {
  const resources = resourcesOfTemplate(template);
  return idsOfType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
    .filter((lb) =>
      (resources[lb].Properties?.LoadBalancerAttributes ?? []).some((a: any) => a.Key === 'deletion_protection.enabled' && String(a.Value) === 'true'),
    )
    .map((lb) => `${lb} (AWS::ElasticLoadBalancingV2::LoadBalancer) has deletion_protection.enabled=true: a stack delete fails until it is turned off`);
}

/** Every lifecycle rule (deletion blockers excluded: they are facts, not failures). */
export const LIFECYCLE_RULES: Readonly<Record<string, (t: CfnTemplate) => string[]>> = {
  'named retained resources use RetainExceptOnCreate': namedRetainedUseRetainExceptOnCreate,
  'the service waits for the endpoints and egress rules its tasks need': serviceWaitsForEgressPath,
  'no DesiredCount on an auto-scaled service': noDesiredCountWithAutoScaling,
  'every VPC endpoint has a policy': endpointsHavePolicies,
  // Lambda assumes an execution role only for a function created in the account with
  // iam:PassRole, and AWS documents no source condition for it; the only Lambda roles here are
  // aws-cdk-lib's deploy-time providers.
  'every service role is scoped to its source': (t) => serviceRolesScopedToSource(t, ['lambda.amazonaws.com']),
  'the VPC origin waits for the internet gateway attachment': vpcOriginWaitsForGateway,
  'every bucket deleted with the stack is emptied first': deletedBucketsAreEmptied,
};
