import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { checkPlatform, PlatformControls } from '../../../src/internal/validation/platform';
import { testApp } from '../../util';

const PRODUCTION: PlatformControls = { alarms: true, containerInsights: true, ecsExec: false, retainData: true, mfaDeleteAlternative: true };
const DEMO: PlatformControls = { alarms: false, containerInsights: false, ecsExec: false, retainData: false, mfaDeleteAlternative: false };

const INSIGHTS_OFF = {
  id: 'ClusterContainerInsights',
  message: 'cluster: Container Insights is off on the given cluster, so this service has no container-level metrics. Turn it on for the cluster (containerInsightsV2: ContainerInsights.ENABLED).',
};
const INSIGHTS_UNKNOWN = {
  id: 'ClusterContainerInsights',
  message: 'cluster: the construct cannot tell whether Container Insights is on for the given (imported) cluster; the hardening report says "unknown". Make sure the cluster has it on.',
};
const EXEC_BY_CLUSTER = {
  id: 'ClusterExecuteCommandConfiguration',
  message: 'cluster: ECS Exec sessions are logged and encrypted as the given cluster\'s execute-command configuration says, not by this construct. Give the cluster a KMS key and session logging.',
};

function newStack(): Stack {
  return new Stack(testApp(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('alarmTopic', () => {
  test('accepted with alarms on', () => {
    expect(checkPlatform({ alarmTopic: new sns.Topic(newStack(), 'T') }, PRODUCTION)).toEqual({ errors: [], warnings: [] });
  });
  test('refused with alarms off: nothing would notify it', () => {
    expect(checkPlatform({ alarmTopic: new sns.Topic(newStack(), 'T') }, DEMO).errors).toEqual([
      'alarmTopic: there are no alarms to notify (alarms are off). Remove alarmTopic, or set overrides.alarms to true.',
    ]);
  });
});

describe('a cluster the team gives', () => {
  test('in the given VPC with Container Insights on: accepted, no warning', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = new ecs.Cluster(stack, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    expect(checkPlatform({ cluster, vpc }, PRODUCTION)).toEqual({ errors: [], warnings: [] });
  });

  test('without vpc: refused, since the construct would create a second VPC', () => {
    const stack = newStack();
    const cluster = new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'Vpc'), containerInsightsV2: ecs.ContainerInsights.ENABLED });
    expect(checkPlatform({ cluster }, PRODUCTION).errors).toEqual([
      "cluster: the cluster runs in its own VPC, and without vpc the construct would create another one for the tasks and the load balancer. Give vpc: the cluster's VPC (cluster.vpc), or remove cluster.",
    ]);
  });

  test('in another VPC than vpc: refused', () => {
    const stack = newStack();
    const cluster = new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'Theirs'), containerInsightsV2: ecs.ContainerInsights.ENABLED });
    expect(checkPlatform({ cluster, vpc: new ec2.Vpc(stack, 'Mine') }, PRODUCTION).errors).toEqual([
      'cluster: the cluster is in another VPC than vpc; its tasks would run where the load balancer cannot reach them. Give the cluster of vpc, or the vpc of the cluster (cluster.vpc).',
    ]);
  });

  test('the same VPC imported twice by ID counts as the same VPC', () => {
    const stack = newStack();
    const attrs = { vpcId: 'vpc-1234', availabilityZones: ['us-east-1a', 'us-east-1b'], privateSubnetIds: ['subnet-a', 'subnet-b'] };
    const cluster = new ecs.Cluster(stack, 'C', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'A', attrs), containerInsightsV2: ecs.ContainerInsights.ENABLED });
    expect(checkPlatform({ cluster, vpc: ec2.Vpc.fromVpcAttributes(stack, 'B', attrs) }, PRODUCTION).errors).toEqual([]);
  });

  test('Container Insights off on the cluster, where the level wants it: a warning', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(checkPlatform({ cluster: new ecs.Cluster(stack, 'C', { vpc }), vpc }, PRODUCTION)).toEqual({ errors: [], warnings: [INSIGHTS_OFF] });
  });

  test('an imported cluster: Container Insights unknown, a warning; none where the level does not want it', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'shared', vpc, securityGroups: [] });
    expect(checkPlatform({ cluster, vpc }, PRODUCTION)).toEqual({ errors: [], warnings: [INSIGHTS_UNKNOWN] });
    expect(checkPlatform({ cluster, vpc }, DEMO)).toEqual({ errors: [], warnings: [] });
  });

  test('ECS Exec on: a warning that the cluster, not the construct, logs and encrypts sessions', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = new ecs.Cluster(stack, 'C', { vpc });
    expect(checkPlatform({ cluster, vpc }, { ...DEMO, ecsExec: true })).toEqual({ errors: [], warnings: [EXEC_BY_CLUSTER] });
    expect(checkPlatform({ cluster, vpc }, { ...PRODUCTION, ecsExec: true }).warnings).toEqual([INSIGHTS_OFF, EXEC_BY_CLUSTER]);
  });
});

describe('what a stack deletion can undo', () => {
  test('buckets deleted with the stack yet guarded against version deletion: refused, naming both controls', () => {
    expect(checkPlatform({}, { ...PRODUCTION, retainData: false }).errors).toEqual([
      'overrides.retainData: false deletes the buckets with the stack, but mfaDeleteAlternative denies every principal the permanent deletion of object versions, ' +
        'so a bucket that ever held an object could not be emptied and the stack deletion would fail. Set retainData to true, or mfaDeleteAlternative to false.',
    ]);
  });
  test.each([
    ['retained and guarded (PRODUCTION)', PRODUCTION],
    ['deleted and unguarded (DEMO)', DEMO],
    ['retained and unguarded', { ...DEMO, retainData: true }],
  ])('%s: accepted', (_name, controls) => {
    expect(checkPlatform({}, controls)).toEqual({ errors: [], warnings: [] });
  });
});
