/**
 * Adding a custom domain (certificate, cloudFrontCertificate, domainName) to a running
 * PRODUCTION service, and removing it again: what CloudFormation does with each resource.
 * CloudFront refuses in-place updates to a VPC origin a distribution uses (409), so the origin
 * must change logical ID while everything that holds traffic or data stays.
 */
import { computeChangeSet } from './change-set';
import { level, templateOf } from './configurations';
import { resourcesOfTemplate } from './template-graph';
import { HardeningLevel } from '../../src';

const VPC_ORIGIN = 'AWS::CloudFront::VpcOrigin';

describe.each(['eu-west-1', 'us-east-1', 'region-agnostic'] as const)('adding and removing a domain at PRODUCTION in %s', (env) => {
  const plain = templateOf(level(HardeningLevel.PRODUCTION, env));
  const withDomain = templateOf(level(HardeningLevel.PRODUCTION, env, true));
  const originsOf = (t: typeof plain) => Object.entries(resourcesOfTemplate(t)).filter(([, r]) => r.Type === VPC_ORIGIN);

  test('each template has one VPC origin, HTTP-only without a certificate and HTTPS-only with one', () => {
    expect(originsOf(plain).map(([, r]) => r.Properties?.VpcOriginEndpointConfig.OriginProtocolPolicy)).toEqual(['http-only']);
    expect(originsOf(withDomain).map(([, r]) => r.Properties?.VpcOriginEndpointConfig.OriginProtocolPolicy)).toEqual(['https-only']);
  });

  test.each([
    ['adding', plain, withDomain],
    ['removing', withDomain, plain],
  ])('%s the domain replaces the VPC origin by a new one under another logical ID and name; the distribution, load balancer and target group stay', (_, before, after) => {
    const cs = computeChangeSet(before, after);
    const [[oldId, oldOrigin]] = originsOf(before);
    const [[newId, newOrigin]] = originsOf(after);
    expect(newId).not.toBe(oldId);
    expect(newOrigin.Properties?.VpcOriginEndpointConfig.Name).not.toEqual(oldOrigin.Properties?.VpcOriginEndpointConfig.Name);
    expect(cs.kindOf(oldId)).toBe('REMOVED');
    expect(cs.kindOf(newId)).toBe('ADDED');
    const kinds = (type: string) =>
      Object.entries(resourcesOfTemplate(after)).filter(([, r]) => r.Type === type).map(([id]) => cs.kindOf(id));
    expect(kinds('AWS::CloudFront::Distribution')).toEqual(['UPDATED']);
    expect(kinds('AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([expect.stringMatching(/^(UPDATED|UNCHANGED)$/)]);
    expect(kinds('AWS::ElasticLoadBalancingV2::TargetGroup')).toEqual([expect.stringMatching(/^(UPDATED|UNCHANGED)$/)]);
    expect(cs.ofKind('REPLACED').map((r) => r.typeAfter)).not.toContain('AWS::S3::Bucket');
  });
});
