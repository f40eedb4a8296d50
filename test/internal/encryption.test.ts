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
    const keys = t.findResources('AWS::KMS::Key');
    const logsPrincipal = (st: any) => JSON.stringify(st.Principal?.Service ?? '').includes('logs.');
    const [logsKey, ...others] = Object.keys(keys).filter((id) => keys[id].Properties.KeyPolicy.Statement.some(logsPrincipal));
    expect(others).toEqual([]);
    expect(logsKey).toMatch(/^KeysLogsKey/);
    const statements = keys[logsKey].Properties.KeyPolicy.Statement.filter(logsPrincipal);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*']] } },
      },
    });
    expect(Object.keys(statements[0].Condition)).toEqual(['ArnLike']);
    // The regional principal, logs.<the stack's region>.amazonaws.com, written with the deploy-time region.
    expect(statements[0].Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]] } });
    for (const key of Object.values<any>(t.findResources('AWS::KMS::Key'))) {
      expect(key.DeletionPolicy).toBe('Retain');
    }
  });
});
