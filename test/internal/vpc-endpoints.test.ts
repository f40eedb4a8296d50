import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { interfaceEndpointsFor, SHARED_ENDPOINTS_ID, VpcEndpointSet } from '../../src/internal/vpc-endpoints';
import { testApp } from '../util';

const SUBNETS = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

describe('VpcEndpointSet', () => {
  test('one set per VPC: a second request reuses it and adds only the endpoints it lacks', () => {
    const s = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const a = VpcEndpointSet.of(vpc, SUBNETS);
    a.require(interfaceEndpointsFor({ secrets: false, ecsExec: false }));
    const b = VpcEndpointSet.of(vpc, SUBNETS);
    expect(b).toBe(a);
    b.require(interfaceEndpointsFor({ secrets: true, ecsExec: true }));
    const t = Template.fromStack(s);
    // ECR API, ECR registry, Logs, Secrets Manager, SSM, SSM messages: each once.
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 6);
    expect(a.scope.node.path).toBe(`S/Vpc/${SHARED_ENDPOINTS_ID}`);
    expect(a.ownedByInstance).toBe(false);
  });

  test('every endpoint allows only the tasks\' actions, by principals of this account', () => {
    const s = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    VpcEndpointSet.of(vpc, SUBNETS).require(interfaceEndpointsFor({ secrets: false, ecsExec: true }));
    const t = Template.fromStack(s);
    for (const endpoint of Object.values<any>(t.findResources('AWS::EC2::VPCEndpoint'))) {
      const [statement] = endpoint.Properties.PolicyDocument.Statement;
      expect(statement.Effect).toBe('Allow');
      expect(statement.Condition).toEqual({ StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } });
      expect(statement.Action).not.toContain('*');
    }
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ssmmessages']] },
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['ssmmessages:CreateControlChannel', 'ssmmessages:OpenDataChannel']) })] },
    });
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ecr.dkr']] },
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'] })] },
    });
  });

  test('admit: the rule lives beside the endpoints in one stack, with the tasks in another', () => {
    const app = testApp();
    const env = { account: '123456789012', region: 'eu-west-1' };
    const net = new Stack(app, 'Net', { env });
    const vpc = new ec2.Vpc(net, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const set = VpcEndpointSet.of(vpc, SUBNETS);
    const sameStackTasks = new ec2.SecurityGroup(net, 'Local', { vpc });
    expect(set.admit(sameStackTasks)).toBe(set.securityGroup);
    const svc = new Stack(app, 'Svc', { env });
    const remoteTasks = new ec2.SecurityGroup(svc, 'Tasks', { vpc });
    expect(set.admit(remoteTasks)).toBe(remoteTasks);
    Template.fromStack(svc).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 443, ToPort: 443, GroupId: { 'Fn::ImportValue': Match.anyValue() } });
    Template.fromStack(net).resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
  });

  test('a VPC owned by one instance keeps the endpoints where that instance puts them', () => {
    const s = new Stack(testApp(), 'S');
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const owner = new ec2.SecurityGroup(s, 'Owner', { vpc }).node.scope as Stack;
    const set = VpcEndpointSet.of(vpc, SUBNETS, owner);
    expect(set.ownedByInstance).toBe(true);
    expect(set.securityGroup.node.path).toBe('S/EndpointSecurityGroup');
  });
});
