import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { LoadBalancerExposure, ServiceLoadBalancer, ServiceLoadBalancerProps } from '../../src/internal/load-balancer';
import { testApp } from '../util';

function build(extra: Partial<ServiceLoadBalancerProps> = {}) {
  const s = new Stack(testApp(), 'L', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
  const lb = new ServiceLoadBalancer(s, 'Lb', {
    vpc,
    subnets: { subnetType: ec2.SubnetType.PUBLIC },
    internetFacing: true,
    exposure: LoadBalancerExposure.INTERNET,
    containerPort: 3000,
    healthCheckPath: '/health',
    httpsRedirect: true,
    dropInvalidHeaderFields: true,
    deletionProtection: false,
    alarms: false,
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
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(JSON.stringify(t.toJSON())).not.toContain('ELBSecurityPolicy-2016-08');
  });

  test('with the redirect off, HTTP forwards to the service alongside HTTPS', () => {
    const { t } = build({ httpsRedirect: false, certificate: acm.Certificate.fromCertificateArn(new Stack(testApp()), 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x') });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'forward' })] });
  });

  test('VPC exposure admits the VPC CIDR only', () => {
    const { t } = build({ internetFacing: false, exposure: LoadBalancerExposure.VPC });
    const json = JSON.stringify(t.findResources('AWS::EC2::SecurityGroup'));
    expect(json).not.toContain('0.0.0.0/0');
    expect(json).toContain('CidrBlock');
  });

  test('alarms on unhealthy targets and 5xx', () => {
    const { t, lb } = build({ alarms: true });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(lb.serverErrorsAlarm).toBeDefined();
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', Threshold: 1 });
  });

  test('the target group gets a new logical ID when the scheme changes (internet-facing keeps the old one)', () => {
    const logicalId = (b: ReturnType<typeof build>) => b.s.getLogicalId(b.lb.targetGroup.node.defaultChild as CfnElement);
    const internetFacing = build();
    const internal = build({ internetFacing: false, exposure: LoadBalancerExposure.VPC });
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

