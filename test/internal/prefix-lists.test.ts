import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { managedPrefixList, ManagedPrefixListName, prefixListLookupId } from '../../src/internal/prefix-lists';
import { testApp } from '../util';

describe('managedPrefixList', () => {
  test('a concrete region looks the list up at synth (no Lambda)', () => {
    const app = testApp();
    const s = new Stack(app, 'P', { env: { account: '123456789012', region: 'eu-west-1' } });
    const pl = managedPrefixList(s, 'S3', ManagedPrefixListName.S3);
    expect(pl.prefixListId).toMatch(/^pl-/);
    Template.fromStack(s).resourceCountIs('Custom::AWS', 0);
    const missing = app.synth().manifest.missing ?? [];
    expect(JSON.stringify(missing)).toContain('com.amazonaws.eu-west-1.s3');
  });

  test('a region-agnostic stack resolves it at deploy time with a read-only call', () => {
    const s = new Stack(testApp(), 'P');
    managedPrefixList(s, 'Cf', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING);
    const t = Template.fromStack(s);
    t.resourceCountIs('Custom::AWS', 1);
    const json = JSON.stringify(t.toJSON());
    expect(json).toContain('com.amazonaws.global.cloudfront.origin-facing');
    expect(json).toContain('ec2:DescribeManagedPrefixLists');
  });

  test('a region-agnostic stack looks each list up once, shared by every instance in it', () => {
    const s = new Stack(testApp(), 'P');
    const a = managedPrefixList(new Construct(s, 'One'), 'Cf', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING);
    const b = managedPrefixList(new Construct(s, 'Two'), 'Cf', ManagedPrefixListName.CLOUDFRONT_ORIGIN_FACING);
    managedPrefixList(new Construct(s, 'Three'), 'S3', ManagedPrefixListName.S3);
    Template.fromStack(s).resourceCountIs('Custom::AWS', 2);
    expect(s.resolve(a.prefixListId)).toEqual(s.resolve(b.prefixListId));
    expect(s.node.tryFindChild(prefixListLookupId(ManagedPrefixListName.S3))).toBeDefined();
  });
});
