/**
 * Checks over a change set: what would go wrong when CloudFormation runs it. Each returns a
 * list of problems, one readable sentence each; an empty list means the check passes.
 */
import { ChangeSet } from './change-set';
import { isDataBearing, nameProperties } from './schema';
import { CfnResource, CfnTemplate, isDirectReference, jsonEqual, referencedResources, resourcesOfTemplate } from './template-graph';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

/** Deletion policies that keep the physical resource when the logical one goes away. */
export const KEEPING_DELETION_POLICIES = ['Retain', 'RetainExceptOnCreate', 'Snapshot'];
/** UpdateReplacePolicy values that keep the old physical resource on replacement. */
export const KEEPING_REPLACE_POLICIES = ['Retain', 'Snapshot'];

/** The load balancer a listener or listener rule belongs to (through the rule's listener). */
function loadBalancerOf(template: CfnTemplate, id: string): string | undefined {
  const resources = resourcesOfTemplate(template);
  const r = resources[id];
  if (r?.Type === LISTENER) return referencedResources(r.Properties?.LoadBalancerArn, template)[0];
  if (r?.Type === LISTENER_RULE) {
    const listener = referencedResources(r.Properties?.ListenerArn, template)[0];
    return listener ? loadBalancerOf(template, listener) : undefined;
  }
  return undefined;
}

/** Listeners and listener rules whose actions forward to a target group. */
function forwardersTo(template: CfnTemplate, targetGroup: string): string[] {
  return Object.entries(resourcesOfTemplate(template))
    .filter(([, r]) => r.Type === LISTENER || r.Type === LISTENER_RULE)
    .filter(([, r]) => referencedResources(r.Properties?.DefaultActions ?? r.Properties?.Actions, template).includes(targetGroup))
    .map(([id]) => id);
}

/**
 * a target group that keeps its logical ID (not replaced) while a load balancer whose
 * listener (or listener rule) forwards to it is replaced. CloudFormation creates the new load
 * balancer and its listener before deleting the old one, so during the update the group would
 * be associated with two load balancers, which fails with TargetGroupAssociationLimit.
 */
export function checkTargetGroupAssociations(cs: ChangeSet): string[] {
  const problems: string[] = [];
  for (const tg of cs.ofKind('UPDATED', 'UNCHANGED').filter((r) => r.typeAfter === TARGET_GROUP)) {
    for (const forwarder of forwardersTo(cs.after, tg.logicalId)) {
      const lb = loadBalancerOf(cs.after, forwarder);
      if (lb && cs.kindOf(lb) === 'REPLACED') {
        const kind = resourcesOfTemplate(cs.after)[forwarder].Type === LISTENER ? 'listener' : 'listener rule';
        problems.push(
          `target group ${tg.logicalId} is kept while load balancer ${lb} is replaced (${kind} ${forwarder} forwards to it): ` +
            'the group would be bound to the old and the new load balancer during the update (TargetGroupAssociationLimit)',
        );
      }
    }
  }
  return problems;
}

/** The name properties a resource sets to a fixed value (not a reference to another resource). */
export function fixedNames(resource: CfnResource, template: CfnTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const prop of nameProperties(resource.Type)) {
    const v = resource.Properties?.[prop];
    if (v !== undefined && !isDirectReference(v, template)) out[prop] = v;
  }
  return out;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The name rule of replacement:
 * - a REPLACED resource whose fixed name stays the same: CloudFormation creates the
 *   replacement first, under a name that is still taken, and the update fails;
 * - a resource ADDED under a new logical ID with the fixed name of a REMOVED one of the same
 *   type: the same, created before the old one is deleted (or retained);
 * - a resource with a fixed name and `DeletionPolicy: Retain`: a rolled-back first create or a
 *   stack delete leaves it behind, and the next create fails on the name.
 */
