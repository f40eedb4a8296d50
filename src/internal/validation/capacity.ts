import { CheckResult } from './result';
import { checkWholeNumber, WholeNumberRange } from './whole-numbers';
import { PostureNotice } from '../posture-notices';

/** ECS runs at most this many tasks per service (the default service quota). */
const MAX_TASKS = 5000;

/** The auto scaling floor: at least one task, at most the quota. */
export const MIN_CAPACITY_RANGE: WholeNumberRange = { property: 'minCapacity', min: 1, max: MAX_TASKS, fix: `Give a whole number from 1 to ${MAX_TASKS}.` };
/** The auto scaling ceiling: at least one task, at most the quota. */
export const MAX_CAPACITY_RANGE: WholeNumberRange = { property: 'maxCapacity', min: 1, max: MAX_TASKS, fix: `Give a whole number from 1 to ${MAX_TASKS}.` };
/** The fixed task count without auto scaling: never zero (a stopped service is removed, not scaled to zero). */
export const DESIRED_COUNT_RANGE: WholeNumberRange = {
  property: 'desiredCount',
  min: 1,
  max: MAX_TASKS,
  fix: `Give a whole number of tasks from 1 to ${MAX_TASKS}; to stop the service, remove it rather than scale it to zero.`,
};

/** The task-count properties as given (each may be absent). */
export interface CapacityInputs {
  readonly desiredCount?: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

/** The task counts the service would get (see `resolveInputs`). */
export interface ResolvedCapacity {
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** What the profile says about task counts. */
export interface CapacityPolicy {
  /** Whether auto scaling owns the task count (the `autoScaling` control). */
  readonly autoScaling: boolean;
  /** The fewest tasks the level expects, so that one task or zone failure leaves one running. */
  readonly minimumTasks: number;
}

/**
 * Task counts: each a whole number from 1 to the ECS quota; the auto scaling bounds only with
 * auto scaling and in order; no fixed desired count under auto scaling. Warns when the
 * service could run a single task where the level expects more.
 */
export function checkCapacity(given: CapacityInputs, resolved: ResolvedCapacity, policy: CapacityPolicy): CheckResult {
  const errors = [
    ...checkWholeNumber(given.minCapacity, MIN_CAPACITY_RANGE),
    ...checkWholeNumber(given.maxCapacity, MAX_CAPACITY_RANGE),
    ...checkWholeNumber(given.desiredCount, DESIRED_COUNT_RANGE),
  ];
  const warnings: PostureNotice[] = [];
  const { desiredCount, minCapacity, maxCapacity } = resolved;
  if (maxCapacity < minCapacity) {
    errors.push(`maxCapacity: ${maxCapacity} is below minCapacity ${minCapacity}. Raise maxCapacity or lower minCapacity.`);
  }
  if (!policy.autoScaling && (given.minCapacity !== undefined || given.maxCapacity !== undefined)) {
    errors.push('minCapacity/maxCapacity: only apply with auto scaling, which is off. Remove them, or set overrides.autoScaling to true.');
  }
  if (policy.autoScaling && given.desiredCount !== undefined) {
    errors.push(
      'desiredCount: with auto scaling on, auto scaling owns the task count; a count in the template would reset the service to it on every deploy. Remove desiredCount (minCapacity is the floor), or set overrides.autoScaling to false.',
    );
  }
  const floorName = policy.autoScaling ? 'minCapacity' : 'desiredCount';
  const floor = policy.autoScaling ? minCapacity : desiredCount;
  if (policy.minimumTasks > 1 && floor < policy.minimumTasks) {
    warnings.push({
      id: 'SingleTask',
      message: `${floorName} is below ${policy.minimumTasks}: the service can run a single task in a single availability zone, so one task or zone failure takes it down.`,
    });
  }
  return { errors, warnings };
}
