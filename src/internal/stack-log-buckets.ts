import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';
import { acknowledgeFindings, guard, regulated, shareFindings } from './findings';
import { acknowledgeAutoDeleteProvider, acknowledgeReplication, commonBucketProps, guardVersions, keepOnReplacement } from './storage';

/** The prefix of the edge log bucket's own server access logs in the audit bucket. */
const EDGE_LOG_BUCKET_ACCESS_LOG_PREFIX = 'edge-log-bucket-access/';

/** How the log buckets of a stack are kept. Instances that differ here get buckets of their own. */
export interface LogBucketSettings {
  /** Retained on delete (otherwise emptied and deleted with the stack). */
  readonly retain: boolean;
  /** Object Lock and the version-deletion guard. */
  readonly mfaDeleteAlternative: boolean;
}

/**
 * The log buckets of one stack, shared by every instance in it: the audit bucket (S3 server
 * access logs, load balancer access logs) and the edge log bucket (CloudFront standard logs).
 * Each instance writes under a prefix of its own (`logPrefixOf`).
 *
 * They are children of the stack, not of an instance, so removing one service never deletes
 * another's logs. Log buckets are SSE-S3: S3 server access logs and load balancer access logs
 * cannot be delivered to a bucket encrypted with SSE-KMS.
 */
export class StackLogBuckets extends Construct {
  /** The log buckets of `scope`'s stack for these settings, created on first use. */
  public static of(scope: IConstruct, settings: LogBucketSettings): StackLogBuckets {
    const stack = Stack.of(scope);
    const id = `HardenedDemoServiceLogBuckets${settings.retain ? '' : 'Ephemeral'}${settings.mfaDeleteAlternative ? '' : 'Unlocked'}`;
    const buckets = (stack.node.tryFindChild(id) as StackLogBuckets | undefined) ?? new StackLogBuckets(stack, id, settings);
    // What the log buckets acknowledge is listed in the report of every instance that uses them.
    shareFindings(buckets, scope);
    return buckets;
  }

  private _auditBucket?: s3.Bucket;
  private _edgeLogBucket?: s3.Bucket;

  private constructor(scope: Construct, id: string, private readonly settings: LogBucketSettings) {
    super(scope, id);
    // Server access logs by bucket policy, never the LogDeliveryWrite ACL, whatever the app's flags.
    pinFeatureFlags(this);
  }

  /** The audit bucket: access logs of the data buckets, of the edge log bucket and of the load balancers. */
  public get auditBucket(): s3.Bucket {
    if (!this._auditBucket) {
      this._auditBucket = new s3.Bucket(this, 'AuditBucket', {
        ...commonBucketProps(),
        encryption: s3.BucketEncryption.S3_MANAGED,
        // Object Lock without a default retention: log delivery cannot write to a bucket that
        // has one, but locked versions and legal holds stay possible.
        objectLockEnabled: this.settings.mfaDeleteAlternative ? true : undefined,
        lifecycleRules: [
          { id: 'expire-old-log-versions', noncurrentVersionExpiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ],
        ...this.removal(),
      });
      this.protect(this._auditBucket);
      acknowledgeFindings(this, 'dataBucketAccessLogging', [this._auditBucket], [guard('s3_bucket_logging_enabled_check')],
        'This is the access-log destination: logging it to itself would loop, and logging it elsewhere only moves the question. Object Lock and the version-deletion guard protect what it holds.');
    }
    return this._auditBucket;
  }

  /** The bucket CloudFront's standard logs go to (ACLs enabled: CloudFront writes through them). */
  public get edgeLogBucket(): s3.Bucket {
    if (!this._edgeLogBucket) {
      this._edgeLogBucket = new s3.Bucket(this, 'EdgeLogBucket', {
        versioned: true,
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        minimumTLSVersion: 1.2,
        // CloudFront standard logging writes through bucket ACLs: this bucket alone keeps them
        // enabled (object writer), and it holds nothing but CloudFront's logs.
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        objectLockEnabled: this.settings.mfaDeleteAlternative ? true : undefined,
        serverAccessLogsBucket: this.auditBucket,
        serverAccessLogsPrefix: EDGE_LOG_BUCKET_ACCESS_LOG_PREFIX,
        lifecycleRules: [{ id: 'expire-old-log-versions', noncurrentVersionExpiration: Duration.days(365) }],
        ...this.removal(),
      });
      this.protect(this._edgeLogBucket);
    }
    return this._edgeLogBucket;
  }

  /** The buckets created so far. */
  public get buckets(): s3.Bucket[] {
    return [this._auditBucket, this._edgeLogBucket].filter((b): b is s3.Bucket => b !== undefined);
  }

  private removal(): Pick<s3.BucketProps, 'removalPolicy' | 'autoDeleteObjects'> {
    // Not retained: emptied on delete, or a bucket that ever received a log would stop the
    // stack's deletion.
    return this.settings.retain ? { removalPolicy: RemovalPolicy.RETAIN } : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };
  }

  /** What every log bucket gets: kept on replacement, the version guard, and its findings. */
  private protect(bucket: s3.Bucket): void {
    keepOnReplacement(bucket);
    if (this.settings.mfaDeleteAlternative) {
      guardVersions(bucket);
    }
    acknowledgeReplication(this, [bucket], this.settings.retain);
    acknowledgeFindings(this, 'customerManagedKeys', [bucket], [...regulated('S3DefaultEncryptionKMS'), guard('s3_bucket_default_encryption_kms_check')],
      'A log destination: load balancer access logs and S3 server access logs cannot be delivered to a bucket whose default encryption is SSE-KMS, so it is SSE-S3. It is private, TLS-only, versioned and holds logs only; the customer-managed key protects the data bucket.');
    if (!this.settings.retain) {
      acknowledgeAutoDeleteProvider(this);
    }
  }
}

/** The prefix under which one instance writes to the shared log buckets: its path in the stack. */
export function logPrefixOf(instance: IConstruct): string {
  const stack = Stack.of(instance);
  const relative = instance.node.scopes.slice(stack.node.scopes.length).map((s) => s.node.id).join('/');
  return relative.replace(/[^A-Za-z0-9/_-]+/g, '-').replace(/^AWSLogs/i, 'x-AWSLogs');
}
