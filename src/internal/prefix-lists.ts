import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeFindings, awsSolutions, guard, regulated } from './findings';

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
  const lookup = stackPrefixListLookup(stack, list);
  acknowledgeLookupFindings(scope, lookup, list === ManagedPrefixListName.S3 ? 'restrictTaskEgress' : 'cloudFront');
  return ec2.PrefixList.fromPrefixListId(scope, id, lookup.getResponseField('PrefixLists.0.PrefixListId'));
}

/** aws-cdk-lib's AwsCustomResource provider, a stack-level singleton. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** The findings on a deploy-time lookup and on aws-cdk-lib's provider behind it, filed under the control that needs the list. */
function acknowledgeLookupFindings(by: Construct, lookup: cr.AwsCustomResource, control: 'restrictTaskEgress' | 'cloudFront'): void {
  acknowledgeFindings(by, 'iam', [lookup], regulated('IAMNoInlinePolicy'),
    'The lookup\'s role holds one inline policy for its one purpose (reading one managed prefix list at deploy time); a managed policy would hold the same statement and could be attached elsewhere.');
  acknowledgeFindings(by, 'iam', [lookup], [awsSolutions('IAM5[Resource::*]')],
    'Region-agnostic stacks only: the deploy-time prefix-list lookup calls ec2:DescribeManagedPrefixLists, which has no resource-level permissions; it is read-only.');
  const provider = Stack.of(by).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
  acknowledgeFindings(by, control, [provider], CDK_LAMBDA_FINDINGS,
    "aws-cdk-lib's AwsCustomResource provider (deploy-time prefix-list lookup in region-agnostic stacks). CloudFormation invokes it synchronously during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only AWS APIs, so it needs no VPC; the basic execution role only writes its logs.");
  // Under the recommended flags (@aws-cdk/aws-lambda:useCdkManagedLogGroup) the provider gets a
  // log group of its own (no public property names it); aws-cdk-lib offers no way to encrypt it.
  acknowledgeFindings(by, control, [provider?.node.tryFindChild('LogGroup')], [...regulated('CloudWatchLogGroupEncrypted'), guard('cloudwatch_log_group_encrypted_check')],
    "The log group aws-cdk-lib creates for its AwsCustomResource provider under the recommended feature flags. It holds only the provider's own invocation logs (which managed prefix list was looked up), no application data, and CloudWatch Logs encrypts it with its own key.");
}

const CDK_LAMBDA_FINDINGS = [
  awsSolutions('IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'),
  ...regulated('LambdaConcurrency', ['NIST.800.53.R5', 'HIPAA.Security']),
  ...regulated('LambdaDLQ', ['NIST.800.53.R5', 'HIPAA.Security']),
  ...regulated('LambdaInsideVPC'),
  guard('lambda_inside_vpc_check'),
];

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
