import { HardeningLevel } from '../../src';
import { relaxedControlWarnings } from '../../src/internal/posture-notices';
import { Match, profileOf, synth, warningTexts } from '../util';

describe('relaxedControlWarnings', () => {
  test('DEMO: one notice per relaxed control, in report order', () => {
    expect(relaxedControlWarnings(profileOf(HardeningLevel.DEMO)).map((n) => n.id)).toEqual([
      'hardened-demo-service:internalLoadBalancer',
      'hardened-demo-service:cloudFront',
      'hardened-demo-service:waf',
      'hardened-demo-service:customerManagedKeys',
      'hardened-demo-service:mfaDeleteAlternative',
      'hardened-demo-service:dataBucketAccessLogging',
      'hardened-demo-service:privateSubnets',
      'hardened-demo-service:restrictTaskEgress',
      'hardened-demo-service:loadBalancerAccessLogs',
      'hardened-demo-service:loadBalancerDeletionProtection',
      'hardened-demo-service:vpcFlowLogs',
      'hardened-demo-service:restrictDefaultSecurityGroup',
      'hardened-demo-service:readOnlyRootFilesystem',
      'hardened-demo-service:retainData',
      'hardened-demo-service:autoScaling',
      'hardened-demo-service:alarms',
    ]);
  });

  test('DEMO: each message names the control, its state, the level\'s reason and what it leaves open', () => {
    const messages = Object.fromEntries(relaxedControlWarnings(profileOf(HardeningLevel.DEMO)).map((n) => [n.id, n.message]));
    expect(messages['hardened-demo-service:internalLoadBalancer']).toBe(
      'Load balancer internal-only is off (DEMO level: Demo needs public access): the load balancer is internet-facing, in public subnets.',
    );
    expect(messages['hardened-demo-service:waf']).toBe('WAF is off (DEMO level: Demo needs public access with the fewest moving parts): no web ACL inspects requests.');
    expect(messages['hardened-demo-service:restrictTaskEgress']).toBe(
      "Security group egress restrictions is off (DEMO level: Demo doesn't have fixed downstream services): tasks can open connections anywhere.",
    );
  });

  test('an override that strengthens DEMO silences that control\'s notice only', () => {
    const ids = relaxedControlWarnings(profileOf(HardeningLevel.DEMO, { waf: true, alarms: true })).map((n) => n.id);
    expect(ids).not.toContain('hardened-demo-service:waf');
    expect(ids).not.toContain('hardened-demo-service:alarms');
    expect(ids).toHaveLength(14);
  });

  test('an override that weakens PRODUCTION: one notice, naming the override', () => {
    expect(relaxedControlWarnings(profileOf(HardeningLevel.PRODUCTION, { waf: false }))).toEqual([
      { id: 'hardened-demo-service:waf', message: 'WAF is off (set by overrides.waf): no web ACL inspects requests.' },
    ]);
  });

  test('ECS Exec switched on is a weakening: "ECS Exec is on (...)", with what a shell gives', () => {
    const notices = relaxedControlWarnings(profileOf(HardeningLevel.PRODUCTION, { ecsExec: true }));
    expect(notices.map((n) => n.id)).toEqual(['hardened-demo-service:ecsExec']);
    expect(notices[0].message).toMatch(
      /^ECS Exec is on \(set by overrides\.ecsExec\): anyone allowed ecs:ExecuteCommand on the cluster can open an interactive shell in a running task as the container user/,
    );
    expect(notices[0].message).toMatch(/sessions go through the ssmmessages endpoint and are logged to the service log group.*\.$/);
  });

  test('PRODUCTION with no overrides: no notice', () => {
    expect(relaxedControlWarnings(profileOf(HardeningLevel.PRODUCTION))).toEqual([]);
  });
});

describe('raisePostureNotices, through a synthesized service', () => {
  test('DEMO without a certificate: the relaxations and the plain-HTTP notice are synth warnings', () => {
    const { annotations } = synth({ hardeningLevel: HardeningLevel.DEMO }, 'eu-west-1');
    const warnings = warningTexts(annotations);
    expect(warnings.filter((w) => w.includes('(DEMO level'))).toHaveLength(16);
    expect(warnings).toContainEqual(expect.stringContaining('[HardenedDemoService] WAF is off (DEMO level: Demo needs public access with the fewest moving parts)'));
    expect(warnings).toContainEqual(expect.stringContaining(
      '[HardenedDemoService] No certificate: the load balancer serves plain HTTP only. Give certificate (an ACM certificate in this region) for HTTPS with TLS 1.2+.',
    ));
    expect(warnings).toContainEqual(expect.stringContaining('hardened-demo-service:HttpOnlyLoadBalancer'));
  });

  test('PRODUCTION in eu-west-1: no relaxation; the REGIONAL web ACL, MFA delete and unrouted alarms are info messages', () => {
    const { annotations } = synth({ hardeningLevel: HardeningLevel.PRODUCTION }, 'eu-west-1');
    expect(warningTexts(annotations).filter((w) => /\((DEMO|PRODUCTION) level|set by overrides\./.test(w))).toEqual([]);
    expect(annotations.findInfo('*', Match.stringLikeRegexp('The web ACL is REGIONAL, on the load balancer'))).toHaveLength(1);
    expect(annotations.findInfo('*', Match.stringLikeRegexp('S3 MFA delete cannot be set by CloudFormation'))).toHaveLength(1);
    expect(annotations.findInfo('*', Match.stringLikeRegexp('The alarms have no actions: give alarmTopic'))).toHaveLength(1);
  });
});
