import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { certificateRegion, checkEdgeAndTls, EdgeAndTlsInputs, EdgeControls } from '../../../src/internal/validation/edge-and-tls';
import { testApp } from '../../util';

const ACCOUNT = '123456789012';
const CLOUDFRONT_AND_WAF: EdgeControls = { cloudFront: true, waf: true };
const REGIONAL_ONLY: EdgeControls = { cloudFront: false, waf: false };
const GLOBAL_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`;

const stack = new Stack(testApp(), 'S', { env: { account: ACCOUNT, region: 'eu-west-1' } });
let certificates = 0;
function certificateIn(region: string): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, `Cert${certificates++}`, `arn:aws:acm:${region}:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`);
}

function errorsOf(given: EdgeAndTlsInputs, controls: EdgeControls, region = 'eu-west-1'): string[] {
  const result = checkEdgeAndTls(given, controls, region);
  expect(result.warnings).toEqual([]);
  return result.errors;
}

describe('domainName', () => {
  const longest = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(61)].join('.');
  test.each(['app.example.com', '*.example.com', longest])('%p is a domain name (253 characters at most)', (domainName) => {
    expect(errorsOf({ domainName }, REGIONAL_ONLY)).toEqual([]);
  });
  test.each(['not a domain', 'localhost', 'example.', longest + 'd', `${'a'.repeat(64)}.example.com`])('%p is refused', (domainName) => {
    expect(errorsOf({ domainName }, REGIONAL_ONLY)).toEqual([`domainName: '${domainName}' is not a domain name. Give a name such as 'app.example.com'.`]);
  });
  test('a token is left to deploy time', () => {
    expect(errorsOf({ domainName: Lazy.string({ produce: () => 'x' }) }, REGIONAL_ONLY)).toEqual([]);
  });
});

describe('the load balancer certificate', () => {
  test("one from the stack's region is accepted; one from another region is refused", () => {
    expect(errorsOf({ certificate: certificateIn('eu-west-1') }, REGIONAL_ONLY)).toEqual([]);
    expect(errorsOf({ certificate: certificateIn('us-west-2') }, REGIONAL_ONLY)).toEqual([
      'certificate: the certificate is in us-west-2 but the load balancer is in eu-west-1. Give a certificate issued in eu-west-1.',
    ]);
  });
  test('in a region-agnostic stack the region cannot be compared', () => {
    expect(errorsOf({ certificate: certificateIn('us-west-2') }, REGIONAL_ONLY, Token.asString(Lazy.string({ produce: () => 'r' })))).toEqual([]);
  });
  test('behind CloudFront it needs domainName, the name the origin is reached by', () => {
    expect(errorsOf({ certificate: certificateIn('eu-west-1') }, CLOUDFRONT_AND_WAF)).toEqual([
      'certificate: with CloudFront in front, the load balancer certificate secures the CloudFront-to-load-balancer hop and must cover the name CloudFront uses for the origin. ' +
        'Give domainName (covered by both certificates).',
    ]);
  });
});

describe('with CloudFront: domainName and cloudFrontCertificate come together', () => {
  test('both, the certificate in us-east-1: accepted', () => {
    expect(errorsOf({ domainName: 'app.example.com', cloudFrontCertificate: certificateIn('us-east-1') }, CLOUDFRONT_AND_WAF)).toEqual([]);
  });
  test('domainName alone', () => {
    expect(errorsOf({ domainName: 'app.example.com' }, CLOUDFRONT_AND_WAF)).toEqual([
      'domainName: CloudFront can serve it only with a certificate. Give cloudFrontCertificate (an ACM certificate in us-east-1 covering domainName), or remove domainName.',
    ]);
  });
  test('cloudFrontCertificate alone', () => {
    expect(errorsOf({ cloudFrontCertificate: certificateIn('us-east-1') }, CLOUDFRONT_AND_WAF)).toEqual([
      'cloudFrontCertificate: needs domainName, the name it covers that viewers use. Give domainName.',
    ]);
  });
  test('a viewer certificate outside us-east-1', () => {
    expect(errorsOf({ domainName: 'app.example.com', cloudFrontCertificate: certificateIn('eu-west-1') }, CLOUDFRONT_AND_WAF)).toEqual([
      'cloudFrontCertificate: CloudFront uses certificates from us-east-1 only, and this one is in eu-west-1. Issue (or import) the certificate in us-east-1.',
    ]);
  });
  test('without CloudFront a viewer certificate has nothing to serve', () => {
    expect(errorsOf({ domainName: 'app.example.com', cloudFrontCertificate: certificateIn('us-east-1') }, REGIONAL_ONLY)).toEqual([
      'cloudFrontCertificate: there is no CloudFront distribution at this level. Remove it, or set overrides.cloudFront to true.',
    ]);
  });
});

describe('overrides.httpsRedirect: false', () => {
  test('accepted where the load balancer has HTTPS and an HTTP listener that redirects', () => {
    expect(errorsOf({ httpsRedirect: false, certificate: certificateIn('eu-west-1') }, REGIONAL_ONLY)).toEqual([]);
  });
  test('refused behind CloudFront, where the load balancer takes only CloudFront', () => {
    expect(errorsOf({ httpsRedirect: false }, CLOUDFRONT_AND_WAF)).toEqual([
      "overrides.httpsRedirect: behind CloudFront, CloudFront redirects viewers' HTTP to HTTPS and the load balancer takes only CloudFront's requests, so false would change nothing. " +
        'Remove it, or set overrides.cloudFront to false.',
    ]);
  });
  test('refused without a certificate, where there is no redirect', () => {
    expect(errorsOf({ httpsRedirect: false }, REGIONAL_ONLY)).toEqual([
      'overrides.httpsRedirect: without certificate the load balancer serves HTTP only and has no redirect to turn off, so false would change nothing. Remove it, or give certificate.',
    ]);
  });
  test('true is never refused', () => {
    expect(errorsOf({ httpsRedirect: true }, REGIONAL_ONLY)).toEqual([]);
    expect(errorsOf({ httpsRedirect: true }, CLOUDFRONT_AND_WAF)).toEqual([]);
  });
});

describe('webAclArn', () => {
  test('a CLOUDFRONT-scope ARN, or a token, is accepted with CloudFront and WAF', () => {
    expect(errorsOf({ webAclArn: GLOBAL_ACL }, CLOUDFRONT_AND_WAF)).toEqual([]);
    expect(errorsOf({ webAclArn: Lazy.string({ produce: () => 'x' }) }, CLOUDFRONT_AND_WAF)).toEqual([]);
  });
  test.each([
    `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    'arn:aws:s3:::bucket',
  ])('%p is refused as not CLOUDFRONT scope', (webAclArn) => {
    expect(errorsOf({ webAclArn }, CLOUDFRONT_AND_WAF)).toEqual([
      `webAclArn: '${webAclArn}' is not the ARN of a CLOUDFRONT-scope web ACL. It looks like arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (a REGIONAL ACL cannot protect a distribution).`,
    ]);
  });
  test('refused without CloudFront, and with WAF off, saying which', () => {
    expect(errorsOf({ webAclArn: GLOBAL_ACL }, REGIONAL_ONLY)).toEqual([
      'webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has no CloudFront distribution. Remove webAclArn, or turn cloudFront and waf on.',
    ]);
    expect(errorsOf({ webAclArn: GLOBAL_ACL }, { cloudFront: true, waf: false })).toEqual([
      'webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has WAF turned off. Remove webAclArn, or turn cloudFront and waf on.',
    ]);
  });
});

