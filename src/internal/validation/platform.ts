import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CheckResult, ControlValues } from './result';
import { PostureNotice } from '../posture-notices';
import { containerInsightsOf } from '../web-service';

/** What the team brings from its platform, as given (each may be absent). */
export interface PlatformInputs {
  readonly alarmTopic?: sns.ITopic;
  readonly cluster?: ecs.ICluster;
  readonly vpc?: ec2.IVpc;
}

/** The controls the platform pieces and the data retention touch. */
export type PlatformControls = Pick<ControlValues, 'alarms' | 'containerInsights' | 'ecsExec' | 'retainData' | 'mfaDeleteAlternative'>;

/**
 * Shared platform pieces and what a stack deletion can undo: an alarm topic only with alarms;
 * a given cluster in the given VPC, with warnings for what the cluster (not this construct)
 * decides; buckets not both deleted with the stack and guarded against version deletion.
 */
export function checkPlatform(given: PlatformInputs, controls: PlatformControls): CheckResult {
  const errors: string[] = [];
  const warnings: PostureNotice[] = [];
  if (given.alarmTopic && !controls.alarms) {
    errors.push('alarmTopic: there are no alarms to notify (alarms are off). Remove alarmTopic, or set overrides.alarms to true.');
  }
  if (given.cluster) {
    const cluster = checkSharedCluster(given.cluster, given.vpc, controls);
    errors.push(...cluster.errors);
    warnings.push(...cluster.warnings);
  }
  if (!controls.retainData && controls.mfaDeleteAlternative) {
    errors.push(
      'overrides.retainData: false deletes the buckets with the stack, but mfaDeleteAlternative denies every principal the permanent deletion of object versions, so a bucket that ever held an object could not be emptied and the stack deletion would fail. Set retainData to true, or mfaDeleteAlternative to false.',
    );
  }
  return { errors, warnings };
}

/**
 * A cluster the team gives must be in `vpc` (given too); Container Insights and ECS Exec
 * logging are the cluster's to set, so the construct warns when it cannot vouch for them.
 */
function checkSharedCluster(cluster: ecs.ICluster, vpc: ec2.IVpc | undefined, controls: PlatformControls): CheckResult {
  const errors: string[] = [];
  const warnings: PostureNotice[] = [];
  if (!vpc) {
    errors.push(
      'cluster: the cluster runs in its own VPC, and without vpc the construct would create another one for the tasks and the load balancer. Give vpc: the cluster\'s VPC (cluster.vpc), or remove cluster.',
    );
  } else if (!sameVpc(cluster.vpc, vpc)) {
    errors.push('cluster: the cluster is in another VPC than vpc; its tasks would run where the load balancer cannot reach them. Give the cluster of vpc, or the vpc of the cluster (cluster.vpc).');
  }
  const insights = containerInsightsOf(cluster);
  if (controls.containerInsights && insights !== true) {
    warnings.push({
      id: 'ClusterContainerInsights',
      message: insights === false
        ? 'cluster: Container Insights is off on the given cluster, so this service has no container-level metrics. Turn it on for the cluster (containerInsightsV2: ContainerInsights.ENABLED).'
        : 'cluster: the construct cannot tell whether Container Insights is on for the given (imported) cluster; the hardening report says "unknown". Make sure the cluster has it on.',
    });
  }
  if (controls.ecsExec) {
    warnings.push({
      id: 'ClusterExecuteCommandConfiguration',
      message: 'cluster: ECS Exec sessions are logged and encrypted as the given cluster\'s execute-command configuration says, not by this construct. Give the cluster a KMS key and session logging.',
    });
  }
  return { errors, warnings };
}

function sameVpc(a: ec2.IVpc, b: ec2.IVpc): boolean {
  return a === b || (!Token.isUnresolved(a.vpcId) && !Token.isUnresolved(b.vpcId) && a.vpcId === b.vpcId);
}
