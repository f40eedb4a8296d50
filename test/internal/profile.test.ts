import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { HardeningLevel } from '../../src';
import { CONTROL_IDS } from '../../src/internal/control-specs';
import { resolveHardeningProfile } from '../../src/internal/profile';
import { DEMO_RELAXED_CONTROLS } from '../util';

/**
 * The control table, written out here rather than read from the source's control specs, so a
 * wrong preset fails. Values from the README's control table ("Controls, level by level") and
 * the design brief's level table: `true` is on.
 */
const EXPECTED: Record<string, { demo: boolean; production: boolean }> = {
  internalLoadBalancer: { demo: false, production: true }, // ALB scheme: internet-facing / internal
  cloudFront: { demo: false, production: true }, // none / distribution -> VPC origin -> internal ALB
  waf: { demo: false, production: true }, // none / WAFv2
  customerManagedKeys: { demo: false, production: true }, // AWS-managed / CMKs with rotation
  mfaDeleteAlternative: { demo: false, production: true }, // off / deny-version-deletion + Object Lock
  dataBucketAccessLogging: { demo: false, production: true }, // off / data bucket -> audit bucket
  privateSubnets: { demo: false, production: true }, // public tasks / private tasks, NAT
  restrictTaskEgress: { demo: false, production: true }, // anywhere / endpoints, S3, allow-list
  dropInvalidHeaderFields: { demo: true, production: true }, // implemented in the notes: on / on
  containerInsights: { demo: true, production: true }, // implemented: on / on
  httpsRedirect: { demo: true, production: true }, // on (with a certificate) / on
  loadBalancerAccessLogs: { demo: false, production: true }, // off / to the audit bucket
  loadBalancerDeletionProtection: { demo: false, production: true }, // off / on
  vpcFlowLogs: { demo: false, production: true }, // off / all traffic -> CloudWatch Logs
  restrictDefaultSecurityGroup: { demo: false, production: true }, // off / on
  deploymentCircuitBreaker: { demo: true, production: true }, // on / on
  ecsExec: { demo: false, production: false }, // off / off
  readOnlyRootFilesystem: { demo: false, production: true }, // off / on
  retainData: { demo: false, production: true }, // off / repository, buckets, keys, log groups
  autoScaling: { demo: false, production: true }, // 1 task / >= 2 tasks, CPU and request scaling
  alarms: { demo: false, production: true }, // none / unhealthy targets, 5xx
};

/** The value of each control that is the stronger posture: ECS Exec is the one that is weaker on. */
const SECURE: Record<string, boolean> = Object.fromEntries(Object.keys(EXPECTED).map((id) => [id, id !== 'ecsExec']));

describe('resolveHardeningProfile (no synthesis)', () => {
  test('the profile has exactly the controls of the table', () => {
    expect([...CONTROL_IDS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each([
    [HardeningLevel.DEMO, 'demo'],
    [HardeningLevel.PRODUCTION, 'production'],
  ] as const)('%s sets every control as the table says', (level, column) => {
    const p = resolveHardeningProfile(level);
    const actual = Object.fromEntries(Object.keys(EXPECTED).map((id) => [id, p.controls[id as keyof typeof p.controls]]));
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([id, row]) => [id, row[column]]));
    expect(actual).toEqual(expected);
    // Every value is the level's own, none an override.
    expect(new Set(Object.values(p.sources))).toEqual(new Set(['level']));
    expect(p.weakened).toEqual([]);
  });

  test('PRODUCTION: every control at its secure value, two tasks at least, up to ten, logs kept a year', () => {
    const p = resolveHardeningProfile(HardeningLevel.PRODUCTION);
    for (const id of Object.keys(EXPECTED)) {
      expect([id, p.controls[id as keyof typeof p.controls]]).toEqual([id, SECURE[id]]);
    }
    expect(p.minimumTasks).toBe(2);
    expect(p.defaultMaxCapacity).toBe(10);
    expect(p.logRetention).toBe(RetentionDays.ONE_YEAR);
    expect(p.allowTaskEgressToAnyAddress).toBe(false);
  });

  test('DEMO relaxes exactly the controls the source notes list, plus the production extras', () => {
    const p = resolveHardeningProfile(HardeningLevel.DEMO);
    const relaxed = Object.keys(EXPECTED).filter((id) => p.controls[id as keyof typeof p.controls] !== SECURE[id]).sort();
    expect(relaxed).toEqual([...DEMO_RELAXED_CONTROLS].sort());
    // What the notes call implemented stays on.
    for (const id of ['dropInvalidHeaderFields', 'containerInsights', 'httpsRedirect', 'deploymentCircuitBreaker'] as const) {
      expect(p.controls[id]).toBe(true);
    }
    expect(p.controls.ecsExec).toBe(false);
    // One task, up to four with auto scaling turned on, logs kept a week (props.ts @default).
    expect(p.minimumTasks).toBe(1);
    expect(p.defaultMaxCapacity).toBe(4);
    expect(p.logRetention).toBe(RetentionDays.ONE_WEEK);
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
    expect(p.sources.waf).toBe('override');
  });

  test('an override equal to the preset is not a weakening, even where the preset is the weaker value', () => {
    const p = resolveHardeningProfile(HardeningLevel.DEMO, { waf: false, ecsExec: false });
    expect(p.weakened).toEqual([]);
    expect(p.sources.waf).toBe('override');
  });

  test('impossible combinations are refused, each with its fix', () => {
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { cloudFront: true })).toThrow(
      'overrides.cloudFront: CloudFront reaches the load balancer through a CloudFront VPC origin, which needs an internal load balancer. ' +
        'Set overrides.internalLoadBalancer to true, or overrides.cloudFront to false.',
    );
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { internalLoadBalancer: true, cloudFront: true })).toThrow(
      'overrides.internalLoadBalancer: an internal load balancer lives in private subnets. Set overrides.privateSubnets to true, or overrides.internalLoadBalancer to false.',
    );
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { allowTaskEgressToAnyAddress: true })).toThrow(
      'overrides.allowTaskEgressToAnyAddress: only means something while task egress is restricted, and it is not. Remove it, or set overrides.restrictTaskEgress to true.',
    );
  });

  test('every impossible combination is reported at once', () => {
    const all = { cloudFront: true, internalLoadBalancer: true, allowTaskEgressToAnyAddress: true };
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, all)).toThrow(
      /^HardenedDemoService: invalid overrides:\n {2}- overrides\.internalLoadBalancer: .*\n {2}- overrides\.allowTaskEgressToAnyAddress: /,
    );
  });

  test('an unknown level, an unknown control and a value that is not a boolean: the problem and the fix', () => {
    expect(() => resolveHardeningProfile('STAGING' as HardeningLevel)).toThrow(
      "hardeningLevel: 'STAGING' is not a hardening level. Use HardeningLevel.DEMO or HardeningLevel.PRODUCTION.",
    );
    let unknown = '';
    try {
      resolveHardeningProfile(HardeningLevel.DEMO, { noSuchControl: true } as any);
    } catch (e) {
      unknown = (e as Error).message;
    }
    const [, known] = /^overrides\.noSuchControl: not a control\. Known controls: (.*)\.$/.exec(unknown) ?? [];
    expect(known?.split(', ').sort()).toEqual([...Object.keys(EXPECTED), 'allowTaskEgressToAnyAddress'].sort());
    expect(() => resolveHardeningProfile(HardeningLevel.DEMO, { waf: 'yes' } as any)).toThrow('overrides.waf: expected true or false, got "yes".');
  });
});
