import { Aws, CfnDeletionPolicy, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';
import { acknowledgeFindings, awsSolutions, guard, regulated, relaxationReason } from './findings';
import type { HardeningProfile } from './profile';

export interface ServiceStorageProps {
  /** A customer-managed key for the data bucket; SSE-S3 without one. */
  readonly dataKey?: kms.IKey;
  /** Where the data bucket's server access logs go (the stack's audit bucket); none without it. */
  readonly auditBucket?: s3.IBucket;
  /** This instance's prefix in the audit bucket. */
  readonly accessLogPrefix: string;
  /** The controls (retainData, mfaDeleteAlternative, ...) and the findings' reasons. */
  readonly profile: HardeningProfile;
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
const DATA_BUCKET_ACCESS_LOG_PREFIX = 'data-bucket-access/';

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
    const c = props.profile.controls;
    const removalPolicy = c.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
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
      autoDeleteObjects: !c.retainData,
    });
    keepOnReplacement(this.dataBucket);

    if (c.mfaDeleteAlternative) {
      guardVersions(this.dataBucket);
    }
    this.acknowledgeFindings(props.profile);
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
    const bucketId = Stack.of(this).getLogicalId(this.dataBucket.node.defaultChild as CfnResource);
    acknowledgeFindings(this, 'iam', [role], [awsSolutions(`IAM5[Resource::<${bucketId}.Arn>/*]`)],
      'Object access to every object of the one data bucket this service owns is its purpose: the application chooses object keys at run time. Actions are listed one by one (get, put, delete, list).');
  }

  /** The findings on the data bucket. */
  private acknowledgeFindings(profile: HardeningProfile): void {
    const c = profile.controls;
    acknowledgeReplication(this, [this.dataBucket], c.retainData);
    acknowledgeFindings(this, 'mfaDeleteAlternative', [this.dataBucket], [guard('s3_bucket_object_lock_enabled_check')],
      c.mfaDeleteAlternative
        ? 'S3 Object Lock can only be turned on when a bucket is created (ObjectLockEnabled replaces the bucket), and this bucket must survive a DEMO-to-PRODUCTION switch with its data. The bucket policy denies permanent version deletion to every principal instead.'
        : relaxationReason(profile, 'mfaDeleteAlternative', 'no Object Lock and no version-deletion guard on the data bucket'));
    if (!c.customerManagedKeys) {
      acknowledgeFindings(this, 'customerManagedKeys', [this.dataBucket], [...regulated('S3DefaultEncryptionKMS'), guard('s3_bucket_default_encryption_kms_check')],
        relaxationReason(profile, 'customerManagedKeys', 'the data bucket is SSE-S3 (AES256)'));
    }
    if (!c.dataBucketAccessLogging) {
      acknowledgeFindings(this, 'dataBucketAccessLogging', [this.dataBucket], [awsSolutions('S1'), ...regulated('S3BucketLoggingEnabled'), guard('s3_bucket_logging_enabled_check')],
        relaxationReason(profile, 'dataBucketAccessLogging', 'data bucket requests are not logged'));
    }
    if (!c.retainData) {
      acknowledgeAutoDeleteProvider(this);
    }
  }
}

/** aws-cdk-lib's provider that empties buckets on delete (autoDeleteObjects), a stack-level singleton. */
const AUTO_DELETE_OBJECTS_PROVIDER = 'Custom::S3AutoDeleteObjectsCustomResourceProvider';

/** The provider that empties the buckets that are not retained: deploy-time only, no VPC needed. */
export function acknowledgeAutoDeleteProvider(by: IConstruct): void {
  acknowledgeFindings(by, 'retainData', [Stack.of(by).node.tryFindChild(AUTO_DELETE_OBJECTS_PROVIDER)], [guard('lambda_inside_vpc_check')],
    "aws-cdk-lib's provider that empties the buckets that are not retained when the stack is deleted (autoDeleteObjects), so the deletion does not stop at a non-empty bucket. CloudFormation invokes it during deployment only: no event source, so reserved concurrency and a DLQ do not apply; it calls only the S3 API, so it needs no VPC.");
}

/** No cross-region replication: a disaster-recovery decision outside one stack. */
export function acknowledgeReplication(by: IConstruct, buckets: IConstruct[], retained: boolean): void {
  acknowledgeFindings(by, 's3Baseline', buckets, regulated('S3BucketReplicationEnabled'),
    'Cross-region replication needs a destination bucket and key in another region or account: a disaster-recovery decision outside one stack. The bucket is versioned' +
      (retained ? ', retained on delete and guarded against permanent version deletion.' : '.'));
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
