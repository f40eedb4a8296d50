import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HardenedDemoService, HardenedDemoServiceProps } from '../src';

export const ACCOUNT = '123456789012';

/** The three kinds of stack every control is tested in. */
export const ENVIRONMENTS = [
  { name: 'us-east-1', env: { account: ACCOUNT, region: 'us-east-1' } },
  { name: 'eu-west-1', env: { account: ACCOUNT, region: 'eu-west-1' } },
  { name: 'region-agnostic', env: undefined },
] as const;

export type EnvName = (typeof ENVIRONMENTS)[number]['name'];

export function newStack(envName: EnvName = 'us-east-1', context?: Record<string, unknown>): Stack {
  const app = new App({ context });
  const env = ENVIRONMENTS.find((e) => e.name === envName)!.env;
  return new Stack(app, 'TestStack', { env });
}

export interface Synthesized {
  readonly stack: Stack;
  readonly service: HardenedDemoService;
  readonly template: Template;
  readonly annotations: Annotations;
}

/** Build one service in a fresh stack and synthesize it. */
export function synth(props: HardenedDemoServiceProps = {}, envName: EnvName = 'us-east-1', context?: Record<string, unknown>): Synthesized {
  const stack = newStack(envName, context);
  const service = new HardenedDemoService(stack, 'Web', props);
  return { stack, service, template: Template.fromStack(stack), annotations: Annotations.fromStack(stack) };
}

/** A regional certificate ARN in the given region (imported, so no ACM resource is created). */
export function regionalCertificate(stack: Stack, region = 'us-east-1', id = 'Cert'): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, id, `arn:aws:acm:${region}:${ACCOUNT}:certificate/0a1b2c3d-0000-1111-2222-333344445555`);
}

/** Every resource of a type, as [logicalId, resource] pairs. */
export function resourcesOf(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

/** The single resource of a type (fails the test when there is not exactly one). */
export function onlyResource(template: Template, type: string): [string, any] {
  const all = resourcesOf(template, type);
  if (all.length !== 1) {
    throw new Error(`expected one ${type}, found ${all.length}`);
  }
  return all[0];
}

/** Warning ids (the acknowledgeable ones) raised anywhere in the stack. */
export function warningTexts(annotations: Annotations): string[] {
  return annotations.findWarning('*', Match.anyValue()).map((m) => String(m.entry.data));
}

export { Match, Template };
