/**
 * Lifecycle of each boolean override flipped on a running PRODUCTION service (us-east-1):
 * the change-set checks on PRODUCTION -> PRODUCTION with the override, and every lifecycle
 * rule over the overridden template.
 */
import { computeChangeSet } from './change-set';
import { CHANGE_SET_CHECKS } from './checks';
import { level, lifecycleTest, productionToggles, templateOf } from './configurations';
import { KNOWN_FAILING } from './known-failing';
import { deletionBlockers, LIFECYCLE_RULES } from './rules';
import { HardeningLevel } from '../../src';

const baseline = level(HardeningLevel.PRODUCTION, 'us-east-1');

describe('change sets', () => {
  for (const toggled of productionToggles()) {
    for (const [check, run] of Object.entries(CHANGE_SET_CHECKS)) {
      lifecycleTest(`${baseline.name} -> ${toggled.name}: ${check}`, KNOWN_FAILING, () => run(computeChangeSet(templateOf(baseline), templateOf(toggled))));
    }
  }
});

describe('lifecycle rules', () => {
  for (const toggled of productionToggles()) {
    for (const [rule, run] of Object.entries(LIFECYCLE_RULES)) {
      lifecycleTest(`${toggled.name}: ${rule}`, KNOWN_FAILING, () => run(templateOf(toggled)));
    }
  }
});

test('without load balancer deletion protection nothing blocks stack deletion', () => {
  const toggled = productionToggles().find((c) => c.overrides?.loadBalancerDeletionProtection === false)!;
  expect(deletionBlockers(templateOf(toggled))).toEqual([]);
});
