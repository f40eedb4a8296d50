import { Aws, CfnRule, Fn, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Partitions: the construct is built and tested for the standard `aws` partition only.
 *
 * Elsewhere the service endpoints and principals it names differ (China: `*.amazonaws.com.cn`
 * endpoint names, ECR among them, and a public site needs an ICP filing; GovCloud, the ISO
 * partitions and the European Sovereign Cloud have their own endpoint names and feature
 * sets) and CloudFront is absent (GovCloud, ISO) or a separate service (China). Rather than
 * synthesize a template that fails halfway through a deploy there, the construct refuses:
 *
 * - a stack with a concrete region: `checkPartition` returns errors at synth;
 * - a region-agnostic stack: nothing is known at synth, so `addPartitionRule` adds a
 *   CloudFormation Rules assertion on `AWS::Partition`. CloudFormation evaluates Rules before
 *   it creates or changes any resource, so deploying the template elsewhere fails at once
 *   with the assertion's description, and nothing is left to clean up.
 */

/** The one partition the construct supports. */
const SUPPORTED_PARTITION = 'aws';

/** The id (and logical ID) of the partition rule: one per stack, whatever the instances. */
export const PARTITION_RULE_ID = 'HardenedDemoServiceSupportedPartition';

/** Region-name prefixes of the other partitions, for regions this aws-cdk-lib does not know yet. */
const PARTITION_BY_PREFIX: ReadonlyArray<[RegExp, string]> = [
  [/^cn-/, 'aws-cn'],
  [/^us-gov-/, 'aws-us-gov'],
  [/^us-isob-/, 'aws-iso-b'],
  [/^us-isof-/, 'aws-iso-f'],
  [/^eu-isoe-/, 'aws-iso-e'],
  [/^[a-z]{2}-iso[a-z]*-/, 'aws-iso'],
  [/^eusc-/, 'aws-eusc'],
];

/** Why each other partition is refused (beyond the endpoint names). */
const WHY: { [partition: string]: { always: string; cloudFront: string } } = {
  'aws-cn': {
    always: 'its service endpoints are named *.amazonaws.com.cn (ECR, CloudWatch Logs, S3 and the VPC endpoints the construct creates)',
    cloudFront: 'CloudFront there is a separate service that needs an ICP filing before a distribution serves anything',
  },
  'aws-us-gov': {
    always: 'its service endpoints and FIPS requirements differ from the aws partition the construct is built for',
    cloudFront: 'CloudFront is not available in AWS GovCloud (US)',
  },
  'aws-eusc': {
    always: 'its service endpoints and available features differ from the aws partition the construct is built for',
    cloudFront: 'CloudFront and the us-east-1 resources a distribution needs (WAF web ACL, viewer certificate) are not part of that partition',
  },
};
const WHY_ISO = {
  always: 'its service endpoints and available features differ from the aws partition the construct is built for',
  cloudFront: 'CloudFront is not available there',
};

/** The partition of a concrete region name. */
export function partitionOf(region: string): string {
  const known = RegionInfo.get(region).partition;
  if (known) {
    return known;
  }
  const byPrefix = PARTITION_BY_PREFIX.find(([re]) => re.test(region));
  // An unknown region without another partition's prefix is a new commercial region.
  return byPrefix ? byPrefix[1] : SUPPORTED_PARTITION;
}

/**
 * Errors (property, problem, fix) for a stack whose concrete region lies outside the aws
 * partition; none for an aws region or a region-agnostic stack (see `addPartitionRule`).
 *
 * @param usesCloudFront whether the resolved profile puts CloudFront in front of the load
 * balancer: the message then says what CloudFront lacks there too.
 */
export function checkPartition(stack: Stack, usesCloudFront: boolean): string[] {
  const region = stack.region;
  if (Token.isUnresolved(region)) {
    return [];
  }
  const partition = partitionOf(region);
  if (partition === SUPPORTED_PARTITION) {
    return [];
  }
  const why = WHY[partition] ?? WHY_ISO;
  const reasons = usesCloudFront ? `${why.always}, and ${why.cloudFront}` : why.always;
  const cloudFrontHint = usesCloudFront ? ' (turning off overrides.cloudFront does not help: the rest of the construct is aws-partition only too)' : '';
  return [
    `env.region of stack ${stack.stackName}: ${region} is in the ${partition} partition, which HardenedDemoService does not support: ${reasons}. ` +
      `Deploy the stack to a region of the aws partition (for example eu-west-1 or us-east-1)${cloudFrontHint}.`,
  ];
}

/**
 * Add, once per stack, a CloudFormation rule that refuses to deploy the template outside the
 * aws partition. Only region-agnostic stacks get it: a concrete region is checked at synth by
 * `checkPartition`, and its template stays free of an always-true rule. Idempotent: any
 * number of instances in one stack share the one rule. Returns the rule (or undefined).
 */
export function addPartitionRule(stack: Stack): CfnRule | undefined {
  if (!Token.isUnresolved(stack.region)) {
    return undefined;
  }
  const existing = stack.node.tryFindChild(PARTITION_RULE_ID);
  if (existing) {
    if (!(existing instanceof CfnRule)) {
      throw new Error(`${stack.node.path}/${PARTITION_RULE_ID}: this id is reserved for the HardenedDemoService partition rule; rename the construct that uses it.`);
    }
    return existing;
  }
  return new CfnRule(stack, PARTITION_RULE_ID, {
    assertions: [
      {
        assert: Fn.conditionEquals(Aws.PARTITION, SUPPORTED_PARTITION),
        assertDescription:
          'HardenedDemoService supports the aws partition only: in China (aws-cn), AWS GovCloud (aws-us-gov), the ISO partitions and the ' +
          'European Sovereign Cloud the service endpoint names differ and CloudFront is absent or needs separate setup. Deploy this template ' +
          'to a region of the aws partition. Nothing was created.',
      },
    ],
  });
}
