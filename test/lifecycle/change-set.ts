/**
 * A change-set model: what CloudFormation would do to each resource when a stack is updated
 * from one synthesized template to another, decided from the resource schemas (see
 * `schema.ts`), without an AWS account.
 *
 * - ADDED / REMOVED: the logical ID exists only after / only before.
 * - REPLACED: the type of the logical ID changed, or a property that the schema marks as
 *   causing replacement changed (a top-level create-only property: any change anywhere
 *   beneath it; a create-only property nested in an object-valued property; a path in the
 *   schema's `additionalReplacementProperties`).
 * - UPDATED: anything else changed (properties, DependsOn, Condition, the policies).
 * - UNCHANGED: nothing changed. Metadata is ignored (aws-cdk-lib puts construct paths there).
 *
 * Values are compared as written, resolving nothing, with one exception that CloudFormation
 * forces: a value that refers (Ref, Fn::GetAtt, Fn::Sub) to a REPLACED resource changes,
 * because the replacement has a new physical id and new attributes. Replacements are
 * propagated through such references until nothing changes any more.
 *
 * `causesReplacement: 'maybe'` (73 properties in the schema, e.g. a VPC's InstanceTenancy,
 * a subnet's Ipv6CidrBlock) means the schema cannot say without the values: some changes
 * replace, some update. By default the model counts a 'maybe' change as a replacement: the
 * checks built on it exist to catch deleted data and TargetGroupAssociationLimit, and a false
 * "replaced" costs a reviewer a look while a false "updated" hides exactly those. The
 * change says so (`maybe: true`), and `{ maybe: 'update' }` gives the optimistic view.
 */
import type { Property, PropertyType } from '@aws-cdk/service-spec-types';
import { isCustomResourceType, replacementOf, resourceSchema, typeDefinitionOf } from './schema';
import { CfnResource, CfnTemplate, jsonEqual, referencedNames, resourcesOfTemplate } from './template-graph';

export type ChangeKind = 'ADDED' | 'REMOVED' | 'UPDATED' | 'REPLACED' | 'UNCHANGED';

/** One changed property (or attribute) of a resource. */
export interface PropertyChange {
  /** `Properties.Scheme`, `Properties.EncryptionConfiguration.EncryptionType`, `DeletionPolicy`, ... */
  readonly path: string;
  /** What the schema says the change does. */
  readonly replaces: 'yes' | 'maybe' | 'no';
  /** Replaced resources the new value refers to (the value changed because of them). */
  readonly viaReplaced: readonly string[];
}

export interface ResourceChange {
  readonly logicalId: string;
  readonly kind: ChangeKind;
  readonly typeBefore?: string;
  readonly typeAfter?: string;
  readonly changes: readonly PropertyChange[];
  /** Readable reasons for a REPLACED kind. */
  readonly replacementReasons: readonly string[];
  /** REPLACED only because of 'maybe' properties. */
  readonly maybe: boolean;
  /** The resource before and after (undefined when it does not exist on that side). */
  readonly before?: CfnResource;
  readonly after?: CfnResource;
}

export interface ChangeSetOptions {
  /**
   * How a change to a `causesReplacement: 'maybe'` property counts.
   * @default 'replace'
   */
  readonly maybe?: 'replace' | 'update';
}

export interface ChangeSet {
  readonly before: CfnTemplate;
  readonly after: CfnTemplate;
  readonly resources: Readonly<Record<string, ResourceChange>>;
  /** The kind of one logical ID (undefined when it is in neither template). */
  kindOf(logicalId: string): ChangeKind | undefined;
  /** Every change of the given kinds. */
  ofKind(...kinds: ChangeKind[]): ResourceChange[];
}

