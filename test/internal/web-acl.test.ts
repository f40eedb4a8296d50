import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { MANAGED_RULE_GROUPS, ServiceWebAcl, WebAclScope } from '../../src/internal/web-acl';
import { testApp } from '../util';

describe('ServiceWebAcl', () => {
  test.each([WebAclScope.CLOUDFRONT, WebAclScope.REGIONAL])('%s: managed groups, a per-IP rate rule, logging with redaction', (scope) => {
    const s = new Stack(testApp(), 'W', { env: { account: '123456789012', region: 'us-east-1' } });
    new ServiceWebAcl(s, 'Acl', { scope, rateLimit: 750, logRetention: RetentionDays.ONE_MONTH, retainLogs: false, logDeliveryPolicy: true });
    const t = Template.fromStack(s);
    const [acl] = Object.values<any>(t.findResources('AWS::WAFv2::WebACL'));
    expect(acl.Properties.Scope).toBe(scope);
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.map((r: any) => r.Name)).toEqual([...MANAGED_RULE_GROUPS, 'RateLimitPerClientIp']);
    expect(acl.Properties.Rules[3].Statement.RateBasedStatement.Limit).toBe(750);
    const [logging] = Object.values<any>(t.findResources('AWS::WAFv2::LoggingConfiguration'));
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]);
    expect(logging.DependsOn?.length ?? 0).toBeGreaterThan(0);
    t.hasResourceProperties('AWS::Logs::ResourcePolicy', {});
  });
});
