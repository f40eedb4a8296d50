import * as fs from 'node:fs';
import * as path from 'node:path';
import { HardeningLevel } from '../../src';
import { CONTROL_IDS, CONTROL_SPECS, isSwitchable, REPORT_ROW_IDS, turnOnStep, weakReason } from '../../src/internal/control-specs';
import { DEMO_RELAXED_CONTROLS, profileOf } from '../util';

const OVERRIDES_SOURCE = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'overrides.ts'), 'utf8');

/** Every `readonly <name>?: boolean;` of overrides.ts with the `@default` line of the doc comment right above it. */
function documentedDefaults(): Array<{ name: string; defaultLine: string | undefined }> {
  // A doc comment (that does not run past its own end) directly followed by the field.
  const field = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)\?: boolean;/g;
  return [...OVERRIDES_SOURCE.matchAll(field)].map(([, doc, name]) => ({
    name,
    defaultLine: /^\s*\*\s*(@default\b.*?)\s*$/m.exec(doc)?.[1],
  }));
}

/** The values a `@default` line documents, in the three forms overrides.ts uses; anything else fails. */
function parseDefault(name: string, line: string | undefined): { demo: boolean; production: boolean } {
  if (line === '@default true') {
    return { demo: true, production: true };
  }
  if (line === '@default false') {
    return { demo: false, production: false };
  }
  const perLevel = /^@default - DEMO: (true|false); PRODUCTION: (true|false)$/.exec(line ?? '');
  if (perLevel) {
    return { demo: perLevel[1] === 'true', production: perLevel[2] === 'true' };
  }
  throw new Error(`overrides.${name}: the @default line is not one of the documented forms: ${JSON.stringify(line)}`);
}

describe('the @default docs of overrides.ts', () => {
  const documented = documentedDefaults();

  test('every boolean field of HardeningOverrides has a doc comment with a @default line', () => {
    const fields = [...OVERRIDES_SOURCE.matchAll(/readonly (\w+)\?: boolean;/g)].map((m) => m[1]);
    expect(documented.map((d) => d.name)).toEqual(fields);
    expect(documented.filter((d) => d.defaultLine === undefined).map((d) => d.name)).toEqual([]);
  });

  test('the @default docs of overrides.ts match the presets', () => {
    const controls = documented.filter((d) => d.name !== 'allowTaskEgressToAnyAddress');
    expect(controls.length).toBeGreaterThan(0);
    for (const { name, defaultLine } of controls) {
      const spec = CONTROL_SPECS[name as (typeof CONTROL_IDS)[number]];
      expect([name, parseDefault(name, defaultLine)]).toEqual([name, { demo: spec?.presets?.demo, production: spec?.presets?.production }]);
    }
  });

  test('every control has a documented override, and every documented override is a control (or the egress allow-list switch)', () => {
    const names = documented.map((d) => d.name);
    expect([...names].sort()).toEqual([...CONTROL_IDS, 'allowTaskEgressToAnyAddress'].sort());
  });

  test('allowTaskEgressToAnyAddress is not a control: documented false, and false in the profile of either level', () => {
    const entry = documented.find((d) => d.name === 'allowTaskEgressToAnyAddress');
    expect(entry?.defaultLine).toBe('@default false');
    expect(CONTROL_IDS).not.toContain('allowTaskEgressToAnyAddress');
    expect(profileOf(HardeningLevel.DEMO).allowTaskEgressToAnyAddress).toBe(false);
    expect(profileOf(HardeningLevel.PRODUCTION).allowTaskEgressToAnyAddress).toBe(false);
  });
});