const POLICY_ATTRIBUTES = ['DeletionPolicy', 'UpdateReplacePolicy', 'UpdatePolicy', 'CreationPolicy', 'Condition'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** An intrinsic function value ({ "Fn::If": ... }, { "Ref": ... }): not descended into. */
function isIntrinsic(v: unknown): boolean {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

class Comparator {
  constructor(
    private readonly resourceIds: ReadonlySet<string>,
    private readonly replaced: ReadonlySet<string>,
  ) {}

  /** Replaced resources the new value refers to. */
  viaReplaced(after: unknown): string[] {
    return [...referencedNames(after)].filter((n) => this.resourceIds.has(n) && this.replaced.has(n));
  }

  changed(before: unknown, after: unknown): boolean {
    return !jsonEqual(before, after) || this.viaReplaced(after).length > 0;
  }

  /** Changed create-only properties beneath a value of the given type, as [path, replaces] pairs. */
  nested(type: PropertyType, before: unknown, after: unknown, path: string, out: Array<[string, 'yes' | 'maybe']>): void {
    if (isIntrinsic(before) || isIntrinsic(after)) return;
    switch (type.type) {
      case 'ref': {
        const def = typeDefinitionOf(type);
        if (!def || !(isObject(before) || isObject(after))) return;
        const b = isObject(before) ? before : {};
        const a = isObject(after) ? after : {};
        for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
          if (!this.changed(b[key], a[key])) continue;
          const prop: Property | undefined = def.properties[key];
          const r = replacementOf(prop);
          if (r !== 'no') out.push([`${path}.${key}`, r]);
          else if (prop) this.nested(prop.type, b[key], a[key], `${path}.${key}`, out);
        }
        return;
      }
      case 'array': {
        const b = Array.isArray(before) ? before : [];
        const a = Array.isArray(after) ? after : [];
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (this.changed(b[i], a[i])) this.nested(type.element, b[i], a[i], `${path}[${i}]`, out);
        }
        return;
      }
      case 'map': {
        const b = isObject(before) ? before : {};
        const a = isObject(after) ? after : {};
        for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
          if (this.changed(b[key], a[key])) this.nested(type.element, b[key], a[key], `${path}.${key}`, out);
        }
        return;
      }
      case 'union': {
        const seen = new Set<string>();
        for (const t of type.types) {
          const sub: Array<[string, 'yes' | 'maybe']> = [];
          this.nested(t, before, after, path, sub);
          for (const entry of sub) {
            if (!seen.has(entry[0])) {
              seen.add(entry[0]);
              out.push(entry);
            }
          }
        }
        return;
      }
      default:
        return;
    }
  }
}

