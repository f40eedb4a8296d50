import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ServiceImageRegistry } from '../../src/internal/image-registry';
import { testApp } from '../util';

describe('ServiceImageRegistry', () => {
  test('scan on push, immutable tags, untagged images expire; emptied and deleted with a demo stack', () => {
    const s = new Stack(testApp(), 'R');
    new ServiceImageRegistry(s, 'Reg', { retain: false });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EmptyOnDelete: true,
    });
    const [repo] = Object.values<any>(t.findResources('AWS::ECR::Repository'));
    expect(repo.DeletionPolicy).toBe('Delete');
    expect(repo.UpdateReplacePolicy).toBe('Retain');
    expect(repo.Properties.LifecyclePolicy.LifecyclePolicyText).toContain('untagged');
  });

  test('a customer-managed key and retention', () => {
    const s = new Stack(testApp(), 'R');
    new ServiceImageRegistry(s, 'Reg', { retain: true, encryptionKey: new kms.Key(s, 'K') });
    const [repo] = Object.values<any>(Template.fromStack(s).findResources('AWS::ECR::Repository'));
    expect(repo.Properties.EncryptionConfiguration.EncryptionType).toBe('KMS');
    expect(repo.DeletionPolicy).toBe('Retain');
    expect(repo.Properties.EmptyOnDelete).toBeUndefined();
  });
});
