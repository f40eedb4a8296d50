/**
 * Plain-JSON CloudFormation template helpers: references between resources and the
 * dependency graph CloudFormation orders by (references plus DependsOn).
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Condition?: string;
  readonly Metadata?: Record<string, any>;
  readonly [key: string]: any;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly [key: string]: any;
}

export function resourcesOfTemplate(template: CfnTemplate): Record<string, CfnResource> {
  return template.Resources ?? {};
}

/** Logical IDs of the resources of one type. */
export function idsOfType(template: CfnTemplate, cfnType: string): string[] {
  return Object.entries(resourcesOfTemplate(template))
    .filter(([, r]) => r.Type === cfnType)
    .map(([id]) => id);
}

/** `${Name}` and `${Name.Attr}` in an Fn::Sub string, minus literal `${!...}` and the variables map. */
function subReferences(text: string, variables: Record<string, unknown> = {}): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = m[1].split('.')[0];
    if (!(name in variables) && !name.startsWith('AWS::')) {
      out.push(name);
    }
  }
  return out;
}

/**
 * Every logical name a value refers to through Ref, Fn::GetAtt or Fn::Sub (parameters and
 * pseudo parameters included; callers keep those that are resources).
 */
export function referencedNames(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedNames(v, into));
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, any>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof obj.Ref === 'string') {
      if (!obj.Ref.startsWith('AWS::')) into.add(obj.Ref);
      return into;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const arg = obj['Fn::GetAtt'];
      if (Array.isArray(arg) && typeof arg[0] === 'string') into.add(arg[0]);
      else if (typeof arg === 'string') into.add(arg.split('.')[0]);
      if (Array.isArray(arg)) referencedNames(arg.slice(1), into);
      return into;
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const arg = obj['Fn::Sub'];
      if (typeof arg === 'string') {
        subReferences(arg).forEach((n) => into.add(n));
      } else if (Array.isArray(arg)) {
        subReferences(String(arg[0]), arg[1] ?? {}).forEach((n) => into.add(n));
        referencedNames(arg[1], into);
      }
      return into;
    }
    for (const v of Object.values(obj)) referencedNames(v, into);
  }
  return into;
}

/** Resource logical IDs a value refers to (Ref, GetAtt, Sub), restricted to the template's resources. */
export function referencedResources(value: unknown, template: CfnTemplate): string[] {
  const resources = resourcesOfTemplate(template);
  return [...referencedNames(value)].filter((n) => n in resources);
}

/** Whether a value is exactly a Ref or GetAtt to one of the template's resources. */
export function isDirectReference(value: unknown, template: CfnTemplate): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Fn::GetAtt') && referencedResources(value, template).length === 1;
}

export function dependsOnList(resource: CfnResource): string[] {
  const d = resource.DependsOn;
  return d === undefined ? [] : Array.isArray(d) ? d : [d];
}

/** Direct dependencies of a resource, as CloudFormation orders them: DependsOn plus references. */
export function directDependencies(template: CfnTemplate, logicalId: string): Set<string> {
  const resources = resourcesOfTemplate(template);
  const r = resources[logicalId];
  if (!r) return new Set();
  const deps = new Set<string>(dependsOnList(r));
  for (const key of ['Properties', 'Condition'] as const) {
    referencedResources(r[key], template).forEach((d) => deps.add(d));
  }
  deps.delete(logicalId);
  return deps;
}

/** Every resource a resource waits for before CloudFormation creates it (transitively). */
export function transitiveDependencies(template: CfnTemplate, logicalId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...directDependencies(template, logicalId)];
  while (queue.length > 0) {
    const next = queue.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    directDependencies(template, next).forEach((d) => queue.push(d));
  }
  return seen;
}

/** Deep structural equality of JSON values (objects compared by key, arrays by position). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => k in bo && jsonEqual(ao[k], bo[k]));
}
