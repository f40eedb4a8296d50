import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HardeningLevel } from '../../src';
import { ServiceStorage } from '../../src/internal/storage';
import { bucketPolicyStatements, onlyResource, profileOf, testApp } from '../util';

describe('ServiceStorage', () => {
  test('data bucket alone: SSE-S3, versioned, private, TLS 1.2+ only, no ACLs', () => {
    const s = new Stack(testApp(), 'S');
    new ServiceStorage(s, 'St', { accessLogPrefix: 'St', profile: profileOf(HardeningLevel.DEMO) });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    expect(Object.values<any>(t.findResources('AWS::S3::Bucket'))[0].Properties.LoggingConfiguration).toBeUndefined();
    t.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    const [bucketId] = onlyResource(t, 'AWS::S3::Bucket');
    const resources = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }];
    expect(bucketPolicyStatements(t, bucketId)).toEqual(expect.arrayContaining([
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
    ]));
  });

  test('not retained: the bucket is emptied (every version) when the stack is deleted', () => {
    const s = new Stack(testApp(), 'S');
    new ServiceStorage(s, 'St', { accessLogPrefix: 'St', profile: profileOf(HardeningLevel.DEMO) });
    const t = Template.fromStack(s);
    const [bucketId, bucket] = Object.entries<any>(t.findResources('AWS::S3::Bucket'))[0];
    expect(bucket.DeletionPolicy).toBe('Delete');
    t.hasResourceProperties('Custom::S3AutoDeleteObjects', { BucketName: { Ref: bucketId } });
  });

  test('with a key, access logging under the instance prefix and the MFA-delete alternative', () => {
    const s = new Stack(testApp(), 'S');
    const key = new kms.Key(s, 'K');
    const audit = new s3.Bucket(s, 'Audit');
    new ServiceStorage(s, 'St', { dataKey: key, auditBucket: audit, accessLogPrefix: 'Web', profile: profileOf(HardeningLevel.PRODUCTION) });
    const t = Template.fromStack(s);
    const data = Object.values<any>(t.findResources('AWS::S3::Bucket')).find((b) => b.Properties.LoggingConfiguration)!;
    expect(data.Properties.LoggingConfiguration.LogFilePrefix).toBe('Web/data-bucket-access/');
    expect(data.DeletionPolicy).toBe('Retain');
    expect(data.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    t.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'DenyPermanentVersionDeletion', Effect: 'Deny', Action: 's3:DeleteObjectVersion' })]) },
    });
  });
});
