import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { allowElbLogDelivery } from '../../src/internal/elb-log-delivery';
import { testApp } from '../util';

function statementIn(region?: string) {
  const s = new Stack(testApp(), 'L', region ? { env: { account: '123456789012', region } } : undefined);
  const bucket = new s3.Bucket(s, 'B');
  allowElbLogDelivery(s, bucket, 'alb');
  const t = Template.fromStack(s).toJSON();
  const policy = Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::S3::BucketPolicy');
  return { t, statement: policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'AllowLoadBalancerAccessLogDelivery') };
}

describe('allowElbLogDelivery', () => {
  test('a region from before August 2022 uses its ELB account', () => {
    expect(JSON.stringify(statementIn('us-east-1').statement.Principal.AWS)).toContain(':iam::127311923021:root');
  });
  test('a newer region uses the log delivery service principal', () => {
    expect(statementIn('ap-southeast-4').statement.Principal).toEqual({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' });
  });
  test('a region-agnostic stack decides at deploy time, one key at a time', () => {
    const { t, statement } = statementIn();
    expect(Object.keys(statement.Principal).sort()).toEqual(['AWS', 'Service']);
    expect(statement.Principal.AWS['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
    expect(statement.Principal.Service['Fn::If'][1]).toEqual({ Ref: 'AWS::NoValue' });
    expect(t.Mappings.HardenedDemoServiceElbLogAccounts['us-east-1']).toEqual({ account: '127311923021' });
    expect(t.Conditions.HardenedDemoServiceElbLogFromAccount).toBeDefined();
  });
});
