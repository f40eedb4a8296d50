import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardeningProfile } from './profile';
import { containerInsightsOf } from './web-service';
import { HardenedDemoServiceProps } from '../props';

/** What a check found: errors stop synthesis, warnings do not. */
export interface CheckResult {
  readonly errors: string[];
  readonly warnings: Array<{ id: string; message: string }>;
}

function sameVpc(a: ec2.IVpc, b: ec2.IVpc): boolean {
  return a === b || (!Token.isUnresolved(a.vpcId) && !Token.isUnresolved(b.vpcId) && a.vpcId === b.vpcId);
}

/**
 * Shared platform pieces: a cluster the team gives, the task count under auto scaling, ECS Exec,
 * and what a stack deletion can undo.
 */
export function checkPlatformInputs(props: HardenedDemoServiceProps, profile: HardeningProfile): CheckResult {
  const errors: string[] = [];
  const warnings: Array<{ id: string; message: string }> = [];
  const c = profile.controls;

  if (props.cluster) {
    if (!props.vpc) {
      errors.push(
        'cluster: the cluster runs in its own VPC, and without vpc the construct would create another one for the tasks and the load balancer. Give vpc: the cluster\'s VPC (cluster.vpc), or remove cluster.',
      );
    } else if (!sameVpc(props.cluster.vpc, props.vpc)) {
      errors.push('cluster: the cluster is in another VPC than vpc; its tasks would run where the load balancer cannot reach them. Give the cluster of vpc, or the vpc of the cluster (cluster.vpc).');
    }
    const insights = containerInsightsOf(props.cluster);
    if (c.containerInsights && insights !== true) {
      warnings.push({
        id: 'ClusterContainerInsights',
        message: insights === false
          ? 'cluster: Container Insights is off on the given cluster, so this service has no container-level metrics. Turn it on for the cluster (containerInsightsV2: ContainerInsights.ENABLED).'
          : 'cluster: the construct cannot tell whether Container Insights is on for the given (imported) cluster; the hardening report says "unknown". Make sure the cluster has it on.',
      });
    }
    if (c.ecsExec) {
      warnings.push({
        id: 'ClusterExecuteCommandConfiguration',
        message: 'cluster: ECS Exec sessions are logged and encrypted as the given cluster\'s execute-command configuration says, not by this construct. Give the cluster a KMS key and session logging.',
      });
    }
  }

  if (c.autoScaling && props.desiredCount !== undefined) {
    errors.push(
      'desiredCount: with auto scaling on, auto scaling owns the task count; a count in the template would reset the service to it on every deploy. Remove desiredCount (minCapacity is the floor), or set overrides.autoScaling to false.',
    );
  }

  if (!c.retainData && c.mfaDeleteAlternative) {
    errors.push(
      'overrides.retainData: false deletes the buckets with the stack, but mfaDeleteAlternative denies every principal the permanent deletion of object versions, so a bucket that ever held an object could not be emptied and the stack deletion would fail. Set retainData to true, or mfaDeleteAlternative to false.',
    );
  }
  return { errors, warnings };
}
