/**
 * The one place that interprets `hardeningLevel`.
 *
 * `resolveHardeningProfile` turns the level plus per-control overrides into plain data.
 * Every other part of the construct reads the profile; none of them compares against the
 * level. "What does PRODUCTION change?" is answered by the presets in `control-specs.ts`.
 */
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CONTROL_IDS, CONTROL_SPECS, ControlId, ControlPresets } from './control-specs';
import { HardeningLevel } from '../hardening-level';
import { HardeningOverrides } from '../overrides';

export type { ControlId };

const presetsOf = (id: ControlId): ControlPresets => CONTROL_SPECS[id].presets;

/** Numbers and choices that follow the level rather than a single switch. */
interface LevelSettings {
  readonly logRetention: RetentionDays;
  /** The fewest tasks the service runs (and the default desired count). */
  readonly minimumTasks: number;
  /** The default upper bound of auto scaling. */
  readonly defaultMaxCapacity: number;
}

const LEVEL_SETTINGS: Readonly<Record<HardeningLevel, LevelSettings>> = {
  // RetentionDays.ONE_WEEK and ONE_YEAR, as numbers: reading the enum would load the Logs
  // module whenever the library is imported.
  [HardeningLevel.DEMO]: { logRetention: 7 as RetentionDays, minimumTasks: 1, defaultMaxCapacity: 4 },
  [HardeningLevel.PRODUCTION]: { logRetention: 365 as RetentionDays, minimumTasks: 2, defaultMaxCapacity: 10 },
};

/** Where a control's value came from. */
type ControlSource = 'level' | 'override';

/** The resolved posture of one instance: plain data, no constructs. */
export interface HardeningProfile {
  readonly level: HardeningLevel;
  /** The value of every control. */
  readonly controls: Readonly<Record<ControlId, boolean>>;
  /** Whether each value is the level's preset or an override. */
  readonly sources: Readonly<Record<ControlId, ControlSource>>;
  /** Controls an override set weaker than the level's preset. */
  readonly weakened: readonly ControlId[];
  /** Whether entries to every address may sit on the task egress allow-list. */
  readonly allowTaskEgressToAnyAddress: boolean;
  readonly logRetention: RetentionDays;
  readonly minimumTasks: number;
  readonly defaultMaxCapacity: number;
}

/**
 * Resolve the level plus overrides into a profile, and refuse combinations that cannot
 * be built.
 */
export function resolveHardeningProfile(level: HardeningLevel, overrides: HardeningOverrides = {}): HardeningProfile {
  if (!Object.values(HardeningLevel).includes(level)) {
    throw new Error(`hardeningLevel: '${String(level)}' is not a hardening level. Use HardeningLevel.DEMO or HardeningLevel.PRODUCTION.`);
  }
  for (const key of Object.keys(overrides)) {
    const value = (overrides as Record<string, unknown>)[key];
    if (!(CONTROL_IDS as readonly string[]).includes(key) && key !== 'allowTaskEgressToAnyAddress') {
      throw new Error(`overrides.${key}: not a control. Known controls: ${[...CONTROL_IDS, 'allowTaskEgressToAnyAddress'].join(', ')}.`);
    }
    if (value !== undefined && typeof value !== 'boolean') {
      throw new Error(`overrides.${key}: expected true or false, got ${JSON.stringify(value)}.`);
    }
  }

  const controls = {} as Record<ControlId, boolean>;
  const sources = {} as Record<ControlId, ControlSource>;
  const weakened: ControlId[] = [];
  for (const id of CONTROL_IDS) {
    const preset = level === HardeningLevel.PRODUCTION ? presetsOf(id).production : presetsOf(id).demo;
    const override = overrides[id];
    controls[id] = override ?? preset;
    sources[id] = override === undefined ? 'level' : 'override';
    if (override !== undefined && override !== preset && override !== presetsOf(id).secure) {
      weakened.push(id);
    }
  }

  const errors: string[] = [];
  if (controls.cloudFront && !controls.internalLoadBalancer) {
    errors.push(
      'overrides.cloudFront: CloudFront reaches the load balancer through a CloudFront VPC origin, which needs an internal load balancer. ' +
        'Set overrides.internalLoadBalancer to true, or overrides.cloudFront to false.',
    );
  }
  if (controls.internalLoadBalancer && !controls.privateSubnets) {
    errors.push(
      'overrides.internalLoadBalancer: an internal load balancer lives in private subnets. ' +
        'Set overrides.privateSubnets to true, or overrides.internalLoadBalancer to false.',
    );
  }
  if (overrides.allowTaskEgressToAnyAddress && !controls.restrictTaskEgress) {
    errors.push(
      'overrides.allowTaskEgressToAnyAddress: only means something while task egress is restricted, and it is not. ' +
        'Remove it, or set overrides.restrictTaskEgress to true.',
    );
  }
  if (errors.length > 0) {
    throw new Error(`HardenedDemoService: invalid overrides:\n  - ${errors.join('\n  - ')}`);
  }

  const settings = LEVEL_SETTINGS[level];
  return {
    level,
    controls,
    sources,
    weakened,
    allowTaskEgressToAnyAddress: overrides.allowTaskEgressToAnyAddress ?? false,
    logRetention: settings.logRetention,
    minimumTasks: settings.minimumTasks,
    defaultMaxCapacity: settings.defaultMaxCapacity,
  };
}
