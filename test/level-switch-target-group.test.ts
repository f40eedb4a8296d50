import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardeningLevel } from '../src';
import { testApp } from './util';

/**
 * A level switch replaces the load balancer (Scheme is create-only). A target group can
 * belong to one load balancer only: if the new listener forwarded to a group that the old
 * listener (on the old load balancer) still uses, the update would fail with
 * TargetGroupAssociationLimit. Every group a replaced load balancer's listeners reach must
 * therefore be a new resource (a new logical ID), in both directions of the switch.
 */
const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
/** Create-only properties of AWS::ElasticLoadBalancingV2::LoadBalancer (its resource schema). */
const LB_CREATE_ONLY = ['Name', 'Scheme', 'Type'];

type Resources = Record<string, any>;

function resources(level: HardeningLevel, region: string | undefined): Resources {
  const app = testApp();
  const stack = new Stack(app, 'Live', { env: region ? { account: '123456789012', region } : undefined });
  new HardenedDemoService(stack, 'Web', { hardeningLevel: level });
  return Template.fromStack(stack).toJSON().Resources;
}

const refId = (v: any): string | undefined => (v && typeof v === 'object' && typeof v.Ref === 'string' ? v.Ref : undefined);

/** Logical IDs of the target groups an action list forwards to. */
function forwardedGroups(actions: any[] | undefined): string[] {
  const ids: string[] = [];
  for (const action of actions ?? []) {
    const direct = refId(action.TargetGroupArn);
    if (direct) ids.push(direct);
    for (const tg of action.ForwardConfig?.TargetGroups ?? []) {
      const id = refId(tg.TargetGroupArn);
      if (id) ids.push(id);
    }
  }
  return ids;
}

/** Target groups reached by the listeners (and their rules) of a load balancer. */
function groupsOf(r: Resources, lbId: string): string[] {
  const listeners = Object.keys(r).filter((id) => r[id].Type === LISTENER && refId(r[id].Properties.LoadBalancerArn) === lbId);
  const groups = listeners.flatMap((id) => forwardedGroups(r[id].Properties.DefaultActions));
  for (const id of Object.keys(r).filter((i) => r[i].Type === RULE)) {
    if (listeners.includes(refId(r[id].Properties.ListenerArn) ?? '')) {
      groups.push(...forwardedGroups(r[id].Properties.Actions));
    }
  }
  return [...new Set(groups)];
}

function replacedLoadBalancers(from: Resources, to: Resources): string[] {
  return Object.keys(to).filter((id) => to[id].Type === LB && from[id]?.Type === LB
    && LB_CREATE_ONLY.some((p) => JSON.stringify(from[id].Properties[p]) !== JSON.stringify(to[id].Properties[p])));
}

describe.each([
  ['eu-west-1', 'eu-west-1'],
  ['us-east-1', 'us-east-1'],
  ['region-agnostic', undefined],
])('switching levels in a %s stack', (_name, region) => {
  const demo = resources(HardeningLevel.DEMO, region);
  const production = resources(HardeningLevel.PRODUCTION, region);

  test('the load balancer is replaced (its scheme changes): the case this guards', () => {
    expect(replacedLoadBalancers(demo, production)).toHaveLength(1);
  });

  test.each([
    ['DEMO to PRODUCTION', demo, production],
    ['PRODUCTION to DEMO', production, demo],
  ])('%s: every target group behind a replaced load balancer is a new resource', (_dir, from, to) => {
    const replaced = replacedLoadBalancers(from, to);
    expect(replaced.length).toBeGreaterThan(0);
    for (const lb of replaced) {
      const groups = groupsOf(to, lb);
      expect(groups.length).toBeGreaterThan(0);
      for (const tg of groups) {
        expect(to[tg].Type).toBe(TARGET_GROUP);
        // Not a logical ID the old template had: CloudFormation creates it fresh.
        expect([tg, from[tg]]).toEqual([tg, undefined]);
      }
    }
  });

  test('the DEMO target group keeps the logical ID of stacks deployed before this change', () => {
    const [lb] = Object.keys(demo).filter((id) => demo[id].Type === LB);
    expect(groupsOf(demo, lb).map((id) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['WebLoadBalancerTargetGroup']);
  });
});
