import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ServiceEdge, ServiceEdgeProps } from '../../src/internal/edge';
import { testApp } from '../util';

function build(extra: Partial<ServiceEdgeProps> = {}) {
  const s = new Stack(testApp(), 'E', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const loadBalancer = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: false });
  const edge = new ServiceEdge(s, 'Edge', {
    vpc,
    loadBalancer,
    originFacingPrefixList: ec2.PrefixList.fromPrefixListId(s, 'Pl', 'pl-3b927c52'),
    httpsToOrigin: false,
    logBucket: new s3.Bucket(s, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED }),
    logPrefix: 'Web',
    ...extra,
  });
  return { s, edge, t: Template.fromStack(s) };
}

describe('ServiceEdge', () => {
  test('never match-viewer: HTTP-only to an HTTP load balancer, and no TLS minimum on *.cloudfront.net', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::CloudFront::VpcOrigin', { VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'http-only' }) });
    const [dist] = Object.values<any>(t.findResources('AWS::CloudFront::Distribution'));
    expect(dist.Properties.DistributionConfig.ViewerCertificate).toBeUndefined();
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: 'pl-3b927c52', FromPort: 80 });
  });

  test('with certificates: HTTPS-only to the origin name, TLS 1.2 to viewers on the custom domain', () => {
    const cert = acm.Certificate.fromCertificateArn(new Stack(testApp()), 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/x');
    const { t } = build({ httpsToOrigin: true, domainName: 'app.example.com', viewerCertificate: cert });
    t.hasResourceProperties('AWS::CloudFront::VpcOrigin', {
      VpcOriginEndpointConfig: Match.objectLike({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] }),
    });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Aliases: ['app.example.com'], ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }) }),
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { SourcePrefixListId: 'pl-3b927c52', FromPort: 443 });
  });

  test('CloudFront standard logs go to the given bucket under the instance prefix', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Logging: { Bucket: Match.anyValue(), Prefix: 'Web/cloudfront/' } }),
    });
  });

  test('the VPC origin waits for the internet gateway attachment (through the public subnets\' routes)', () => {
    const { t } = build();
    const [origin] = Object.values<any>(t.findResources('AWS::CloudFront::VpcOrigin'));
    expect(origin.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^VpcPublicSubnet1DefaultRoute/), expect.stringMatching(/^VpcPublicSubnet2DefaultRoute/)]));
  });
});
