import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CONTROL_CATALOG } from './control-catalog';
import { CONTROL_IDS, CONTROL_PRESETS, HardeningProfile } from './profile';

/** The prefix of every warning id this construct raises (acknowledge with it). */
export const WARNING_PREFIX = 'hardened-demo-service';

/** A notice raised at synth. */
export interface PostureNotice {
  readonly id: string;
  readonly message: string;
}

/**
 * The warnings a profile raises: one per control that is off its secure value (a DEMO
 * relaxation, or an override that weakens the level), each naming the control and why.
 */
export function relaxedControlWarnings(profile: HardeningProfile): PostureNotice[] {
  const notices: PostureNotice[] = [];
  for (const id of CONTROL_IDS) {
    if (profile.controls[id] === CONTROL_PRESETS[id].secure) {
      continue;
    }
    const d = CONTROL_CATALOG[id];
    const why = profile.sources[id] === 'override' ? `set by overrides.${id}` : `${profile.level} level${d.demoReason ? `: ${d.demoReason}` : ''}`;
    // A control whose secure value is false (ECS Exec) is weakened by switching it on.
    const on = profile.controls[id];
    notices.push({
      id: `${WARNING_PREFIX}:${id}`,
      message: on ? `${d.title} is on (${why}): ${d.onMeans}.` : `${d.title} is off (${why}): ${d.offMeans}.`,
    });
  }
  return notices;
}

/** Raise each warning on `scope`, acknowledgeable by its id. */
export function raiseWarnings(scope: IConstruct, notices: PostureNotice[]): void {
  for (const n of notices) {
    Annotations.of(scope).addWarningV2(n.id, `[HardenedDemoService] ${n.message}`);
  }
}
