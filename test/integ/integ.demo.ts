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
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, Stack } from 'aws-cdk-lib';
import { newIntegApp, stableSalt, synthForIntegRunner } from './util';
import { HardenedDemoService, HardeningLevel } from '../../src';

const app = newIntegApp();
const stack = new Stack(app, 'HardenedDemoServiceInteg-Demo', {
  description: 'integ-runner test: HardenedDemoService at DEMO (destroyed after the test)',
});

// DEMO exactly as a user gets it. retainData is off at DEMO: the data bucket (empty, the
// sample app writes nothing) and the repository (emptyOnDelete) go with the stack.
const service = new HardenedDemoService(stack, 'Web', { hardeningLevel: HardeningLevel.DEMO });

const integ = new IntegTest(app, 'HardenedDemoServiceDemo', {
  testCases: [stack],
  // A fresh stack every run: never deploy the previous snapshot first. It also keeps the
  // committed snapshot small, as integ-runner leaves such stacks' staged assets out of it.
  stackUpdateWorkflow: false,
});

// DEMO's load balancer is internet-facing. The first task may not have passed the target
// group's health check when CloudFormation finishes, so poll rather than call once.
stableSalt(
  integ.assertions
    .httpApiCall(`${service.url}/health`)
    .expect(ExpectedResult.objectLike({ status: 200, body: { status: 'ok' } }))
    .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) }),
);

synthForIntegRunner(app);
