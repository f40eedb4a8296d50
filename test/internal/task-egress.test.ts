import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { TaskEgress, TaskEgressProps } from '../../src/internal/task-egress';
import { testApp } from '../util';

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
  return { s, egress, t: Template.fromStack(s) };
}

describe('TaskEgress', () => {
  test('restricted: HTTPS to the endpoints and to S3 only; endpoints admit the tasks only', () => {
    const { t, egress } = build({});
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 2);
    t.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { DestinationPrefixListId: 'pl-63a5400a', FromPort: 443, ToPort: 443 });
    expect(egress.egressRules).toHaveLength(2);
    const endpointSg = JSON.stringify(t.findResources('AWS::EC2::SecurityGroup'));
    expect(endpointSg).not.toContain('"CidrIp":"10.0.0.0/16"');
  });

  test('an existing VPC without new endpoints: HTTPS to the VPC CIDR reaches the ones it has', () => {
    const { t } = build({ interfaceEndpoints: false, s3GatewayEndpoint: false });
    t.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(JSON.stringify(t.toJSON())).toContain('HTTPS to the VPC endpoints already in the VPC');
  });

  test('unrestricted: endpoints only, no rules', () => {
    const { t, egress } = build({ restrict: false });
    t.resourceCountIs('AWS::EC2::SecurityGroupEgress', 0);
    expect(egress.egressRules).toEqual([]);
  });
});
