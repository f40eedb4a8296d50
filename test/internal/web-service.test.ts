import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HardeningLevel } from '../../src';
import { FargateWebService, FargateWebServiceProps } from '../../src/internal/web-service';
import { isAnyAddress, profileOf, securityGroupRules, testApp } from '../util';

function build(extra: Partial<FargateWebServiceProps> = {}) {
  const s = new Stack(testApp(), 'W');
  const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const web = new FargateWebService(s, 'Web', {
    vpc,
    subnets: { subnetType: ec2.SubnetType.PUBLIC },
    assignPublicIp: true,
    containerImage: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27'),
    containerPort: 8080,
    cpu: 512,
    memoryLimitMiB: 1024,
    desiredCount: 3,
    environment: { PORT: '8080' },
    profile: profileOf(HardeningLevel.DEMO),
    logRetention: RetentionDays.ONE_WEEK,
    ...extra,
  });
  return { s, web, t: Template.fromStack(s) };
}

describe('FargateWebService', () => {
  test('sizes, port, public IPs and Container Insights as given', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '512', Memory: '1024', RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' } });
    t.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3, NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) } });
    t.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('read-only root filesystem mounts a writable /tmp', () => {
    const { t } = build({ profile: profileOf(HardeningLevel.DEMO, { readOnlyRootFilesystem: true }) });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true, MountPoints: [{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'scratch' }] })],
    });
  });

  test('restricted egress leaves the security group without an allow-all rule', () => {
    const { t, s, web } = build({ profile: profileOf(HardeningLevel.DEMO, { restrictTaskEgress: true }) });
    const id = (s.resolve(web.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];
    const egress = securityGroupRules(t).filter((r) => r.groupId === id && r.direction === 'egress');
    expect(egress.filter((r) => isAnyAddress(r.rule) || r.rule.IpProtocol === '-1')).toEqual([]);
  });

  test('unrestricted egress: one allow-all IPv4 rule', () => {
    const { t, s, web } = build({ profile: profileOf(HardeningLevel.DEMO) });
    const id = (s.resolve(web.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];
    const egress = securityGroupRules(t).filter((r) => r.groupId === id && r.direction === 'egress').map((r) => r.rule);
    expect(egress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
  });

  test('auto scaling bounds', () => {
    const { t } = build({ autoScaling: { minCapacity: 2, maxCapacity: 6, requestsPerTarget: 100 } });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
  });
});
