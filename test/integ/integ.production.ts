/**
 * Integration test: HardenedDemoService at PRODUCTION answers through CloudFront.
 *
 * On an AWS account, integ-runner deploys the stack, the assertion stack polls
 * `${service.url}/health` (https://<distribution>.cloudfront.net/health; the load balancer
 * is internal and reachable only through the CloudFront VPC origin) until the sample app
 * answers 200 with its JSON body, and both stacks are destroyed. Without an account it is a
 * snapshot check: `npx projen integ`.
 *
 * The stack is region-agnostic: an explicit env would make the construct look up the
 * availability zones and the managed prefix lists at synth, which needs credentials. Here the
 * prefix lists resolve at deploy time and the web ACL is REGIONAL, on the load balancer.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { assertServesHealth, newIntegApp, synthForIntegRunner } from './util';
import { HardenedDemoService, HardeningLevel } from '../../src';

const app = newIntegApp();
const stack = new Stack(app, 'HardenedDemoServiceInteg-Production', {
  description: 'integ-runner test: HardenedDemoService at PRODUCTION (destroyed after the test)',
});

const service = new HardenedDemoService(stack, 'Web', {
  hardeningLevel: HardeningLevel.PRODUCTION,
  // PRODUCTION keeps data when the stack goes and protects the load balancer from deletion;
  // a test deployment is meant to be destroyed, and with these it is, rather than leaving
  // a protected load balancer that fails the stack deletion and retained keys, repository,
  // buckets and log groups in the account after every run. Buckets not retained are emptied
  // on delete, which the version-deletion guard of mfaDeleteAlternative would forbid, so it
  // goes too. Every other control stays at PRODUCTION (the overrides raise the usual warnings).
  overrides: { retainData: false, mfaDeleteAlternative: false, loadBalancerDeletionProtection: false },
});

// A new distribution and its VPC origin take minutes to serve.
assertServesHealth(app, 'HardenedDemoServiceProduction', stack, service.url, { totalTimeout: Duration.minutes(20), interval: Duration.seconds(30) });

synthForIntegRunner(app);
