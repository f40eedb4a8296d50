import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ServiceStorage } from '../../src/internal/storage';

describe('ServiceStorage', () => {
  test('data bucket alone: SSE-S3, versioned, private, TLS 1.2+ only, no ACLs', () => {
    const s = new Stack(new App(), 'S');
    const st = new ServiceStorage(s, 'St', { dataBucketAccessLogging: false, auditBucketNeeded: false, mfaDeleteAlternative: false, retain: false });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    expect(st.auditBucket).toBeUndefined();
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    const policy = JSON.stringify(t.findResources('AWS::S3::BucketPolicy'));
    expect(policy).toContain('aws:SecureTransport');
    expect(policy).toContain('s3:TlsVersion');
  });

  test('with a key, access logging and the MFA-delete alternative', () => {
    const s = new Stack(new App(), 'S');
    const key = new kms.Key(s, 'K');
    new ServiceStorage(s, 'St', { dataKey: key, dataBucketAccessLogging: true, auditBucketNeeded: true, mfaDeleteAlternative: true, retain: true });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 2);
    const buckets = Object.values<any>(t.findResources('AWS::S3::Bucket'));
    const audit = buckets.find((b) => b.Properties.ObjectLockEnabled)!;
    const data = buckets.find((b) => b.Properties.LoggingConfiguration)!;
    expect(audit.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(data.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(JSON.stringify(t.findResources('AWS::S3::BucketPolicy'))).toContain('DenyPermanentVersionDeletion');
  });
});
