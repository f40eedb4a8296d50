import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnSecurityGroup, CfnSecurityGroupEgress, CfnSecurityGroupIngress } from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import type { ServiceParts } from './service-parts';
import { SecurityGroupRuleSummary, SharedResource } from '../hardening-report';

/** What this instance shares with other instances, and who owns it. */
export function sharedResourcesOf(p: ServiceParts): SharedResource[] {
  const shared: SharedResource[] = [];
  const share = (r: IConstruct | undefined, sharedBy: string, owner: IConstruct, description: string) => {
    if (r) {
      shared.push({ resource: r.node.path, scope: sharedBy, owner: owner.node.path || Stack.of(owner).stackName, description });
    }
  };
  const endpointSet = p.egress.endpointSet;
  if (endpointSet) {
    const owner = endpointSet.ownedByInstance ? p.root : p.network.vpc;
    share(endpointSet.securityGroup, 'vpc', owner, 'Security group of the VPC endpoints (HTTPS from the task security group of every instance in the VPC)');
    p.egress.interfaceEndpoints.forEach((e) => share(e, 'vpc', owner, 'Interface VPC endpoint with private DNS: one per AWS service per VPC'));
  }
  p.logBuckets?.buckets.forEach((b) => share(b, 'stack', Stack.of(p.root), `Log bucket of the stack; this service writes under ${p.logPrefix}/`));
  share(p.webAcl?.deliveryPolicy, 'stack', Stack.of(p.root),
    'CloudWatch Logs resource policy letting WAF deliver to the aws-waf-logs-* log groups of the account and region (resource policies are account-level: 10 per region)');
  if (p.props.cluster) {
    share(p.props.cluster, 'cluster', p.props.cluster, 'The ECS cluster the team gave');
  }
  return shared;
}

/** The resource types the cost estimate reads. */
const COSTED_TYPES = new Set([
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPCEndpoint',
  'AWS::KMS::Key',
  'AWS::WAFv2::WebACL',
  'AWS::CloudFront::Distribution',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::EC2::EIP',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ApplicationAutoScaling::ScalableTarget',
]);

/** The costed resources of the subtree as a template (rendering only what the estimate reads). */
export function pseudoTemplate(root: IConstruct): { Resources: Record<string, any> } {
  const stack = Stack.of(root);
  const resources: Record<string, any> = {};
  for (const child of root.node.findAll()) {
    if (child instanceof CfnResource && COSTED_TYPES.has(child.cfnResourceType)) {
      const rendered = stack.resolve((child as any)._toCloudFormation()) as { Resources: Record<string, any> };
      Object.assign(resources, rendered.Resources);
    }
  }
  return { Resources: resources };
}

/** The rules of every security group of the subtree, in words. */
export function securityGroupRules(root: IConstruct, stack: Stack): SecurityGroupRuleSummary[] {
  const groups = new Map<string, string>();
  const all = root.node.findAll();
  for (const child of all) {
    if (child instanceof CfnSecurityGroup) {
      groups.set(stack.resolve(child.logicalId), child.node.scope!.node.path.slice(root.node.path.length + 1));
    }
  }
  const nameOf = (value: any): string => {
    const resolved = stack.resolve(value);
    const id = resolved?.['Fn::GetAtt']?.[0] ?? resolved?.Ref;
    return id && groups.has(id) ? groups.get(id)! : typeof resolved === 'string' ? resolved : 'a security group outside the service';
  };
  const text = (v: any): string => {
    if (typeof v === 'string') {
      return v;
    }
    const json = JSON.stringify(stack.resolve(v));
    return json.includes('CidrBlock') ? 'the VPC CIDR' : json;
  };
  const peerOf = (r: any): string =>
    (r.cidrIp !== undefined ? text(r.cidrIp) : undefined) ?? (r.cidrIpv6 !== undefined ? text(r.cidrIpv6) : undefined) ?? (r.sourcePrefixListId || r.destinationPrefixListId ? `prefix list ${describePrefixList(stack.resolve(r.sourcePrefixListId ?? r.destinationPrefixListId))}` : nameOf(r.sourceSecurityGroupId ?? r.destinationSecurityGroupId));
  const portsOf = (r: any): string =>
    r.ipProtocol === '-1' ? 'all traffic' : r.fromPort === r.toPort ? `${r.ipProtocol} ${r.fromPort}` : `${r.ipProtocol} ${r.fromPort}-${r.toPort}`;
  const rules: SecurityGroupRuleSummary[] = [];
  for (const child of all) {
    if (child instanceof CfnSecurityGroup) {
      const group = groups.get(stack.resolve(child.logicalId))!;
      for (const [direction, list] of [['ingress', child.securityGroupIngress], ['egress', child.securityGroupEgress]] as const) {
        for (const rule of (stack.resolve(list) as any[] | undefined) ?? []) {
          const r = lowerKeys(rule);
          if (r.cidrIp === '255.255.255.255/32') {
            rules.push({ securityGroup: group, direction, peer: 'nothing', ports: 'none', description: 'No egress (placeholder rule that matches no traffic)' });
            continue;
          }
          rules.push({ securityGroup: group, direction, peer: peerOf(r), ports: portsOf(r), description: r.description ?? '' });
        }
      }
    } else if (child instanceof CfnSecurityGroupIngress || child instanceof CfnSecurityGroupEgress) {
      const direction = child instanceof CfnSecurityGroupIngress ? 'ingress' : 'egress';
      const r = child as any;
      rules.push({ securityGroup: nameOf(r.groupId), direction, peer: peerOf(r), ports: portsOf(r), description: r.description ?? '' });
    }
  }
  return rules;
}

function describePrefixList(value: any): string {
  const text = JSON.stringify(value);
  if (text.includes('CloudFront') || text.includes('cloudfront')) {
    return '(CloudFront origin-facing)';
  }
  if (text.includes('S3PrefixList') || text.includes('.s3')) {
    return '(regional S3)';
  }
  return typeof value === 'string' ? value : '(resolved at deploy time)';
}

function lowerKeys(o: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
}
