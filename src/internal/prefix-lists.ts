import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The AWS-managed prefix lists the construct needs. */
export enum ManagedPrefixListName {
  /** CloudFront's origin-facing addresses (ingress to the load balancer). */
  CLOUDFRONT_ORIGIN_FACING = 'CLOUDFRONT_ORIGIN_FACING',
  /** S3 in the stack's region (task egress through the S3 gateway endpoint). */
  S3 = 'S3',
}

function nameIn(list: ManagedPrefixListName, region: string): string {
  return list === ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING ? 'com.amazonaws.global.cloudfront.origin-facing' : `com.amazonaws.${region}.s3`;
}

/**
 * Resolve an AWS-managed prefix list to its ID.
 *
 * With a concrete region: a context lookup at synth (no deploy-time machinery; the CDK CLI
 * fills `cdk.context.json` once). In a region-agnostic stack there is nothing to look up at
 * synth, and CloudFormation has no native way to name a managed prefix list, so a
 * Lambda-backed `AwsCustomResource` (read-only `ec2:DescribeManagedPrefixLists`) resolves
 * it at deploy time. That Lambda exists only in region-agnostic stacks, only when a control
 * needs a prefix list. The list is the same for every instance in a stack, so the lookup is a
 * child of the stack, made once and shared (`stackPrefixListLookup`).
 */
export function managedPrefixList(scope: Construct, id: string, list: ManagedPrefixListName): ec2.IPrefixList {
  const stack = Stack.of(scope);
  if (!Token.isUnresolved(stack.region)) {
    return ec2.PrefixList.fromLookup(scope, id, { prefixListName: nameIn(list, stack.region) });
  }
  return ec2.PrefixList.fromPrefixListId(scope, id, stackPrefixListLookup(stack, list).getResponseField('PrefixLists.0.PrefixListId'));
}

/** The construct id of a stack's deploy-time lookup of `list` (a child of the stack). */
export function prefixListLookupId(list: ManagedPrefixListName): string {
  return `HardenedDemoService${list === ManagedPrefixListName.S3 ? 'S3' : 'CloudFront'}PrefixListLookup`;
}

/** The deploy-time lookup of `list` in a region-agnostic stack: one per stack, shared by every instance. */
function stackPrefixListLookup(stack: Stack, list: ManagedPrefixListName): cr.AwsCustomResource {
  const id = prefixListLookupId(list);
  const existing = stack.node.tryFindChild(id) as cr.AwsCustomResource | undefined;
  if (existing) {
    return existing;
  }
  const name = nameIn(list, Aws.REGION);
  const call: cr.AwsSdkCall = {
    service: 'EC2',
    action: 'DescribeManagedPrefixLists',
    parameters: { Filters: [{ Name: 'prefix-list-name', Values: [name] }] },
    physicalResourceId: cr.PhysicalResourceId.of(`managed-prefix-list-${list.toLowerCase()}`),
    outputPaths: ['PrefixLists.0.PrefixListId'],
  };
  return new cr.AwsCustomResource(stack, id, {
    onCreate: call,
    onUpdate: call,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
}
