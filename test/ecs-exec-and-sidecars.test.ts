import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { HardenedDemoService, HardeningLevel } from '../src';
import { newStack, onlyResource, synth, warningTexts } from './util';

describe('ECS Exec on at PRODUCTION', () => {
  const s = synth({ hardeningLevel: HardeningLevel.PRODUCTION, overrides: { ecsExec: true } }, 'eu-west-1');

  test('restricted egress gets the SSM messages endpoint', () => {
    s.template.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.eu-west-1.ssmmessages', PrivateDnsEnabled: true });
  });

  test('the SSM agent gets writable volumes on the read-only root filesystem', () => {
    const [, td] = onlyResource(s.template, 'AWS::ECS::TaskDefinition');
    const web = td.Properties.ContainerDefinitions[0];
    expect(web.ReadonlyRootFilesystem).toBe(true);
    const paths = web.MountPoints.filter((m: any) => m.ReadOnly === false).map((m: any) => m.ContainerPath);
    expect(paths).toEqual(expect.arrayContaining(['/tmp', '/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm']));
  });

  test('sessions are encrypted with the logs key and logged to the service log group', () => {
    const keyId = s.stack.getLogicalId(s.service.logsKey!.node.defaultChild as any);
    const logGroupId = s.stack.getLogicalId(s.service.logGroup.node.defaultChild as any);
    s.template.hasResourceProperties('AWS::ECS::Cluster', {
      Configuration: {
        ExecuteCommandConfiguration: {
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          Logging: 'OVERRIDE',
          LogConfiguration: { CloudWatchEncryptionEnabled: true, CloudWatchLogGroupName: { Ref: logGroupId } },
        },
      },
    });
    s.template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
  });

  test('the report says what ECS Exec opens up', () => {
    const row = s.service.hardeningReport().controls.find((c) => c.id === 'ecsExec')!;
    expect(row.state).toBe('OFF');
    expect(row.reason).toBe('ECS Exec is on: anyone allowed ecs:ExecuteCommand gets a shell in running tasks.');
  });

  test('the warning says what ECS Exec opens up', () => {
    expect(warningTexts(s.annotations).some((w) => /ECS Exec is on \(set by overrides\.ecsExec\): anyone allowed ecs:ExecuteCommand/.test(w))).toBe(true);
  });
});

describe('a sidecar added to the task definition', () => {
  test('the web container reserves what the sidecar leaves, and keeps its hard limit', () => {
    const stack = newStack('eu-west-1');
    const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.PRODUCTION, memoryLimitMiB: 1024, cpu: 512 });
    service.taskDefinition.addContainer('log-router', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
      memoryLimitMiB: 256,
      essential: false,
    });
    const t = Template.fromStack(stack);
    const [, td] = onlyResource(t, 'AWS::ECS::TaskDefinition');
    const [web, sidecar] = td.Properties.ContainerDefinitions;
    expect(web).toEqual(expect.objectContaining({ Name: 'web', Memory: 1024, MemoryReservation: 768 }));
    expect(sidecar).toEqual(expect.objectContaining({ Name: 'log-router', Memory: 256 }));
    // What ECS checks: the containers' reservations fit the task.
    expect(web.MemoryReservation + sidecar.Memory).toBeLessThanOrEqual(Number(td.Properties.Memory));
  });

  test('without a sidecar the web container has the hard limit only', () => {
    const s = synth({ hardeningLevel: HardeningLevel.DEMO }, 'eu-west-1');
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ Memory: 512, MemoryReservation: Match.absent() })] });
  });

  test('a sidecar that leaves the web container too little fails at synth, naming the fix', () => {
    const stack = newStack('eu-west-1');
    const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.DEMO });
    service.taskDefinition.addContainer('agent', { image: ecs.ContainerImage.fromRegistry('agent'), memoryReservationMiB: 450 });
    expect(() => Template.fromStack(stack)).toThrow(
      "taskDefinition: the containers added beside 'web' reserve 450 MiB of the task's 512 MiB, leaving the web container less than 128 MiB. " +
        'Raise memoryLimitMiB (and cpu if Fargate needs it), or give the sidecar a smaller memoryReservationMiB.',
    );
  });
});
