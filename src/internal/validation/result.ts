import { PostureNotice } from '../posture-notices';
import { HardeningProfile } from '../profile';

/**
 * What one concern's check found. Errors stop synthesis (`validateInputs` gathers them all
 * and throws once); warnings do not, and are raised on the construct.
 */
export interface CheckResult {
  /** One line per problem: the property, what is wrong, and the fix. */
  readonly errors: string[];
  /** Inputs that are accepted but weaken the posture (the id is what acknowledges it). */
  readonly warnings: PostureNotice[];
}

/** The value of every control, as the resolved profile has it. */
export type ControlValues = HardeningProfile['controls'];

/** The errors and warnings of several checks, in the order the checks are given. */
export function combineResults(results: readonly CheckResult[]): CheckResult {
  return {
    errors: results.flatMap((r) => r.errors),
    warnings: results.flatMap((r) => r.warnings),
  };
}