describe('wafRateLimit', () => {
  test.each([10, 2_000_000_000])('%p, a bound of the range, is accepted', (wafRateLimit) => {
    expect(errorsOf({ wafRateLimit }, CLOUDFRONT_AND_WAF)).toEqual([]);
  });
  test.each([9, 2_000_000_001])('%p, just outside, is refused', (wafRateLimit) => {
    expect(errorsOf({ wafRateLimit }, CLOUDFRONT_AND_WAF)).toEqual([
      `wafRateLimit: ${wafRateLimit} is not allowed. Give requests per client IP per 5 minutes, from 10 to 2,000,000,000.`,
    ]);
  });
  test('refused with WAF off, and with a web ACL brought in', () => {
    expect(errorsOf({ wafRateLimit: 500 }, REGIONAL_ONLY)).toEqual(['wafRateLimit: applies to a web ACL the construct creates, and WAF is off. Remove wafRateLimit.']);
    expect(errorsOf({ wafRateLimit: 500, webAclArn: GLOBAL_ACL }, CLOUDFRONT_AND_WAF)).toEqual([
      'wafRateLimit: applies to a web ACL the construct creates, and webAclArn brings an existing one. Remove wafRateLimit.',
    ]);
  });
});

describe('certificateRegion', () => {
  test('from a concrete ARN', () => {
    expect(certificateRegion(certificateIn('ap-south-1'))).toBe('ap-south-1');
  });
  test("from the certificate's stack when the ARN is a token", () => {
    const other = new Stack(testApp(), 'Other', { env: { account: ACCOUNT, region: 'us-east-1' } });
    expect(certificateRegion(new acm.Certificate(other, 'C', { domainName: 'app.example.com' }))).toBe('us-east-1');
  });
  test('unknown for a token ARN in a region-agnostic stack', () => {
    const agnostic = new Stack(testApp(), 'Agnostic');
    expect(certificateRegion(new acm.Certificate(agnostic, 'C', { domainName: 'app.example.com' }))).toBeUndefined();
  });
});
