import { CfnDeletionPolicy, CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface ServiceImageRegistryProps {
  /** A customer-managed key; AWS-managed (AES256) encryption without one. */
  readonly encryptionKey?: kms.IKey;
  /** Keep the repository (and its images) when it leaves the stack. */
  readonly retain: boolean;
}

/**
 * The ECR repository the construct owns: scan on push, immutable tags, and a lifecycle rule
 * that keeps untagged images from piling up.
 *
 * Changing a repository's encryption replaces it, so the update-replace policy is Retain at
 * every level: switching DEMO to PRODUCTION keeps the old repository and its images.
 */
export class ServiceImageRegistry extends Construct {
  public readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, props: ServiceImageRegistryProps) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: props.encryptionKey ? ecr.RepositoryEncryption.KMS : ecr.RepositoryEncryption.AES_256,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Only a repository that is destroyed with the stack is emptied first.
      emptyOnDelete: props.retain ? undefined : true,
      lifecycleRules: [
        { description: 'Expire untagged images after 14 days', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(14) },
      ],
    });
    (this.repository.node.defaultChild as CfnResource).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  }
}
