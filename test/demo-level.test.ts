import { Stack } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { attributesOf, bucketPolicyStatements, ENVIRONMENTS, Match, newStack, onlyResource, regionalCertificate, resourcesOf, synth, Synthesized, warningTexts } from './util';
import { HardeningLevel, HardenedDemoService } from '../src';

const DEMO = { hardeningLevel: HardeningLevel.DEMO };

function logicalId(s: Synthesized, token: string): string {
  return (s.stack.resolve(token) as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
}

describe.each(ENVIRONMENTS.map((e) => e.name))('DEMO level in %s', (envName) => {
  let s: Synthesized;
  let albSg: string;
  let taskSg: string;
  beforeAll(() => {
    s = synth(DEMO, envName);
    albSg = logicalId(s, s.service.loadBalancerSecurityGroup.securityGroupId);
    taskSg = logicalId(s, s.service.taskSecurityGroup.securityGroupId);
  });

  test('the load balancer is internet-facing, in public subnets that auto-assign public IPs', () => {
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.Scheme).toBe('internet-facing');
    const subnets = s.template.findResources('AWS::EC2::Subnet');
    const albSubnetIds = (alb.Properties.Subnets as Array<{ Ref: string }>).map((r) => r.Ref);
    expect(albSubnetIds).toHaveLength(2);
    for (const id of albSubnetIds) {
      expect(subnets[id].Properties.MapPublicIpOnLaunch).toBe(true);
    }
  });

  test('every subnet is public and auto-assigns public IPs; there is no NAT gateway', () => {
    for (const [, subnet] of resourcesOf(s.template, 'AWS::EC2::Subnet')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(true);
    }
    s.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    s.template.resourceCountIs('AWS::EC2::InternetGateway', 1);
  });

  test('tasks get public IPs', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED' } },
    });
  });

  test('the load balancer drops invalid header fields', () => {
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
  });

  test('the load balancer runs desync mitigation in strictest mode', () => {
    const [, alb] = onlyResource(s.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(attributesOf(alb.Properties.LoadBalancerAttributes)['routing.http.desync_mitigation_mode']).toBe('strictest');
  });

  test('the load balancer may send traffic only to the task security group, on the container port', () => {
    const [, sg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === albSg)!;
    // No inline "allow all": only CDK's placeholder that matches no traffic, or nothing.
    for (const rule of sg.Properties.SecurityGroupEgress ?? []) {
      expect(rule.CidrIp).toBe('255.255.255.255/32');
    }
    const egress = resourcesOf(s.template, 'AWS::EC2::SecurityGroupEgress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === albSg);
    expect(egress).toHaveLength(1);
    expect(egress[0][1].Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 3000,
      ToPort: 3000,
      DestinationSecurityGroupId: { 'Fn::GetAtt': [taskSg, 'GroupId'] },
    });
  });

  test('tasks accept traffic only from the load balancer security group, on the container port', () => {
    const [, sg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === taskSg)!;
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = resourcesOf(s.template, 'AWS::EC2::SecurityGroupIngress').filter(([, r]) => r.Properties.GroupId['Fn::GetAtt'][0] === taskSg);
    expect(ingress).toHaveLength(1);
    expect(ingress[0][1].Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 3000,
      ToPort: 3000,
      SourceSecurityGroupId: { 'Fn::GetAtt': [albSg, 'GroupId'] },
    });
  });

  test('tasks may send traffic anywhere', () => {
    const [, sg] = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === taskSg)!;
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
  });

  test('Container Insights is on', () => {
    s.template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  test('the construct owns an ECR repository that scans on push, with AWS-managed encryption', () => {
    const [, repo] = onlyResource(s.template, 'AWS::ECR::Repository');
    expect(repo.Properties.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    // Absent means AES256 (the AWS-managed default); never KMS at DEMO.
    expect([undefined, 'AES256']).toContain(repo.Properties.EncryptionConfiguration?.EncryptionType);
    expect(repo.Properties.RepositoryName).toBeUndefined();
  });

  test('the data bucket is versioned, SSE-S3 encrypted, private and TLS-only', () => {
    const [bucketId, bucket] = onlyResource(s.template, 'AWS::S3::Bucket');
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const resources = [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }];
    expect(bucketPolicyStatements(s.template, bucketId)).toEqual(
      expect.arrayContaining([
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        // TLS 1.2 at least.
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resources, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } },
      ]),
    );
  });

  test('the task role may read and write the data bucket', () => {
    const [bucketId] = onlyResource(s.template, 'AWS::S3::Bucket');
    const taskRole = s.stack.resolve(s.service.taskDefinition.taskRole.roleName) as { Ref: string };
    s.template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [taskRole],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          }),
        ]),
      },
    });
  });

  test('only AWS-managed keys: no KMS key, no customer key on any log group', () => {
    s.template.resourceCountIs('AWS::KMS::Key', 0);
    for (const [, lg] of resourcesOf(s.template, 'AWS::Logs::LogGroup')) {
      expect(lg.Properties.KmsKeyId).toBeUndefined();
    }
  });

  test('no CloudFront and no WAF', () => {
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    s.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    s.template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  test('without a certificate: plain HTTP on 80, open to the internet, and a warning says so', () => {
    const listeners = resourcesOf(s.template, 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners).toHaveLength(1);
    expect(listeners[0][1].Properties).toMatchObject({ Port: 80, Protocol: 'HTTP' });
    const ingress = resourcesOf(s.template, 'AWS::EC2::SecurityGroup').find(([id]) => id === albSg)![1].Properties.SecurityGroupIngress;
    expect(ingress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' })]);
    expect(warningTexts(s.annotations).some((w) => w.includes('plain HTTP only'))).toBe(true);
  });

  test('the sample app runs on port 3000, and the target group checks /health', () => {
    s.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [Match.objectLike({ ContainerPort: 3000 })],
          Environment: Match.arrayWith([{ Name: 'PORT', Value: '3000' }]),
          User: '1000:1000',
        }),
      ],
    });
    s.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      TargetType: 'ip',
      HealthCheckPath: '/health',
    });
  });

  test('one task by default, and the URL is a stack output', () => {
    s.template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1 });
    const outputs = s.template.findOutputs('*');
    const url = Object.entries(outputs).find(([k]) => k.startsWith('WebUrl'));
    expect(url).toBeDefined();
    expect(JSON.stringify(url![1].Value)).toContain('http://');
  });

  test('every relaxed control raises a warning naming it, acknowledgeable by its id; no other control does', () => {
    // The controls DEMO relaxes (the README's control table), with the title the warning uses.
    const RELAXED: Record<string, string> = {
      internalLoadBalancer: 'Load balancer internal-only',
      cloudFront: 'CloudFront in front of the load balancer',
      waf: 'WAF',
      customerManagedKeys: 'Customer-managed KMS keys',
      mfaDeleteAlternative: 'S3 MFA delete',
      dataBucketAccessLogging: 'S3 access logging',
      privateSubnets: 'Restrict public subnet auto-assign',
      restrictTaskEgress: 'Security group egress restrictions',
      loadBalancerAccessLogs: 'ALB access logs',
      loadBalancerDeletionProtection: 'ALB deletion protection',
      vpcFlowLogs: 'VPC flow logs',
      restrictDefaultSecurityGroup: 'Default security group closed',
      readOnlyRootFilesystem: 'Read-only root filesystem',
      retainData: 'Retain data on delete',
      autoScaling: 'Auto scaling',
      alarms: 'Alarms',
    };
    const controlWarnings = warningTexts(s.annotations).filter((w) => !/\[ack: hardened-demo-service:(HttpOnlyLoadBalancer)\]$/.test(w));
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const [id, title] of Object.entries(RELAXED)) {
      const pattern = new RegExp(`^\\[HardenedDemoService\\] ${escape(title)} is off \\(DEMO level[^)]*\\): .+\\. \\[ack: hardened-demo-service:${id}\\]$`);
      expect([id, controlWarnings.filter((w) => pattern.test(w)).length]).toEqual([id, 1]);
    }
    expect(controlWarnings).toHaveLength(Object.keys(RELAXED).length);
  });
});

