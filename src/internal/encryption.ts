import { ArnFormat, Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ServiceKeysProps {
  /** Create the keys at all (customer-managed keys control). */
  readonly enabled: boolean;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Customer-managed KMS keys, one per data domain, rotation on:
 * the ECR repository, the CloudWatch log groups, and the data bucket.
 *
 * With the control off, nothing is created and every resource uses its AWS-managed
 * encryption instead.
 */
export class ServiceKeys extends Construct {
  public readonly repositoryKey?: kms.Key;
  public readonly logsKey?: kms.Key;
  public readonly dataKey?: kms.Key;

  constructor(scope: Construct, id: string, props: ServiceKeysProps) {
    super(scope, id);
    if (!props.enabled) {
      return;
    }
    const keyProps = (description: string): kms.KeyProps => ({
      description,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });

    this.repositoryKey = new kms.Key(this, 'RepositoryKey', keyProps('Encrypts the ECR repository of a HardenedDemoService'));
    this.dataKey = new kms.Key(this, 'DataKey', keyProps('Encrypts the data bucket of a HardenedDemoService'));
    this.logsKey = new kms.Key(this, 'LogsKey', keyProps('Encrypts the CloudWatch log groups of a HardenedDemoService'));

    // Grants only for AWS services acting on AWS resources (ECR, S3 and CloudWatch Logs use
    // grants that way); nobody can hand the keys to an arbitrary principal (CT.KMS.PR.3).
    for (const key of [this.repositoryKey, this.dataKey, this.logsKey]) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'DenyGrantsNotForAwsResources',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }),
      );
    }

    // CloudWatch Logs encrypts with the key itself: its regional service principal needs the
    // key, scoped to log groups of this account and region, or the log group fails to create.
    const stack = Stack.of(this);
    this.logsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccountAndRegion',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.${Aws.URL_SUFFIX}`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
  }
}
