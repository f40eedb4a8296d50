import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { managedPrefixList, ManagedPrefixListName } from '../../src/internal/prefix-lists';

describe('managedPrefixList', () => {
  test('a concrete region looks the list up at synth (no Lambda)', () => {
    const app = new App();
    const s = new Stack(app, 'P', { env: { account: '123456789012', region: 'eu-west-1' } });
    const pl = managedPrefixList(s, 'S3', ManagedPrefixListName.S3);
    expect(pl.prefixListId).toMatch(/^pl-/);
    Template.fromStack(s).resourceCountIs('Custom::AWS', 0);
    const missing = app.synth().manifest.missing ?? [];
    expect(JSON.stringify(missing)).toContain('com.amazonaws.eu-west-1.s3');
  });

  test('a region-agnostic stack resolves it at deploy time with a read-only call', () => {
    const s = new Stack(new App(), 'P');
    managedPrefixList(s, 'Cf', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING);
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::AWS', 1);
    const json = JSON.stringify(t.toJSON());
    expect(json).toContain('com.amazonaws.global.cloudfront.origin-facing');
    expect(json).toContain('ec2:DescribeManagedPrefixLists');
  });
});
