import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TaskEgress, TaskEgressProps } from '../../src/internal/task-egress';
import { isAnyAddress, securityGroupRules, testApp } from '../util';

function build(extra: Partial<TaskEgressProps>) {
  const s = new Stack(testApp(), 'E');
  const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const sg = new ec2.SecurityGroup(s, 'Tasks', { vpc, allowAllOutbound: false });
  const egress = new TaskEgress(s, 'Egress', {
    vpc,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    taskSecurityGroup: sg,
    interfaceEndpoints: true,
    s3GatewayEndpoint: true,
    ownsVpc: false,
    needs: { secrets: false, ecsExec: false },
    restrict: true,
    s3PrefixList: ec2.PrefixList.fromPrefixListId(s, 'S3', 'pl-63a5400a'),
    allowList: [],
    ...extra,
  });
  const t = Template.fromStack(s);
  const id = (construct: ec2.SecurityGroup | ec2.IVpc) => s.getLogicalId((construct.node.defaultChild as ec2.CfnSecurityGroup));
  return { s, egress, t, tasksId: id(sg), vpcId: id(vpc), endpointGroupId: egress.endpointSet ? id(egress.endpointSet.securityGroup) : undefined };
}

const HTTPS = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443 };

describe('TaskEgress', () => {
  test('restricted: the tasks may reach the endpoints and S3, on HTTPS, and nothing else', () => {
    const { t, egress, tasksId, endpointGroupId } = build({});
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    const rules = securityGroupRules(t).filter((r) => r.groupId === tasksId && r.direction === 'egress').map((r) => r.rule);
    expect(rules).toEqual([
      expect.objectContaining({ ...HTTPS, DestinationSecurityGroupId: { 'Fn::GetAtt': [endpointGroupId, 'GroupId'] } }),
      expect.objectContaining({ ...HTTPS, DestinationPrefixListId: 'pl-63a5400a' }),
    ]);
    expect(egress.egressRules).toHaveLength(2);
  });

  test('restricted: the endpoints admit the tasks\' security group only, on HTTPS: no address range, no other source', () => {
    const { t, tasksId, endpointGroupId } = build({});
    expect(endpointGroupId).toBeDefined();
    const ingress = securityGroupRules(t).filter((r) => r.groupId === endpointGroupId && r.direction === 'ingress').map((r) => r.rule);
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ ...HTTPS, SourceSecurityGroupId: { 'Fn::GetAtt': [tasksId, 'GroupId'] } });
    expect(ingress[0].CidrIp).toBeUndefined();
    expect(ingress[0].CidrIpv6).toBeUndefined();
    expect(ingress[0].SourcePrefixListId).toBeUndefined();
    // The endpoint group itself sends nothing (aws-cdk-lib's match-nothing placeholder only).
    const egress = securityGroupRules(t).filter((r) => r.groupId === endpointGroupId && r.direction === 'egress').map((r) => r.rule);
    expect(egress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
  });

  test('no rule anywhere reaches or admits every IPv4 or IPv6 address', () => {
    for (const restrict of [true, false]) {
      const { t } = build({ restrict });
      expect(securityGroupRules(t).filter((r) => isAnyAddress(r.rule))).toEqual([]);
    }
  });

  test('an existing VPC without new endpoints: HTTPS to the VPC CIDR reaches the ones it has', () => {
    const { t, tasksId, vpcId } = build({ interfaceEndpoints: false, s3GatewayEndpoint: false });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    const rules = securityGroupRules(t).filter((r) => r.groupId === tasksId && r.direction === 'egress').map((r) => r.rule);
    expect(rules).toEqual([
      expect.objectContaining({ ...HTTPS, CidrIp: { 'Fn::GetAtt': [vpcId, 'CidrBlock'] } }),
      expect.objectContaining({ ...HTTPS, DestinationPrefixListId: 'pl-63a5400a' }),
    ]);
  });

  test('an allow-list adds exactly its rules, after the AWS ones', () => {
    const { t, tasksId, egress } = build({
      allowList: [
        { peer: ec2.Peer.ipv4('10.20.0.0/16'), port: ec2.Port.tcp(5432), description: 'Orders database' },
        { peer: ec2.Peer.ipv6('2001:db8::/32'), port: ec2.Port.tcp(443) },
      ],
    });
    const rules = securityGroupRules(t).filter((r) => r.groupId === tasksId && r.direction === 'egress').map((r) => r.rule);
    expect(rules).toHaveLength(4);
    expect(rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ CidrIp: '10.20.0.0/16', IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, Description: 'Orders database' }),
      expect.objectContaining({ CidrIpv6: '2001:db8::/32', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]));
    expect(egress.egressRules).toHaveLength(4);
  });

  test('unrestricted: endpoints only, no rules', () => {
    const { t, egress, tasksId } = build({ restrict: false });
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    // The group keeps what it was made with (no outbound: aws-cdk-lib's match-nothing placeholder).
    expect(securityGroupRules(t).filter((r) => r.groupId === tasksId).map((r) => r.rule)).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' }),
    ]);
    expect(egress.egressRules).toEqual([]);
  });
});
