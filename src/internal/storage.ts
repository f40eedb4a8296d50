import { Aws, CfnDeletionPolicy, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';

export interface ServiceStorageProps {
  /** A customer-managed key for the data bucket; SSE-S3 without one. */
  readonly dataKey?: kms.IKey;
  /** Where the data bucket's server access logs go (the stack's audit bucket); none without it. */
  readonly auditBucket?: s3.IBucket;
  /** This instance's prefix in the audit bucket. */
  readonly accessLogPrefix: string;
  /** Deny permanent version deletion. */
  readonly mfaDeleteAlternative: boolean;
  /** Retained on delete; otherwise emptied and deleted with the stack. */
  readonly retain: boolean;
}

/**
 * Bucket settings every bucket of the construct shares: versioned, private, TLS 1.2+ only,
 * no ACLs.
 */
export function commonBucketProps(): s3.BucketProps {
  return {
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  };
}

/** The prefix of the data bucket's server access logs under the instance's prefix in the audit bucket. */
export const DATA_BUCKET_ACCESS_LOG_PREFIX = 'data-bucket-access/';

/**
 * The data bucket the task reads and writes, its server access logs going to the stack's audit
 * bucket (see StackLogBuckets). The customer-managed key belongs on the data.
 */
export class ServiceStorage extends Construct {
  public readonly dataBucket: s3.Bucket;
  private readonly dataKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: ServiceStorageProps) {
    super(scope, id);
    // Server access logs by bucket policy, never the LogDeliveryWrite ACL, even on its own.
    pinFeatureFlags(this);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.dataKey = props.dataKey;

    this.dataBucket = new s3.Bucket(this, 'DataBucket', {
      ...commonBucketProps(),
      encryption: props.dataKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: props.dataKey ? true : undefined,
      serverAccessLogsBucket: props.auditBucket,
      serverAccessLogsPrefix: props.auditBucket ? `${props.accessLogPrefix}/${DATA_BUCKET_ACCESS_LOG_PREFIX}` : undefined,
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy,
      // Not retained: emptied (every version) when the stack is deleted, or a bucket that ever
      // held an object would stop the deletion.
      autoDeleteObjects: !props.retain,
    });
    keepOnReplacement(this.dataBucket);

    if (props.mfaDeleteAlternative) {
      guardVersions(this.dataBucket);
    }
  }

  /**
   * Let `role` read, write, delete and list the data bucket's objects, action by action (not
   * grantReadWrite's wildcards), and use the data key for them.
   */
  public grantObjectAccess(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'DataBucketObjects', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [this.dataBucket.arnForObjects('*')] }),
    );
    role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'DataBucketList', actions: ['s3:ListBucket'], resources: [this.dataBucket.bucketArn] }));
    this.dataKey?.grant(role, 'kms:Decrypt', 'kms:GenerateDataKey');
  }
}

/**
 * Whatever the level, a bucket replaced by an update is kept, never deleted. Every bucket
 * also sends its events to EventBridge (free until a rule uses them; set on the L1, because
 * the L2 option adds a Lambda-backed custom resource).
 */
export function keepOnReplacement(bucket: s3.Bucket): void {
  const cfn = bucket.node.defaultChild as s3.CfnBucket;
  cfn.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  cfn.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}

/**
 * The automatable half of MFA delete: no principal may permanently delete an object version,
 * and only the account's root user (the only one who can turn real MFA delete on) may change
 * the versioning state.
 */
export function guardVersions(bucket: s3.Bucket): void {
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyPermanentVersionDeletion',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:DeleteObjectVersion'],
      resources: [bucket.arnForObjects('*')],
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyVersioningChangesExceptRoot',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:PutBucketVersioning'],
      resources: [bucket.bucketArn],
      conditions: { StringNotLike: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:root` } },
    }),
  );
}
