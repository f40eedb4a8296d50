import { Aws, CfnDeletionPolicy, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';

export interface ServiceStorageProps {
  /** A customer-managed key for the data bucket; SSE-S3 without one. */
  readonly dataKey?: kms.IKey;
  /** Log data-bucket requests to the audit bucket. */
  readonly dataBucketAccessLogging: boolean;
  /** Create the audit bucket even without data-bucket access logging (other logs go there). */
  readonly auditBucketNeeded: boolean;
  /** Deny permanent version deletion; Object Lock on the audit bucket. */
  readonly mfaDeleteAlternative: boolean;
  readonly retain: boolean;
}

/**
 * Bucket settings every bucket of the construct shares: versioned, private, TLS 1.2+ only,
 * no ACLs.
 */
function commonBucketProps(): s3.BucketProps {
  return {
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  };
}

/** The prefix of the data bucket's server access logs in the audit bucket. */
export const DATA_BUCKET_ACCESS_LOG_PREFIX = 'data-bucket-access/';

/**
 * The data bucket the task reads and writes, and the audit bucket that receives the access
 * logs (S3 server access logs, load balancer and CloudFront logs).
 *
 * Log buckets are SSE-S3: S3 server access logs and load balancer access logs cannot be
 * delivered to a bucket encrypted with SSE-KMS. The customer-managed key belongs on the data.
 */
export class ServiceStorage extends Construct {
  public readonly dataBucket: s3.Bucket;
  public readonly auditBucket?: s3.Bucket;

  constructor(scope: Construct, id: string, props: ServiceStorageProps) {
    super(scope, id);
    // Server access logs by bucket policy, never the LogDeliveryWrite ACL, even on its own.
    pinFeatureFlags(this);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    if (props.dataBucketAccessLogging || props.auditBucketNeeded) {
      this.auditBucket = new s3.Bucket(this, 'AuditBucket', {
        ...commonBucketProps(),
        encryption: s3.BucketEncryption.S3_MANAGED,
        // Object Lock without a default retention: log delivery cannot write to a bucket
        // that has one, but locked versions and legal holds stay possible.
        objectLockEnabled: props.mfaDeleteAlternative ? true : undefined,
        lifecycleRules: [
          { id: 'expire-old-log-versions', noncurrentVersionExpiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ],
        removalPolicy,
      });
      keepOnReplacement(this.auditBucket);
    }

    this.dataBucket = new s3.Bucket(this, 'DataBucket', {
      ...commonBucketProps(),
      encryption: props.dataKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: props.dataKey ? true : undefined,
      serverAccessLogsBucket: props.dataBucketAccessLogging ? this.auditBucket : undefined,
      serverAccessLogsPrefix: props.dataBucketAccessLogging ? DATA_BUCKET_ACCESS_LOG_PREFIX : undefined,
      lifecycleRules: [{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy,
    });
    keepOnReplacement(this.dataBucket);

    if (props.mfaDeleteAlternative) {
      for (const bucket of [this.dataBucket, this.auditBucket]) {
        if (bucket) {
          guardVersions(bucket);
        }
      }
    }
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
