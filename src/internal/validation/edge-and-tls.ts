import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { CheckResult, ControlValues } from './result';
import { checkWholeNumber, WholeNumberRange } from './whole-numbers';

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const CLOUDFRONT_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;

/** The rate-based rule's limit, as AWS WAF accepts it (requests per client IP per 5 minutes). */
export const WAF_RATE_LIMIT_RANGE: WholeNumberRange = {
  property: 'wafRateLimit',
  min: 10,
  max: 2_000_000_000,
  fix: 'Give requests per client IP per 5 minutes, from 10 to 2,000,000,000.',
};

/** The edge and TLS properties as given (each may be absent). */
export interface EdgeAndTlsInputs {
  readonly domainName?: string;
  readonly certificate?: acm.ICertificate;
  readonly cloudFrontCertificate?: acm.ICertificate;
  /** `overrides.httpsRedirect`. */
  readonly httpsRedirect?: boolean;
  readonly webAclArn?: string;
  readonly wafRateLimit?: number;
}

/** The controls that decide what sits in front of the load balancer. */
export type EdgeControls = Pick<ControlValues, 'cloudFront' | 'waf'>;

/**
 * Names, certificates and the web ACL: a domain name that is one; the load balancer
 * certificate from the stack's region; with CloudFront, a us-east-1 viewer certificate and
 * the domain name together, and a load balancer certificate only with a domain name to cover;
 * without CloudFront, no viewer certificate; `overrides.httpsRedirect: false` only where an
 * HTTP listener redirects; a given web ACL only of CLOUDFRONT scope, with CloudFront and WAF
 * on; a rate limit in range, only for a web ACL the construct creates.
 *
 * @param region the stack's region (a token for a region-agnostic stack)
 */
export function checkEdgeAndTls(given: EdgeAndTlsInputs, controls: EdgeControls, region: string): CheckResult {
  const errors: string[] = [];
  const { domainName, certificate, cloudFrontCertificate, webAclArn } = given;
  if (domainName !== undefined && !Token.isUnresolved(domainName) && !HOSTNAME.test(domainName)) {
    errors.push(`domainName: '${domainName}' is not a domain name. Give a name such as 'app.example.com'.`);
  }
  if (certificate) {
    const certRegion = certificateRegion(certificate);
    if (certRegion && !Token.isUnresolved(region) && certRegion !== region) {
      errors.push(`certificate: the certificate is in ${certRegion} but the load balancer is in ${region}. Give a certificate issued in ${region}.`);
    }
  }
  if (controls.cloudFront) {
    errors.push(...checkCloudFrontNames(given));
  } else if (cloudFrontCertificate) {
    errors.push('cloudFrontCertificate: there is no CloudFront distribution at this level. Remove it, or set overrides.cloudFront to true.');
  }
  if (given.httpsRedirect === false) {
    // Only the load balancer's HTTP listener can serve HTTP next to HTTPS: refuse the override
    // where there is no such listener to change, rather than ignore it.
    if (controls.cloudFront) {
      errors.push(
        "overrides.httpsRedirect: behind CloudFront, CloudFront redirects viewers' HTTP to HTTPS and the load balancer takes only CloudFront's requests, so false would change nothing. Remove it, or set overrides.cloudFront to false.",
      );
    } else if (!certificate) {
      errors.push('overrides.httpsRedirect: without certificate the load balancer serves HTTP only and has no redirect to turn off, so false would change nothing. Remove it, or give certificate.');
    }
  }
  if (webAclArn !== undefined) {
    if (!controls.cloudFront || !controls.waf) {
      errors.push(
        'webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has ' +
          (!controls.cloudFront ? 'no CloudFront distribution' : 'WAF turned off') +
          '. Remove webAclArn, or turn cloudFront and waf on.',
      );
    } else if (!Token.isUnresolved(webAclArn) && !CLOUDFRONT_WEB_ACL_ARN.test(webAclArn)) {
      errors.push(
        `webAclArn: '${webAclArn}' is not the ARN of a CLOUDFRONT-scope web ACL. It looks like arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (a REGIONAL ACL cannot protect a distribution).`,
      );
    }
  }
  errors.push(...checkWholeNumber(given.wafRateLimit, WAF_RATE_LIMIT_RANGE));
  if (given.wafRateLimit !== undefined && (!controls.waf || webAclArn !== undefined)) {
    errors.push(`wafRateLimit: applies to a web ACL the construct creates, and ${!controls.waf ? 'WAF is off' : 'webAclArn brings an existing one'}. Remove wafRateLimit.`);
  }
  return { errors, warnings: [] };
}

/**
 * The region of a certificate, when it can be known at synth: from a concrete ARN, or else
 * from the certificate's own stack.
 */
export function certificateRegion(certificate: acm.ICertificate): string | undefined {
  const arn = certificate.certificateArn;
  if (!Token.isUnresolved(arn)) {
    const parts = arn.split(':');
    return parts.length > 3 && parts[3] ? parts[3] : undefined;
  }
  const region = certificate.env?.region;
  return region && !Token.isUnresolved(region) ? region : undefined;
}

/** With CloudFront in front: which names and certificates must come together. */
function checkCloudFrontNames(given: EdgeAndTlsInputs): string[] {
  const errors: string[] = [];
  const { domainName, certificate, cloudFrontCertificate } = given;
  if (domainName !== undefined && !cloudFrontCertificate) {
    errors.push('domainName: CloudFront can serve it only with a certificate. Give cloudFrontCertificate (an ACM certificate in us-east-1 covering domainName), or remove domainName.');
  }
  if (cloudFrontCertificate) {
    const certRegion = certificateRegion(cloudFrontCertificate);
    if (certRegion && certRegion !== 'us-east-1') {
      errors.push(`cloudFrontCertificate: CloudFront uses certificates from us-east-1 only, and this one is in ${certRegion}. Issue (or import) the certificate in us-east-1.`);
    }
    if (domainName === undefined) {
      errors.push('cloudFrontCertificate: needs domainName, the name it covers that viewers use. Give domainName.');
    }
  }
  if (certificate && domainName === undefined) {
    errors.push(
      'certificate: with CloudFront in front, the load balancer certificate secures the CloudFront-to-load-balancer hop and must cover the name CloudFront uses for the origin. Give domainName (covered by both certificates).',
    );
  }
  return errors;
}
