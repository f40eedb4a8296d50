import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardeningLevel } from '../src';
import { testApp } from './util';

/**
 * A safety net only: every control has its own behavioural test. A change here means the
 * template changed; review the diff, then update with `npx projen test:update`.
 */
describe.each([HardeningLevel.DEMO, HardeningLevel.PRODUCTION])('%s template snapshot (region-agnostic)', (level) => {
  test('matches the reviewed template', () => {
    const stack = new Stack(testApp(), 'Snapshot');
    new HardenedDemoService(stack, 'Web', { hardeningLevel: level });
    expect(Template.fromStack(stack).toJSON()).toMatchSnapshot();
  });
});