export function checkFixedNames(cs: ChangeSet): string[] {
  const problems: string[] = [];
  for (const r of cs.ofKind('REPLACED')) {
    const before = fixedNames(r.before!, cs.before);
    const after = fixedNames(r.after!, cs.after);
    for (const [prop, v] of Object.entries(after)) {
      if (prop in before && jsonEqual(before[prop], v) && r.typeBefore === r.typeAfter) {
        problems.push(`${r.logicalId} (${r.typeAfter}) is replaced but keeps its fixed ${prop} ${show(v)}: the replacement cannot be created under a name in use`);
      }
    }
  }
  const removed = cs.ofKind('REMOVED');
  for (const added of cs.ofKind('ADDED')) {
    const names = fixedNames(added.after!, cs.after);
    for (const gone of removed.filter((g) => g.typeBefore === added.typeAfter)) {
      const old = fixedNames(gone.before!, cs.before);
      for (const [prop, v] of Object.entries(names)) {
        if (prop in old && jsonEqual(old[prop], v)) {
          problems.push(`${added.logicalId} (${added.typeAfter}) is added with the fixed ${prop} ${show(v)} of removed ${gone.logicalId}: it is created while the name is still in use`);
        }
      }
    }
  }
  for (const [id, r] of Object.entries(resourcesOfTemplate(cs.after))) {
    const names = fixedNames(r, cs.after);
    if (r.DeletionPolicy === 'Retain' && Object.keys(names).length > 0) {
      problems.push(
        `${id} (${r.Type}) has the fixed ${Object.entries(names).map(([p, v]) => `${p} ${show(v)}`).join(', ')} and DeletionPolicy Retain: ` +
          'a rolled-back create or a delete leaves it behind and the next create fails (use RetainExceptOnCreate)',
      );
    }
  }
  return problems;
}

/**
 * a data-bearing resource (schema `isStateful`, plus ECR repositories and a few more,
 * see `isDataBearing`) that is REPLACED without `UpdateReplacePolicy` Retain/Snapshot in the
 * new template, or REMOVED without `DeletionPolicy` Retain/RetainExceptOnCreate/Snapshot in
 * the old one: CloudFormation deletes the old physical resource and its data with it.
 */
export function checkDataLoss(cs: ChangeSet): string[] {
  const problems: string[] = [];
  for (const r of cs.ofKind('REPLACED')) {
    if (!isDataBearing(r.typeBefore!)) continue;
    const policy = r.after!.UpdateReplacePolicy;
    if (!KEEPING_REPLACE_POLICIES.includes(policy ?? 'Delete')) {
      problems.push(`${r.logicalId} (${r.typeBefore}) is replaced with UpdateReplacePolicy ${policy ?? 'Delete (default)'}: the old one and its data are deleted (${r.replacementReasons.join('; ')})`);
    }
  }
  for (const r of cs.ofKind('REMOVED')) {
    if (!isDataBearing(r.typeBefore!)) continue;
    const policy = r.before!.DeletionPolicy;
    if (!KEEPING_DELETION_POLICIES.includes(policy ?? 'Delete')) {
      problems.push(`${r.logicalId} (${r.typeBefore}) is removed with DeletionPolicy ${policy ?? 'Delete (default)'}: it and its data are deleted`);
    }
  }
  return problems;
}

/**
 * a CloudFront VPC origin that a distribution uses cannot be updated in place
 * (CloudFront answers 409 while it is attached). An UPDATED VpcOrigin that a distribution
 * refers to before and after the change fails the update; a new logical ID (a new origin the
 * distribution switches to) is the way through.
 */
export function checkVpcOriginUpdates(cs: ChangeSet): string[] {
  const usedBy = (template: CfnTemplate, origin: string) =>
    Object.entries(resourcesOfTemplate(template))
      .filter(([, r]) => r.Type === 'AWS::CloudFront::Distribution' && referencedResources(r.Properties, template).includes(origin))
      .map(([id]) => id);
  return cs
    .ofKind('UPDATED')
    .filter((r) => r.typeAfter === 'AWS::CloudFront::VpcOrigin')
    .filter((r) => usedBy(cs.before, r.logicalId).length > 0 && usedBy(cs.after, r.logicalId).length > 0)
    .map(
      (r) =>
        `VPC origin ${r.logicalId} is updated in place (${r.changes.map((c) => c.path).join(', ')}) while distribution ${usedBy(cs.after, r.logicalId).join(', ')} uses it: ` +
        'CloudFront refuses updates to an attached VPC origin (409)',
    );
}

/** Every change-set check, by name. */
export const CHANGE_SET_CHECKS: Readonly<Record<string, (cs: ChangeSet) => string[]>> = {
  'no target group is bound to a replaced and a new load balancer at once': checkTargetGroupAssociations,
  'no fixed-name resource is replaced under its name, re-added under it, or retained with it': checkFixedNames,
  'no data-bearing resource is replaced or removed without being retained': checkDataLoss,
  'no VPC origin in use is updated in place': checkVpcOriginUpdates,
};
