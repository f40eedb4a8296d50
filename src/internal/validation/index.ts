import { Stack } from 'aws-cdk-lib';
import { checkCapacity } from './capacity';
import { ResolvedInputs, resolveInputs, resolveRollout } from './defaults';
import { checkEdgeAndTls } from './edge-and-tls';
import { checkTaskEgress } from './egress';
import { checkContainerEnvironment } from './environment';
import { checkNetwork } from './network';
import { checkPlatform } from './platform';
import { CheckResult, combineResults } from './result';
import { checkRollout, ResolvedRollout, TaskFloor } from './rollout';
import { checkRuntimePlatform } from './runtime-platform';
import { checkSizing } from './sizing';
import { HardenedDemoServiceProps } from '../../props';
import { checkPartition } from '../partitions';
import { PostureNotice } from '../posture-notices';
import { HardeningProfile } from '../profile';

/** The inputs after validation and defaulting. */
export interface ValidatedInputs extends ResolvedInputs {
  /** Warnings that do not stop synthesis (an input that weakens the level). */
  readonly warnings: ReadonlyArray<PostureNotice>;
  /** Health checks and rolling deployments. */
  readonly rollout: ResolvedRollout;
}

/**
 * Check every input against the resolved profile, concern by concern; gather the problems of
 * all of them and throw once, with each message naming the property and the fix. Returns the
 * inputs with their defaults (see `resolveInputs`) and the warnings.
 */
export function validateInputs(scope: Stack, props: HardenedDemoServiceProps, profile: HardeningProfile, isSampleApp: boolean): ValidatedInputs {
  const resolved = resolveInputs(props, profile, isSampleApp);
  const rollout = resolveRollout(props);
  const { errors, warnings } = combineResults([
    checkEveryConcern(scope, props, profile, resolved),
    checkRollout(props, rollout, taskFloor(resolved, profile)),
  ]);
  if (errors.length > 0) {
    throw new Error(invalidPropertiesMessage(errors));
  }
  return { ...resolved, warnings, rollout };
}

/** The task count a deployment starts from: minCapacity under auto scaling, else desiredCount. */
function taskFloor(resolved: ResolvedInputs, profile: HardeningProfile): TaskFloor {
  return profile.controls.autoScaling ? { property: 'minCapacity', count: resolved.minCapacity } : { property: 'desiredCount', count: resolved.desiredCount };
}

/** The one message `validateInputs` throws: a header, then one indented line per problem. */
export function invalidPropertiesMessage(errors: readonly string[]): string {
  return `HardenedDemoService: invalid properties:\n  - ${errors.join('\n  - ')}`;
}

/** Every concern's findings, in the order the message lists them. */
function checkEveryConcern(scope: Stack, props: HardenedDemoServiceProps, profile: HardeningProfile, resolved: ResolvedInputs): CheckResult {
  const c = profile.controls;
  const egressPolicy = { restrictTaskEgress: c.restrictTaskEgress, allowTaskEgressToAnyAddress: profile.allowTaskEgressToAnyAddress };
  return combineResults([
    checkSizing(props, resolved),
    checkRuntimePlatform(props.runtimePlatform),
    checkCapacity(props, resolved, { autoScaling: c.autoScaling, minimumTasks: profile.minimumTasks }),
    checkNetwork(props, resolved.natGateways, c),
    checkContainerEnvironment(props, resolved.containerPort),
    checkEdgeAndTls({ ...props, httpsRedirect: props.overrides?.httpsRedirect }, c, scope.region),
    checkTaskEgress(props.taskEgressAllowList, egressPolicy),
    { errors: checkPartition(scope, c.cloudFront), warnings: [] },
    checkPlatform(props, c),
  ]);
}
