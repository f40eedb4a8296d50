import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardeningLevel } from '../src';
import { regionalCertificate, testApp } from './util';

function build(props: (s: Stack) => ConstructorParameters<typeof HardenedDemoService>[2]) {
  const stack = new Stack(testApp(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  new HardenedDemoService(stack, 'Web', props(stack));
  return stack;
}

describe('overrides.httpsRedirect: false is refused where it would change nothing', () => {
  test('behind CloudFront, which redirects viewers itself', () => {
    expect(() => build(() => ({ hardeningLevel: HardeningLevel.PRODUCTION, overrides: { httpsRedirect: false } }))).toThrow(
      "overrides.httpsRedirect: behind CloudFront, CloudFront redirects viewers' HTTP to HTTPS and the load balancer takes only CloudFront's requests, so false would change nothing. Remove it, or set overrides.cloudFront to false.",
    );
  });

  test('without a certificate, when the load balancer serves HTTP only', () => {
    expect(() => build(() => ({ hardeningLevel: HardeningLevel.DEMO, overrides: { httpsRedirect: false } }))).toThrow(
      'overrides.httpsRedirect: without certificate the load balancer serves HTTP only and has no redirect to turn off, so false would change nothing. Remove it, or give certificate.',
    );
  });

  test('with a certificate and no CloudFront it is taken: HTTP forwards to the service next to HTTPS', () => {
    const stack = build((s) => ({ hardeningLevel: HardeningLevel.DEMO, certificate: regionalCertificate(s, 'eu-west-1', 'C'), overrides: { httpsRedirect: false } }));
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward' }],
    });
  });
});
