/**
 * The stacks the compliance tests (and the cfn-lint run) look at: each level in us-east-1,
 * eu-west-1 and a region-agnostic stack, and PRODUCTION again with a custom domain and
 * imported certificates.
 */
import { App, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel } from '../../src';

export const ACCOUNT = '123456789012';

export type ScenarioEnv = 'us-east-1' | 'eu-west-1' | 'region-agnostic';

export interface Scenario {
  /** Stack id and display name, e.g. `Demo-us-east-1`. */
  readonly name: string;
  readonly level: HardeningLevel;
  readonly env: ScenarioEnv;
  /** domainName, certificate (stack region) and cloudFrontCertificate (us-east-1), imported by ARN. */
  readonly customDomain: boolean;
}

const ENVS: readonly ScenarioEnv[] = ['us-east-1', 'eu-west-1', 'region-agnostic'];

export const SCENARIOS: readonly Scenario[] = [
  ...ENVS.map((env) => ({ name: `Demo-${env}`, level: HardeningLevel.DEMO, env, customDomain: false })),
  ...ENVS.map((env) => ({ name: `Production-${env}`, level: HardeningLevel.PRODUCTION, env, customDomain: false })),
  ...ENVS.map((env) => ({ name: `ProductionDomain-${env}`, level: HardeningLevel.PRODUCTION, env, customDomain: true })),
];

export function certificateArn(region: string): string {
  return `arn:aws:acm:${region}:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`;
}

/** Add the scenario's stack, with `new HardenedDemoService(stack, 'Web', ...)`, to `app`. */
export function addScenarioStack(app: App, scenario: Scenario): { stack: Stack; service: HardenedDemoService } {
  const stack = new Stack(app, scenario.name, {
    env: scenario.env === 'region-agnostic' ? undefined : { account: ACCOUNT, region: scenario.env },
  });
  const props: { -readonly [K in keyof HardenedDemoServiceProps]: HardenedDemoServiceProps[K] } = { hardeningLevel: scenario.level };
  if (scenario.customDomain) {
    // In a region-agnostic stack the regional certificate's region is the deploy-time region.
    const region = Token.isUnresolved(stack.region) ? stack.region : scenario.env;
    props.domainName = 'app.example.com';
    props.certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', certificateArn(region));
    props.cloudFrontCertificate = acm.Certificate.fromCertificateArn(stack, 'CloudFrontCertificate', certificateArn('us-east-1'));
  }
  const service = new HardenedDemoService(stack, 'Web', props);
  return { stack, service };
}
