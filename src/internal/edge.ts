import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pinFeatureFlags } from './feature-flags';
import { acknowledgeFindings, awsSolutions, guard } from './findings';
import { WebAclScope } from './web-acl';

/** The prefix of CloudFront's access logs, under the instance's prefix in the edge log bucket. */
const CLOUDFRONT_LOG_PREFIX = 'cloudfront/';

export interface ServiceEdgeProps {
  readonly vpc: ec2.IVpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** CloudFront's origin-facing prefix list. */
  readonly originFacingPrefixList: ec2.IPrefixList;
  /** HTTPS from CloudFront to the load balancer (needs a certificate on the load balancer). */
  readonly httpsToOrigin: boolean;
  /** Viewer-facing name (also the origin name: the load balancer's certificate covers it) and its us-east-1 certificate. */
  readonly domainName?: string;
  readonly viewerCertificate?: acm.ICertificate;
  /** A CLOUDFRONT-scope web ACL to attach. */
  readonly webAclArn?: string;
  /** Where CloudFront's standard logs go (the stack's edge log bucket); no logging without it. */
  readonly logBucket?: s3.IBucket;
  /** This instance's prefix in the log bucket. */
  readonly logPrefix: string;
  /** Where the web ACL sits (none: WAF is off). */
  readonly webAclScope?: WebAclScope;
}

/**
 * CloudFront in front of the internal load balancer, through a CloudFront VPC origin: HTTPS
 * to viewers (HTTP redirects), caching off for a dynamic app, security response headers,
 * access logs, and the origin-facing security group on the load balancer.
 */
export class ServiceEdge extends Construct {
  public readonly distribution: cloudfront.Distribution;
  public readonly originSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ServiceEdgeProps) {
    super(scope, id);
    pinFeatureFlags(this);

    // The managed prefix list weighs ~55 rules against the security group quota: it gets a
    // group of its own, holding nothing else.
    const originPort = props.httpsToOrigin ? 443 : 80;
    this.originSecurityGroup = new ec2.SecurityGroup(this, 'OriginFacingSecurityGroup', {
      vpc: props.vpc,
      description: `HardenedDemoService load balancer: port ${originPort} from the CloudFront origin-facing addresses only`,
      allowAllOutbound: false,
    });
    this.originSecurityGroup.addIngressRule(
      ec2.Peer.prefixList(props.originFacingPrefixList.prefixListId),
      ec2.Port.tcp(originPort),
      'CloudFront origin-facing addresses (VPC origin)',
    );
    props.loadBalancer.addSecurityGroup(this.originSecurityGroup);

    // Never match-viewer: the protocol is what the load balancer actually serves.
    const vpcOriginOptions: cloudfront.VpcOriginOptions = {
      protocolPolicy: props.httpsToOrigin ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY : cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      httpPort: 80,
      httpsPort: 443,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
    };
    const originOptions: origins.VpcOriginProps = {
      // The origin name CloudFront checks the load balancer's certificate against.
      domainName: props.httpsToOrigin ? props.domainName : undefined,
      readTimeout: Duration.seconds(30),
      keepaliveTimeout: Duration.seconds(5),
    };
    // CloudFront refuses to update a VPC origin that a distribution uses (409). So the HTTPS
    // origin (a certificate given) is a VPC origin of its own, under its own logical ID and
    // name: adding or removing the certificate creates the other origin, moves the
    // distribution to it and then deletes the old one, instead of updating it in place. The
    // HTTP origin keeps the place aws-cdk-lib gives it, so stacks deployed without a
    // certificate keep theirs.
    const origin = props.httpsToOrigin
      ? origins.VpcOrigin.withVpcOrigin(
        new cloudfront.VpcOrigin(this, 'HttpsVpcOrigin', { endpoint: cloudfront.VpcOriginEndpoint.applicationLoadBalancer(props.loadBalancer), ...vpcOriginOptions }),
        originOptions,
      )
      : origins.VpcOrigin.withApplicationLoadBalancer(props.loadBalancer, { ...vpcOriginOptions, ...originOptions });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'HardenedDemoService',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      domainNames: props.domainName && props.viewerCertificate ? [props.domainName] : undefined,
      certificate: props.viewerCertificate,
      // Only a custom certificate lets the viewer minimum be raised; *.cloudfront.net stays at TLSv1.
      minimumProtocolVersion: props.viewerCertificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: props.logBucket !== undefined,
      logBucket: props.logBucket,
      logFilePrefix: props.logBucket ? `${props.logPrefix}/${CLOUDFRONT_LOG_PREFIX}` : undefined,
      webAclId: props.webAclArn,
      enableIpv6: true,
    });
    // A VPC origin needs the VPC's internet gateway attached before it is created: wait for the
    // public subnets' internet routes, which wait for the attachment.
    const routes = props.vpc.publicSubnets.map((s) => s.internetConnectivityEstablished);
    for (const vpcOrigin of this.node.findAll().filter((c): c is cloudfront.CfnVpcOrigin => c instanceof cloudfront.CfnVpcOrigin)) {
      vpcOrigin.node.addDependency(props.vpc.internetConnectivityEstablished, ...routes);
    }
    this.acknowledgeFindings(props);
  }

  /** The findings on the distribution. */
  private acknowledgeFindings(props: ServiceEdgeProps): void {
    const distribution = [this.distribution];
    acknowledgeFindings(this, 'cloudFront', distribution, [guard('cloudfront_default_root_object_configured_check')],
      'The origin is a dynamic application: "/" must reach it, not be rewritten to a static object.');
    acknowledgeFindings(this, 'cloudFront', distribution, [guard('cloudfront_origin_failover_enabled_check')],
      'One regional load balancer (two availability zones, at least two tasks) is the only origin; an origin group needs a second region, outside the scope of one service.');
    acknowledgeFindings(this, 'cloudFront', distribution, [awsSolutions('CFR1')],
      'A public web service serves every country; a team that must restrict countries adds geo rules to the web ACL or sets distribution geo restriction.');
    if (!props.viewerCertificate) {
      acknowledgeFindings(this, 'tlsMinimum', distribution,
        [awsSolutions('CFR4'), guard('cloudfront_custom_ssl_certificate_check'), guard('cloudfront_security_policy_check'), guard('cloudfront_sni_enabled_check')],
        'No domainName/cloudFrontCertificate was given: CloudFront serves *.cloudfront.net with its default certificate, whose viewer minimum cannot be raised above TLSv1. The synth warning hardened-demo-service:DefaultCloudFrontDomain asks for them.');
    }
    if (props.webAclScope === WebAclScope.REGIONAL) {
      acknowledgeFindings(this, 'waf', distribution, [awsSolutions('CFR2')],
        'A CLOUDFRONT-scope web ACL can only be created in us-east-1, so here the web ACL is REGIONAL, on the load balancer, which CloudFront is the only way to reach: every request still passes it. Give webAclArn to attach a CLOUDFRONT-scope ACL.');
    }
  }
}
