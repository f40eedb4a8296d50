import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HardeningLevel } from '../src';
import { CONTROL_IDS, CONTROL_PRESETS, resolveHardeningProfile } from '../src/internal/profile';

describe('resolveHardeningProfile (no synthesis)', () => {
  test('PRODUCTION turns every control to its secure value', () => {
    const p = resolveHardeningProfile(HardeningLevel.PRODUCTION);
    for (const id of CONTROL_IDS) {
      expect([id, p.controls[id]]).toEqual([id, CONTROL_PRESETS[id].secure]);
    }
    expect(p.weakened).toEqual([]);
    expect(p.minimumTasks).toBe(2);
    expect(p.logRetention).toBe(RetentionDays.ONE_YEAR);
  });

  test('DEMO relaxes exactly the controls the source notes list, plus the production extras', () => {
    const p = resolveHardeningProfile(HardeningLevel.DEMO);
    const relaxed = CONTROL_IDS.filter((id) => p.controls[id] !== CONTROL_PRESETS[id].secure).sort();
    expect(relaxed).toEqual(
      [
        // not implemented 1-6 of the notes
        'internalLoadBalancer',
        'cloudFront',
        'waf',
        'customerManagedKeys',
        'mfaDeleteAlternative',
        'dataBucketAccessLogging',
        'privateSubnets',
        'restrictTaskEgress',
        // beyond the notes
        'loadBalancerAccessLogs',
        'loadBalancerDeletionProtection',
        'vpcFlowLogs',
        'restrictDefaultSecurityGroup',
        'readOnlyRootFilesystem',
        'retainData',
        'autoScaling',
        'alarms',
      ].sort(),
    );
    // What the notes call implemented stays on.
    for (const id of ['dropInvalidHeaderFields', 'containerInsights', 'httpsRedirect', 'deploymentCircuitBreaker'] as const) {
      expect(p.controls[id]).toBe(true);
    }
    expect(p.controls.ecsExec).toBe(false);
    expect(p.minimumTasks).toBe(1);
  });

  test('an override replaces the preset and records where the value came from', () => {
    const p = resolveHardeningProfile(HardeningLevel.DEMO, { customerManagedKeys: true });
    expect(p.controls.customerManagedKeys).toBe(true);
    expect(p.sources.customerManagedKeys).toBe('override');
    expect(p.sources.waf).toBe('level');
    expect(p.weakened).toEqual([]);
  });

  test('an override that weakens the level is recorded as weakened', () => {
    const p = resolveHardeningProfile(HardeningLevel.PRODUCTION, { vpcFlowLogs: false, ecsExec: true, waf: true });
    expect([...p.weakened].sort()).toEqual(['ecsExec', 'vpcFlowLogs']);
  });

  test('impossible combinations are refused with the fix', () => {
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { cloudFront: true })).toThrow(/overrides.cloudFront: .*Set overrides.internalLoadBalancer to true/);
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { internalLoadBalancer: true, cloudFront: true })).toThrow(/overrides.internalLoadBalancer: .*Set overrides.privateSubnets to true/);
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { allowTaskEgressToAnyAddress: true })).toThrow(/overrides.allowTaskEgressToAnyAddress/);
  });
});
