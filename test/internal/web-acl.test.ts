import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HardeningLevel } from '../../src';
import { ServiceWebAcl, WebAclScope } from '../../src/internal/web-acl';
import { onlyResource, profileOf, referencedId, testApp } from '../util';

/**
 * The rules written out, not read from the source's MANAGED_RULE_GROUPS: the README's WAF row
 * (IP reputation, common, known bad inputs, per-IP rate limit), in that priority order.
 */
const MANAGED = [
  { name: 'AWSManagedRulesAmazonIpReputationList', priority: 0 },
  { name: 'AWSManagedRulesCommonRuleSet', priority: 1 },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 2 },
];

describe('ServiceWebAcl', () => {
  describe.each([WebAclScope.CLOUDFRONT, WebAclScope.REGIONAL])('%s', (scope) => {
    let t: Template;
    beforeAll(() => {
      const s = new Stack(testApp(), 'W', { env: { account: '123456789012', region: 'us-east-1' } });
      new ServiceWebAcl(s, 'Acl', { scope, rateLimit: 750, logRetention: RetentionDays.ONE_MONTH, logDeliveryPolicy: true, profile: profileOf(HardeningLevel.DEMO) });
      t = Template.fromStack(s);
    });

    test('allows by default and runs the three AWS managed rule groups first, each with its own verdicts (override action none)', () => {
      const [, acl] = onlyResource(t, 'AWS::WAFv2::WebACL');
      expect(acl.Properties.Scope).toBe(scope);
      expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
      const managed = acl.Properties.Rules.filter((r: any) => r.Statement.ManagedRuleGroupStatement);
      expect(managed.map((r: any) => ({ name: r.Name, priority: r.Priority }))).toEqual(MANAGED);
      for (const rule of managed) {
        // `None` keeps the group's own block actions; `Count` would only count what it matches.
        expect(rule.OverrideAction).toEqual({ None: {} });
        expect(rule.Action).toBeUndefined();
        expect(rule.Statement.ManagedRuleGroupStatement).toEqual({ VendorName: 'AWS', Name: rule.Name });
        expect(rule.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
      }
    });

    test('then blocks a client IP over the rate limit per 5 minutes', () => {
      const [, acl] = onlyResource(t, 'AWS::WAFv2::WebACL');
      expect(acl.Properties.Rules).toHaveLength(4);
      expect(acl.Properties.Rules[3]).toMatchObject({
        Name: 'RateLimitPerClientIp',
        Priority: 3,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 750, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      });
    });

    test('logs to an aws-waf-logs-* group (ARN without :*), redacting credentials and cookies, after the delivery policy exists', () => {
      const [aclId] = onlyResource(t, 'AWS::WAFv2::WebACL');
      const [logGroupId, logGroup] = onlyResource(t, 'AWS::Logs::LogGroup');
      expect(logGroup.Properties.LogGroupName).toMatch(/^aws-waf-logs-/);
      expect(logGroup.Properties.RetentionInDays).toBe(30);
      const [, logging] = onlyResource(t, 'AWS::WAFv2::LoggingConfiguration');
      expect(referencedId(logging.Properties.ResourceArn)).toBe(aclId);
      const destination = JSON.stringify(logging.Properties.LogDestinationConfigs);
      expect(destination).toContain(':log-group:');
      expect(destination).toContain(logGroupId);
      expect(destination).not.toContain(':*');
      expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]);
      const [policyId] = onlyResource(t, 'AWS::Logs::ResourcePolicy');
      expect(logging.DependsOn).toEqual(expect.arrayContaining([policyId]));
    });
  });
});
