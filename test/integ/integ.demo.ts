/**
 * Integration test: HardenedDemoService at DEMO answers through its load balancer.
 *
 * On an AWS account, integ-runner deploys the stack, the assertion stack polls
 * `${service.url}/health` (http://<ALB DNS name>/health) until the sample app answers 200
 * with its JSON body, and both stacks are destroyed. Without an account it is a snapshot
 * check: `npx projen integ`.
 *
 * The stack is region-agnostic: nothing is looked up at synth, so the snapshot needs no
 * credentials and deploys to whichever region integ-runner is given.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { assertServesHealth, newIntegApp, synthForIntegRunner } from './util';
import { HardenedDemoService, HardeningLevel } from '../../src';

const app = newIntegApp();
const stack = new Stack(app, 'HardenedDemoServiceInteg-Demo', {
  description: 'integ-runner test: HardenedDemoService at DEMO (destroyed after the test)',
});

// DEMO exactly as a user gets it. retainData is off at DEMO: the data bucket (empty, the
// sample app writes nothing) and the repository (emptyOnDelete) go with the stack.
const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.DEMO });

// DEMO's load balancer is internet-facing: polled directly.
assertServesHealth(app, 'HardenedDemoServiceDemo', stack, service.url, { totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) });

synthForIntegRunner(app);
