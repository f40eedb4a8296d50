/**
 * Synthesized templates of HardenedDemoService configurations, one synth per configuration
 * per jest worker (synthesis is the slow part; the checks take milliseconds).
 */
import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel, HardeningOverrides } from '../../src';
import { CONTROL_IDS, CONTROL_SPECS } from '../../src/internal/control-specs';
import { EnvName, newStack, regionalCertificate } from '../util';
import { CfnTemplate } from './template-graph';

export interface Configuration {
  /** Readable and unique: used in test names and as the cache key. */
  readonly name: string;
  readonly envName: EnvName;
  readonly level: HardeningLevel;
  /** A custom domain with both certificates (PRODUCTION) or the load balancer certificate (DEMO). */
  readonly domain?: boolean;
  readonly overrides?: HardeningOverrides;
}

const cache = new Map<string, CfnTemplate>();

function domainProps(stack: Stack, level: HardeningLevel): HardenedDemoServiceProps {
  const region = stack.region.startsWith('${') ? 'us-east-1' : stack.region;
  return {
    domainName: 'app.example.com',
    certificate: regionalCertificate(stack, region, 'AlbCert'),
    ...(level === HardeningLevel.PRODUCTION ? { cloudFrontCertificate: regionalCertificate(stack, 'us-east-1', 'CfCert') } : {}),
  };
}

/** The template of a configuration (synthesized on first use in this worker). */
export function templateOf(config: Configuration): CfnTemplate {
  let t = cache.get(config.name);
  if (!t) {
    const stack = newStack(config.envName);
    new HardenedDemoService(stack, 'Web', {
      hardeningLevel: config.level,
      ...(config.domain ? domainProps(stack, config.level) : {}),
      ...(config.overrides ? { overrides: config.overrides } : {}),
    });
    t = Template.fromStack(stack).toJSON() as CfnTemplate;
    cache.set(config.name, t);
  }
  return t;
}

export const level = (lvl: HardeningLevel, envName: EnvName, domain = false): Configuration => ({
  name: `${lvl}${domain ? '+domain' : ''} in ${envName}`,
  envName,
  level: lvl,
  domain,
});

/**
 * Overrides that a toggle needs alongside to stay a valid configuration (the profile refuses
 * CloudFront without an internal load balancer, and an internal load balancer without
 * private subnets).
 */
const COMPANIONS: Partial<Record<keyof HardeningOverrides, HardeningOverrides>> = {
  internalLoadBalancer: { cloudFront: false },
  privateSubnets: { internalLoadBalancer: false, cloudFront: false },
  // Buckets deleted with the stack must be emptied; the version-deletion deny would stop that.
  retainData: { mfaDeleteAlternative: false },
};

/** Every boolean override of `HardeningOverrides` that PRODUCTION takes, flipped from its preset, in us-east-1. */
export function productionToggles(): Configuration[] {
  const presets: Array<[keyof HardeningOverrides, boolean]> = [
    ...CONTROL_IDS.map((id) => [id, CONTROL_SPECS[id].presets.production] as [keyof HardeningOverrides, boolean]),
    ['allowTaskEgressToAnyAddress', false],
  ];
  // httpsRedirect=false is refused behind CloudFront (there is no HTTP listener to change).
  return presets.filter(([id]) => id !== 'httpsRedirect').map(([id, preset]) => {
    const overrides = { ...COMPANIONS[id], [id]: !preset } as HardeningOverrides;
    return {
      name: `PRODUCTION with ${Object.entries(overrides).map(([k, v]) => `${k}=${v}`).join(', ')} in us-east-1`,
      envName: 'us-east-1',
      level: HardeningLevel.PRODUCTION,
      overrides,
    };
  });
}

/**
 * With LIFECYCLE_PROBLEMS_FILE set, every test appends what it found there (one JSON line
 * each), so the current problems can be listed without reading jest output.
 */
export function recordProblems(test: string, problems: string[]): void {
  const file = process.env.LIFECYCLE_PROBLEMS_FILE;
  if (file && problems.length > 0) {
    fs.appendFileSync(file, JSON.stringify({ test, problems }) + '\n');
  }
}

/**
 * One lifecycle test: passes when `run` finds no problem. Tests named in `knownFailing` are
 * declared with `test.failing`: they state the correct rule, fail on today's construct, and
 * turn red as soon as the construct is fixed, so the entry is removed with the fix.
 */
export function lifecycleTest(name: string, knownFailing: ReadonlySet<string>, run: () => string[]): void {
  const declare = knownFailing.has(name) ? test.failing : test;
  declare(name, () => {
    const problems = run();
    recordProblems(name, problems);
    expect(problems).toEqual([]);
  });
}
