import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { logPrefixOf, StackLogBuckets } from '../../src/internal/stack-log-buckets';
import { bucketPolicyStatements, resourcesOf, testApp } from '../util';

describe('StackLogBuckets', () => {
  test('one set per stack and settings, a child of the stack', () => {
    const s = new Stack(testApp(), 'S');
    const a = StackLogBuckets.of(new Construct(s, 'One'), { retain: true, mfaDeleteAlternative: true });
    const b = StackLogBuckets.of(new Construct(s, 'Two'), { retain: true, mfaDeleteAlternative: true });
    const c = StackLogBuckets.of(new Construct(s, 'Three'), { retain: false, mfaDeleteAlternative: false });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(a.node.scope).toBe(s);
  });

  test('retained: SSE-S3 audit bucket with Object Lock and the version-deletion guard; edge log bucket keeps ACLs', () => {
    const s = new Stack(testApp(), 'S');
    const logs = StackLogBuckets.of(s, { retain: true, mfaDeleteAlternative: true });
    void logs.edgeLogBucket;
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 2);
    t.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    const audit = Object.values<any>(t.findResources('AWS::S3::Bucket')).find((b) => !b.Properties.LoggingConfiguration)!;
    expect(audit.Properties.ObjectLockEnabled).toBe(true);
    expect(audit.DeletionPolicy).toBe('Retain');
    expect(audit.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    t.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'edge-log-bucket-access/' },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyPermanentVersionDeletion', Effect: 'Deny' })]) },
    });
  });

  test('both log buckets refuse requests without TLS and over TLS older than 1.2', () => {
    const s = new Stack(testApp(), 'S');
    const logs = StackLogBuckets.of(s, { retain: true, mfaDeleteAlternative: true });
    void logs.edgeLogBucket;
    const t = Template.fromStack(s);
    const buckets = resourcesOf(t, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [bucketId] of buckets) {
      const resources = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }];
      expect(bucketPolicyStatements(t, bucketId)).toEqual(expect.arrayContaining([
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
      ]));
    }
  });

  test('not retained: emptied on delete so the stack can be deleted', () => {
    const s = new Stack(testApp(), 'S');
    const logs = StackLogBuckets.of(s, { retain: false, mfaDeleteAlternative: false });
    void logs.auditBucket;
    const t = Template.fromStack(s);
    const [id, bucket] = Object.entries<any>(t.findResources('AWS::S3::Bucket'))[0];
    expect(bucket.DeletionPolicy).toBe('Delete');
    t.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: id } });
  });

  test('each instance writes under its path in the stack', () => {
    const s = new Stack(testApp(), 'S');
    const team = new Construct(new Construct(s, 'Teams'), 'Orders');
    expect(logPrefixOf(team)).toBe('Teams/Orders');
    expect(logPrefixOf(new Construct(s, 'AWSLogsThing'))).toBe('x-AWSLogsThing');
  });
});
