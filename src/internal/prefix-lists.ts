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
 * needs a prefix list.
 */
export function managedPrefixList(scope: Construct, id: string, list: ManagedPrefixListName): ec2.IPrefixList {
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region)) {
    return ec2.PrefixList.fromLookup(scope, id, { prefixListName: nameIn(list, region) });
  }
  const name = nameIn(list, Aws.REGION);
  const call: cr.AwsSdkCall = {
    service: 'EC2',
    action: 'DescribeManagedPrefixLists',
    parameters: { Filters: [{ Name: 'prefix-list-name', Values: [name] }] },
    physicalResourceId: cr.PhysicalResourceId.of(`managed-prefix-list-${list.toLowerCase()}`),
    outputPaths: ['PrefixLists.0.PrefixListId'],
  };
  const lookup = new cr.AwsCustomResource(scope, `${id}Lookup`, {
    onCreate: call,
    onUpdate: call,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    installLatestAwsSdk: false,
  });
  return ec2.PrefixList.fromPrefixListId(scope, id, lookup.getResponseField('PrefixLists.0.PrefixListId'));
}
