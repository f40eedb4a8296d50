import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HardeningLevel } from '../../src';
import { ServiceLoadBalancer, ServiceLoadBalancerProps } from '../../src/internal/load-balancer';
import { attributesOf, profileOf, isAnyAddress, onlyResource, resourcesOf, securityGroupRules, testApp } from '../util';

function build(extra: Partial<ServiceLoadBalancerProps> = {}, s = new Stack(testApp(), 'L', { env: { account: '123456789012', region: 'us-east-1' } })) {
  const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
  const lb = new ServiceLoadBalancer(s, 'Lb', {
    vpc,
    subnets: { subnetType: ec2.SubnetType.PUBLIC },
    containerPort: 3000,
    healthCheckPath: '/health',
    profile: profileOf(HardeningLevel.DEMO),
    accessLogPrefix: 'Web',
    ...extra,
  });
  return { s, lb, t: Template.fromStack(s) };
}

describe('ServiceLoadBalancer', () => {
  test('its security group allows no egress of its own', () => {
    const { t, s, lb } = build();
    const id = (s.resolve(lb.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];
    const sg = t.findResources('AWS::EC2::SecurityGroup')[id];
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
  });

  test('never the 2016 "recommended" policy: TLS 1.2 minimum on HTTPS', () => {
    const { t } = build({ certificate: acm.Certificate.fromCertificateArn(new Stack(testApp()), 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x') });
    const listeners = resourcesOf(t, 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties);
    const https = listeners.filter((l) => l.Protocol === 'HTTPS');
    expect(https).toHaveLength(1);
    // Every HTTPS listener names the TLS 1.2+ policy (an absent SslPolicy would be ELBSecurityPolicy-2016-08).
    expect(https.map((l) => [l.Port, l.SslPolicy])).toEqual([[443, 'ELBSecurityPolicy-TLS13-1-2-2021-06']]);
  });

  test('desync mitigation in strictest mode, and invalid header fields dropped', () => {
    const { t } = build();
    const [, alb] = onlyResource(t, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(attributesOf(alb.Properties.LoadBalancerAttributes)).toMatchObject({
      'routing.http.desync_mitigation_mode': 'strictest',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
    });
  });

  test('with the redirect off, HTTP forwards to the service alongside HTTPS', () => {
    const { t } = build({ profile: profileOf(HardeningLevel.DEMO, { httpsRedirect: false }), certificate: acm.Certificate.fromCertificateArn(new Stack(testApp()), 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x') });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'forward' })] });
  });

  test('VPC exposure admits the VPC CIDR only', () => {
    const { t, s, lb } = build({ profile: profileOf(HardeningLevel.PRODUCTION, { cloudFront: false }) });
    const groupId = (s.resolve(lb.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];
    const vpcId = Object.keys(t.findResources('AWS::EC2::VPC'))[0];
    const ingress = securityGroupRules(t).filter((r) => r.direction === 'ingress' && r.groupId === groupId).map((r) => r.rule);
    expect(ingress).toEqual([expect.objectContaining({ CidrIp: { 'Fn::GetAtt': [vpcId, 'CidrBlock'] }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80 })]);
    expect(securityGroupRules(t).filter((r) => r.direction === 'ingress' && isAnyAddress(r.rule))).toEqual([]);
  });

  test('internet exposure admits every IPv4 address on the listener port, and nothing else', () => {
    const { t, s, lb } = build();
    const groupId = (s.resolve(lb.securityGroup.securityGroupId) as any)['Fn::GetAtt'][0];
    const ingress = securityGroupRules(t).filter((r) => r.direction === 'ingress' && r.groupId === groupId).map((r) => r.rule);
    expect(ingress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 })]);
  });

  test('alarms on unhealthy targets and 5xx: metric, threshold, comparison, evaluation periods; no actions without a topic', () => {
    const { t, lb, s } = build({ profile: profileOf(HardeningLevel.DEMO, { alarms: true }) });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    const alarm = (a: any) => t.findResources('AWS::CloudWatch::Alarm')[(s.resolve(a.alarmArn) as any)['Fn::GetAtt'][0]].Properties;
    expect(alarm(lb.unhealthyTargetsAlarm)).toMatchObject({
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
    });
    const errors = alarm(lb.serverErrorsAlarm);
    expect(errors).toMatchObject({ Threshold: 10, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 3 });
    expect(errors.Metrics.map((m: any) => m.Expression ?? `${m.MetricStat.Metric.MetricName}/${m.MetricStat.Stat}/${m.MetricStat.Period}`).sort()).toEqual([
      'FILL(targetErrors, 0) + FILL(lbErrors, 0)',
      'HTTPCode_ELB_5XX_Count/Sum/60',
      'HTTPCode_Target_5XX_Count/Sum/60',
    ]);
    for (const a of [alarm(lb.unhealthyTargetsAlarm), errors]) {
      expect(a.AlarmActions).toBeUndefined();
    }
  });

  test('with a topic, both alarms notify it on alarm and on recovery', () => {
    const s = new Stack(testApp(), 'T', { env: { account: '123456789012', region: 'us-east-1' } });
    const topic = new sns.Topic(s, 'Topic');
    const { t } = build({ profile: profileOf(HardeningLevel.DEMO, { alarms: true }), alarmTopic: topic }, s);
    const topicRef = s.resolve(topic.topicArn);
    const alarms = resourcesOf(t, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(2);
    for (const [, a] of alarms) {
      expect(a.Properties.AlarmActions).toEqual([topicRef]);
      expect(a.Properties.OKActions).toEqual([topicRef]);
    }
  });

  test('alarms off: none', () => {
    const { t, lb } = build({ profile: profileOf(HardeningLevel.DEMO, { alarms: false }) });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(lb.unhealthyTargetsAlarm).toBeUndefined();
  });

  test('the target group gets a new logical ID when the scheme changes (internet-facing keeps the old one)', () => {
    const logicalId = (b: ReturnType<typeof build>) => b.s.getLogicalId(b.lb.targetGroup.node.defaultChild as CfnElement);
    const internetFacing = build();
    const internal = build({ profile: profileOf(HardeningLevel.PRODUCTION, { cloudFront: false }) });
    // The DEMO (internet-facing) ID is the one stacks already deployed have.
    expect(internetFacing.lb.targetGroup.node.id).toBe('TargetGroup');
    expect(logicalId(internal)).not.toEqual(logicalId(internetFacing));
    // The listener forwards to the group of its own scheme.
    for (const b of [internetFacing, internal]) {
      b.t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        DefaultActions: [Match.objectLike({ Type: 'forward', TargetGroupArn: { Ref: logicalId(b) } })],
      });
    }
  });
});

