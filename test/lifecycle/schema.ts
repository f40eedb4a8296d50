/**
 * What the CloudFormation resource schemas say about a resource type, read from the
 * database that `@aws-cdk/aws-service-spec` ships (the same one aws-cdk-lib's L1 classes
 * and `cdk diff` are generated from), never from a hand-kept list.
 *
 * The database is about 1,600 resource types; loading it takes about half a second, so it
 * is loaded once per process (one jest worker) and cached.
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, Resource, SpecDatabase, TypeDefinition } from '@aws-cdk/service-spec-types';

let cached: { readonly db: SpecDatabase; readonly loadMs: number } | undefined;

/** The resource-schema database, loaded on first use and cached for the process. */
export function specDatabase(): SpecDatabase {
  if (!cached) {
    const start = process.hrtime.bigint();
    const db = loadAwsServiceSpecSync();
    cached = { db, loadMs: Number(process.hrtime.bigint() - start) / 1e6 };
  }
  return cached.db;
}

/** How long the one load of the database took in this process, in milliseconds. */
export function specLoadMs(): number {
  specDatabase();
  return cached!.loadMs;
}

const resourceCache = new Map<string, Resource | undefined>();

/** The schema of a CloudFormation resource type; undefined for custom resources and unknown types. */
export function resourceSchema(cfnType: string): Resource | undefined {
  if (!resourceCache.has(cfnType)) {
    const found = specDatabase().lookup('resource', 'cloudFormationType', 'equals', cfnType);
    resourceCache.set(cfnType, found.length === 1 ? found[0] : undefined);
  }
  return resourceCache.get(cfnType);
}

/** The type definition a property type refers to (an object-valued property), if any. */
export function typeDefinitionOf(type: PropertyType): TypeDefinition | undefined {
  if (type.type === 'ref') {
    return specDatabase().get('typeDefinition', type.reference.$ref);
  }
  return undefined;
}

/** How a property change acts on the resource: the schema's `causesReplacement`, 'no' when absent. */
export function replacementOf(property: Property | undefined): 'yes' | 'maybe' | 'no' {
  return property?.causesReplacement ?? 'no';
}

/** Custom resources: CloudFormation sends their changes to a handler, which decides. */
export function isCustomResourceType(cfnType: string): boolean {
  return cfnType.startsWith('Custom::') || cfnType === 'AWS::CloudFormation::CustomResource';
}

/**
 * Types that hold data and whose schema does not mark them `isStateful` (the schema's flag
 * is set on 29 types and misses, among others, ECR repositories: their images are data).
 * Kept short on purpose: everything else comes from the schema.
 */
const DATA_BEARING_BEYOND_SCHEMA: readonly string[] = ['AWS::ECR::Repository', 'AWS::EFS::FileSystem', 'AWS::Backup::BackupVault', 'AWS::SecretsManager::Secret'];

/** Whether deleting a resource of this type deletes data: the schema's `isStateful`, plus the short list above. */
export function isDataBearing(cfnType: string): boolean {
  return resourceSchema(cfnType)?.isStateful === true || DATA_BEARING_BEYOND_SCHEMA.includes(cfnType);
}

/**
 * Properties that would look like names but point at another resource (the name of a
 * group, bucket or function the resource attaches to), without a schema relationship.
 */
const REFERENCE_NAME_PREFIXES = ['Source', 'Destination', 'Target', 'Parent'];

/**
 * The properties of a type that give a resource a fixed physical name.
 *
 * The schema has no "name" flag. It has what decides it: a name that is unique in the
 * account and region is create-only (`causesReplacement: 'yes'`) and is usually the
 * resource's primary identifier (LogGroupName, BucketName, RepositoryName, RoleName,
 * ClusterName). Types identified by an ARN or id still take create-only names that must be
 * unique (a load balancer's or target group's `Name`, a security group's `GroupName`, a web
 * ACL's `Name`), so the rule is:
 *
 * - create-only (`causesReplacement: 'yes'`), and
 * - a primary identifier whose name ends in `Name`, or a property named `Name`/`*Name`
 *   that has no schema relationship to another resource (a relationship means it names the
 *   resource it points at, like SecurityGroupIngress `GroupName`) and does not start with
 *   Source/Destination/Target/Parent.
 *
 * Whether a given template fixes the name is decided per value (see `fixedNames`).
 */
export function nameProperties(cfnType: string): string[] {
  const schema = resourceSchema(cfnType);
  if (!schema) {
    return [];
  }
  const primary = new Set(schema.primaryIdentifier ?? []);
  return Object.entries(schema.properties)
    .filter(([name, prop]) => {
      if (replacementOf(prop) !== 'yes' || !/Name$/.test(name)) {
        return false;
      }
      if (primary.has(name)) {
        return true;
      }
      return !prop.relationshipRefs?.length && !REFERENCE_NAME_PREFIXES.some((p) => name.startsWith(p));
    })
    .map(([name]) => name);
}