describe('DEMO with a certificate', () => {
  test.each(ENVIRONMENTS.map((e) => e.name))('HTTPS with a TLS 1.2+ policy, HTTP redirected, in %s', (envName) => {
    const stack = newStack(envName);
    const region = envName === 'region-agnostic' ? 'us-west-2' : stack.region;
    const service = new HardenedDemoService(stack, 'Web', { ...DEMO, certificate: regionalCertificate(stack, region) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: Match.stringLikeRegexp('^arn:aws:acm:') }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    expect(JSON.stringify(stack.resolve(service.url))).toContain('https://');
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('plain HTTP only'));
    expect(warnings).toHaveLength(0);
  });
});

describe('DEMO zero-configuration pieces', () => {
  test('an explicit DEMO level is required: the default is PRODUCTION', () => {
    const stack = newStack('us-east-1');
    const service = new HardenedDemoService(stack, 'Web');
    expect(service.hardeningLevel).toBe(HardeningLevel.PRODUCTION);
  });

  test('no fixed physical names, so two instances fit in one stack', () => {
    const stack: Stack = newStack('region-agnostic');
    new HardenedDemoService(stack, 'One', DEMO);
    new HardenedDemoService(stack, 'Two', DEMO);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 2);
    for (const type of ['AWS::S3::Bucket', 'AWS::ECR::Repository', 'AWS::ECS::Cluster', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Logs::LogGroup']) {
      for (const [, r] of Object.entries<any>(template.findResources(type))) {
        for (const nameProp of ['BucketName', 'RepositoryName', 'ClusterName', 'Name', 'LogGroupName']) {
          expect(r.Properties?.[nameProp]).toBeUndefined();
        }
      }
    }
  });
});