describe('the control specs', () => {
  test('the report rows, in the order of the source notes (the "not implemented" items first)', () => {
    expect(REPORT_ROW_IDS).toEqual([
      'internalLoadBalancer',
      'cloudFront',
      'waf',
      'customerManagedKeys',
      'mfaDeleteAlternative',
      'dataBucketAccessLogging',
      'privateSubnets',
      'restrictTaskEgress',
      'dropInvalidHeaderFields',
      'loadBalancerEgress',
      'taskIngress',
      'containerInsights',
      'tlsMinimum',
      'iam',
      'environmentSecrets',
      'ecrScanOnPush',
      's3Baseline',
      'stateLocking',
      'httpsRedirect',
      'loadBalancerAccessLogs',
      'loadBalancerDeletionProtection',
      'vpcFlowLogs',
      'restrictDefaultSecurityGroup',
      'logRetention',
      'deploymentCircuitBreaker',
      'ecsExec',
      'readOnlyRootFilesystem',
      'retainData',
      'autoScaling',
      'alarms',
    ]);
  });

  test('the rows no override switches: fixed, or following from the inputs', () => {
    expect(REPORT_ROW_IDS.filter((id) => !isSwitchable(id))).toEqual([
      'loadBalancerEgress',
      'taskIngress',
      'tlsMinimum',
      'iam',
      'environmentSecrets',
      'ecrScanOnPush',
      's3Baseline',
      'stateLocking',
      'logRetention',
    ]);
  });

  test('the "not implemented" items of the source notes come first, 1 to 6, in order', () => {
    const seeds = REPORT_ROW_IDS.map((id) => CONTROL_SPECS[id].seed);
    expect(seeds.slice(0, 8)).toEqual([
      'Not implemented 1',
      'Not implemented 1; full hardening step 2',
      'Not implemented 1',
      'Not implemented 2',
      'Not implemented 3',
      'Not implemented 4',
      'Not implemented 5',
      'Not implemented 6',
    ]);
    expect(seeds.slice(8).filter((s) => s?.startsWith('Not implemented'))).toEqual([]);
  });

  test('every switchable row says what its weak value means', () => {
    expect(CONTROL_IDS.filter((id) => !CONTROL_SPECS[id].weakMeans)).toEqual([]);
  });

  test('every row whose DEMO preset is weaker than secure says why DEMO chooses it', () => {
    const weakerAtDemo = CONTROL_IDS.filter((id) => CONTROL_SPECS[id].presets.demo !== CONTROL_SPECS[id].presets.secure);
    expect(weakerAtDemo).toEqual([...DEMO_RELAXED_CONTROLS]);
    // The exceptions (rows weaker at DEMO with no reason) are none.
    expect(weakerAtDemo.filter((id) => !CONTROL_SPECS[id].demoReason)).toEqual([]);
  });

  test('the "not implemented" items carry the source notes\' reasons', () => {
    expect({
      internalLoadBalancer: CONTROL_SPECS.internalLoadBalancer.demoReason,
      customerManagedKeys: CONTROL_SPECS.customerManagedKeys.demoReason,
      mfaDeleteAlternative: CONTROL_SPECS.mfaDeleteAlternative.demoReason,
      dataBucketAccessLogging: CONTROL_SPECS.dataBucketAccessLogging.demoReason,
      privateSubnets: CONTROL_SPECS.privateSubnets.demoReason,
      restrictTaskEgress: CONTROL_SPECS.restrictTaskEgress.demoReason,
    }).toEqual({
      internalLoadBalancer: 'Demo needs public access',
      customerManagedKeys: 'Adds cost and complexity for demo',
      mfaDeleteAlternative: 'Requires manual AWS Console configuration',
      dataBucketAccessLogging: 'Additional S3 costs for demo',
      privateSubnets: 'Simplifies demo networking',
      restrictTaskEgress: "Demo doesn't have fixed downstream services",
    });
  });

  test('ECS Exec is the control whose secure value is false (off at both levels)', () => {
    expect(CONTROL_SPECS.ecsExec.presets).toEqual({ demo: false, production: false, secure: false });
    expect(CONTROL_IDS.filter((id) => CONTROL_SPECS[id].presets.secure === false)).toEqual(['ecsExec']);
  });
});

describe('turnOnStep', () => {
  test('a switchable control without its own step: set the override to its secure value, or use PRODUCTION', () => {
    expect(turnOnStep('waf')).toBe('set `overrides.waf` to true (or use `HardeningLevel.PRODUCTION`).');
  });

  test('ECS Exec is turned "on" (to its secure value) by switching it off', () => {
    expect(turnOnStep('ecsExec')).toBe('set `overrides.ecsExec` to false (or leave it unset).');
  });

  test('MFA delete: the automatable guard first, then the root user\'s CLI step', () => {
    expect(turnOnStep('mfaDeleteAlternative')).toBe(
      'set `overrides.mfaDeleteAlternative` to true for the automatable guard, then enable real MFA delete as the root user with the CLI step.',
    );
  });

  test('a fixed row with no step of its own has none', () => {
    expect(turnOnStep('iam')).toBe('');
  });
});

describe('weakReason', () => {
  test('at the level: the level and the source notes\' reason', () => {
    expect(weakReason(profileOf(HardeningLevel.DEMO), 'waf')).toBe('DEMO level: Demo needs public access with the fewest moving parts');
    expect(weakReason(profileOf(HardeningLevel.DEMO), 'privateSubnets')).toBe('DEMO level: Simplifies demo networking');
  });

  test('a level with no reason for the control: the level alone', () => {
    expect(weakReason(profileOf(HardeningLevel.PRODUCTION), 'ecsExec')).toBe('PRODUCTION level');
  });

  test('set by an override: the override, whatever the level', () => {
    expect(weakReason(profileOf(HardeningLevel.PRODUCTION, { waf: false }), 'waf')).toBe('set by overrides.waf');
    expect(weakReason(profileOf(HardeningLevel.DEMO, { ecsExec: true }), 'ecsExec')).toBe('set by overrides.ecsExec');
  });
});
