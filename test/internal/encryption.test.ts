import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceKeys } from '../../src/internal/encryption';
import { testApp } from '../util';

describe('ServiceKeys', () => {
  test('off: no keys at all', () => {
    const s = new Stack(testApp(), 'K');
    const keys = new ServiceKeys(s, 'Keys', { enabled: false, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(s).resourceCountIs('AWS::KMS::Key', 0);
    expect(keys.dataKey).toBeUndefined();
  });

  test('on: three rotating keys; the logs key admits the regional logs principal for this account only', () => {
    const s = new Stack(testApp(), 'K', { env: { account: '123456789012', region: 'eu-west-1' } });
    new ServiceKeys(s, 'Keys', { enabled: true, removalPolicy: RemovalPolicy.RETAIN });
    const t = Template.fromStack(s);
    t.resourceCountIs('AWS::KMS::Key', 3);
    t.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const policies = JSON.stringify(t.findResources('AWS::KMS::Key'));
    expect(policies).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(policies).toContain(':logs:eu-west-1:123456789012:log-group:*');
    for (const key of Object.values<any>(t.findResources('AWS::KMS::Key'))) {
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });
});
