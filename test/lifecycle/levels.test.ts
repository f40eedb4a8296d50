/**
 * Lifecycle of the level switch and of adding a custom domain, in every kind of stack:
 * DEMO -> PRODUCTION and PRODUCTION -> PRODUCTION with a certificate and domainName, through
 * the change-set checks; every lifecycle rule over each of those templates.
 */
import { HardeningLevel } from '../../src';
import { ENVIRONMENTS } from '../util';
import { computeChangeSet } from './change-set';
import { CHANGE_SET_CHECKS } from './checks';
import { Configuration, level, lifecycleTest, templateOf } from './configurations';
import { KNOWN_FAILING } from './known-failing';
import { deletionBlockers, LIFECYCLE_RULES } from './rules';

const { DEMO, PRODUCTION } = HardeningLevel;
const ENVS = ENVIRONMENTS.map((e) => e.name);

const TRANSITIONS: Array<[string, Configuration, Configuration]> = ENVS.flatMap((env) => [
  [`DEMO -> PRODUCTION in ${env}`, level(DEMO, env), level(PRODUCTION, env)] as [string, Configuration, Configuration],
  [`PRODUCTION -> PRODUCTION+domain in ${env}`, level(PRODUCTION, env), level(PRODUCTION, env, true)] as [string, Configuration, Configuration],
]);

describe('change sets', () => {
  for (const [transition, before, after] of TRANSITIONS) {
    for (const [check, run] of Object.entries(CHANGE_SET_CHECKS)) {
      lifecycleTest(`${transition}: ${check}`, KNOWN_FAILING, () => run(computeChangeSet(templateOf(before), templateOf(after))));
    }
  }
});

describe('lifecycle rules', () => {
  const configs = ENVS.flatMap((env) => [level(DEMO, env), level(PRODUCTION, env), level(PRODUCTION, env, true)]);
  for (const config of configs) {
    for (const [rule, run] of Object.entries(LIFECYCLE_RULES)) {
      lifecycleTest(`${config.name}: ${rule}`, KNOWN_FAILING, () => run(templateOf(config)));
    }
  }
});

describe('stack deletion facts', () => {
  test.each(ENVS)('PRODUCTION in %s: load balancer deletion protection blocks stack deletion (a documented PRODUCTION fact)', (env) => {
    const blockers = deletionBlockers(templateOf(level(PRODUCTION, env)));
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatch(/^WebLoadBalancer\w+ \(AWS::ElasticLoadBalancingV2::LoadBalancer\) has deletion_protection.enabled=true/);
  });

  test.each(ENVS)('DEMO in %s: nothing blocks stack deletion', (env) => {
    expect(deletionBlockers(templateOf(level(DEMO, env)))).toEqual([]);
  });
});