function valueAtPath(v: unknown, path: readonly string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

interface Evaluation {
  readonly changes: PropertyChange[];
  readonly reasons: string[];
  readonly replaces: 'yes' | 'maybe' | 'no';
}

/** Compare one logical ID present on both sides, given the resources already known to be replaced. */
function evaluate(id: string, before: CfnResource, after: CfnResource, cmp: Comparator): Evaluation {
  const changes: PropertyChange[] = [];
  const reasons: string[] = [];
  let replaces: 'yes' | 'maybe' | 'no' = 'no';
  const raise = (r: 'yes' | 'maybe', reason: string) => {
    reasons.push(reason);
    if (r === 'yes' || replaces === 'no') replaces = r;
  };

  if (before.Type !== after.Type) {
    raise('yes', `${id}: the type changes from ${before.Type} to ${after.Type}`);
  }

  const schema = before.Type === after.Type ? resourceSchema(after.Type) : undefined;
  const b = before.Properties ?? {};
  const a = after.Properties ?? {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (!cmp.changed(b[key], a[key])) continue;
    const via = cmp.viaReplaced(a[key]);
    const prop = schema?.properties[key];
    let r = replacementOf(prop);
    if (r !== 'no') {
      raise(r, `${id}: ${after.Type} ${key} ${r === 'yes' ? 'is create-only' : 'may cause replacement'}${via.length ? ` (it refers to replaced ${via.join(', ')})` : ''}`);
    } else if (prop) {
      const nested: Array<[string, 'yes' | 'maybe']> = [];
      cmp.nested(prop.type, b[key], a[key], key, nested);
      for (const [path, nr] of nested) {
        raise(nr, `${id}: ${after.Type} ${path} ${nr === 'yes' ? 'is create-only' : 'may cause replacement'}`);
        r = nr === 'yes' || r === 'no' ? nr : r;
      }
    } else if (!schema && before.Type === after.Type && !isCustomResourceType(after.Type)) {
      // A type the schema does not know: nothing says the change is in place.
      r = 'maybe';
      raise('maybe', `${id}: ${after.Type} is not in the resource schemas; ${key} may cause replacement`);
    }
    changes.push({ path: `Properties.${key}`, replaces: r, viaReplaced: via });
  }

  for (const extra of schema?.additionalReplacementProperties ?? []) {
    const bv = valueAtPath(b, extra);
    const av = valueAtPath(a, extra);
    if (cmp.changed(bv, av)) raise('yes', `${id}: ${after.Type} ${extra.join('.')} causes replacement`);
  }

  for (const attr of POLICY_ATTRIBUTES) {
    if (!jsonEqual(before[attr], after[attr])) changes.push({ path: attr, replaces: 'no', viaReplaced: [] });
  }
  const dependsBefore = [...new Set([before.DependsOn ?? []].flat())].sort();
  const dependsAfter = [...new Set([after.DependsOn ?? []].flat())].sort();
  if (!jsonEqual(dependsBefore, dependsAfter)) changes.push({ path: 'DependsOn', replaces: 'no', viaReplaced: [] });

  return { changes, reasons, replaces };
}

/** Compute what CloudFormation would do to every logical ID when `before` is updated to `after`. */
export function computeChangeSet(before: CfnTemplate, after: CfnTemplate, options: ChangeSetOptions = {}): ChangeSet {
  const maybeReplaces = (options.maybe ?? 'replace') === 'replace';
  const rb = resourcesOfTemplate(before);
  const ra = resourcesOfTemplate(after);
  const common = Object.keys(ra).filter((id) => id in rb);
  const resourceIds = new Set([...Object.keys(rb), ...Object.keys(ra)]);

  const counts = (e: Evaluation) => e.replaces === 'yes' || (e.replaces === 'maybe' && maybeReplaces);
  const replaced = new Set<string>();
  // Propagate until stable: a replacement changes every value that refers to it.
  for (let changed = true; changed; ) {
    changed = false;
    const cmp = new Comparator(resourceIds, replaced);
    for (const id of common) {
      if (!replaced.has(id) && counts(evaluate(id, rb[id], ra[id], cmp))) {
        replaced.add(id);
        changed = true;
      }
    }
  }

  const cmp = new Comparator(resourceIds, replaced);
  const resources: Record<string, ResourceChange> = {};
  for (const id of resourceIds) {
    const b = rb[id];
    const a = ra[id];
    if (!b) {
      resources[id] = { logicalId: id, kind: 'ADDED', typeAfter: a.Type, changes: [], replacementReasons: [], maybe: false, after: a };
    } else if (!a) {
      resources[id] = { logicalId: id, kind: 'REMOVED', typeBefore: b.Type, changes: [], replacementReasons: [], maybe: false, before: b };
    } else {
      const e = evaluate(id, b, a, cmp);
      const kind: ChangeKind = replaced.has(id) ? 'REPLACED' : e.changes.length > 0 ? 'UPDATED' : 'UNCHANGED';
      resources[id] = {
        logicalId: id,
        kind,
        typeBefore: b.Type,
        typeAfter: a.Type,
        changes: e.changes,
        replacementReasons: kind === 'REPLACED' ? e.reasons : [],
        maybe: kind === 'REPLACED' && e.replaces === 'maybe',
        before: b,
        after: a,
      };
    }
  }

  return {
    before,
    after,
    resources,
    kindOf: (id) => resources[id]?.kind,
    ofKind: (...kinds) => Object.values(resources).filter((r) => kinds.includes(r.kind)),
  };
}

/** A one-line-per-resource summary of the changes (what `cdk diff` would call the change set). */
export function describeChangeSet(cs: ChangeSet): string[] {
  return cs
    .ofKind('ADDED', 'REMOVED', 'UPDATED', 'REPLACED')
    .map((r) => `${r.kind.padEnd(8)} ${r.logicalId} (${r.typeAfter ?? r.typeBefore})${r.kind === 'REPLACED' ? `: ${r.replacementReasons.join('; ')}` : ''}`)
    .sort();
}
