import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { HardenedDemoService, HardeningLevel } from '../../src';
import { testApp } from '../util';

/**
 * Two flags are read at stack level, where a construct cannot pin them, and change how a
 * value is written, not what it grants: partition literals (arn:aws vs arn:${AWS::Partition})
 * and IAM policy minimization (statements merged). Normalize both before comparing: join
 * partition references into literals, and expand every policy statement into one
 * (effect, principal, action, resource, condition) permission per action and resource.
 */
function normalize(value: any): any {
  if (Array.isArray(value)) {
    const items = value.map(normalize);
    return items.every((i) => typeof i === 'string') ? [...items].sort() : items;
  }
  if (value && typeof value === 'object') {
    if (Array.isArray(value['Fn::Join']) && value['Fn::Join'][0] === '') {
      const parts = value['Fn::Join'][1].map((p: any) => (p && p.Ref === 'AWS::Partition' ? 'aws' : normalize(p)));
      if (parts.every((p: any) => typeof p === 'string')) {
        return parts.join('');
      }
      return { 'Fn::Join': ['', parts] };
    }
    if (Array.isArray(value.Statement)) {
      const permissions = new Set<string>();
      for (const st of value.Statement.map(normalize)) {
        const list = (x: any) => (x === undefined ? [undefined] : Array.isArray(x) ? x : [x]);
        for (const action of list(st.Action)) {
          for (const resource of list(st.Resource)) {
            permissions.add(JSON.stringify([st.Effect, st.Principal, action, resource, st.Condition]));
          }
        }
      }
      return { ...value, Statement: [...permissions].sort() };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

/** The template of one service in an app with the given context (feature flags). */
function templateWith(context: Record<string, unknown>, level: HardeningLevel): Record<string, any> {
  const app = testApp({ context });
  const stack = new Stack(app, 'Flags', { env: { account: '123456789012', region: 'us-east-1' } });
  new HardenedDemoService(stack, 'Web', { hardeningLevel: level });
  return Template.fromStack(stack).toJSON();
}

describe.each([HardeningLevel.DEMO, HardeningLevel.PRODUCTION])('%s hardens the same whatever feature flags the app carries', (level) => {
  const bare = templateWith({}, level);
  const recommended = templateWith({ ...cxapi.CURRENTLY_RECOMMENDED_FLAGS }, level);

  test('server access logs are never granted through the LogDeliveryWrite ACL', () => {
    for (const t of [bare, recommended]) {
      for (const bucket of Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::S3::Bucket')) {
        expect(bucket.Properties.AccessControl).toBeUndefined();
      }
    }
  });

  test('the security-relevant resources are identical under no flags and under the recommended flags', () => {
    const SECURITY_TYPES = [
      'AWS::S3::Bucket',
      'AWS::S3::BucketPolicy',
      'AWS::KMS::Key',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::SecurityGroupIngress',
      'AWS::EC2::SecurityGroupEgress',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::Listener',
      'AWS::ECR::Repository',
      'AWS::ECS::Cluster',
      'AWS::WAFv2::WebACL',
      'AWS::CloudFront::Distribution',
      'AWS::EC2::Subnet',
      'AWS::Logs::LogGroup',
    ];
    const pick = (t: any) =>
      normalize(Object.fromEntries(Object.entries<any>(t.Resources).filter(([, r]) => SECURITY_TYPES.includes(r.Type))));
    expect(pick(recommended)).toEqual(pick(bare));
  });
});
