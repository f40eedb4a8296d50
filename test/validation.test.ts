import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel, ServiceImage } from '../src';
import { ACCOUNT, Match, newStack, regionalCertificate, synth, warningTexts } from './util';

const DEMO = HardeningLevel.DEMO;
const PRODUCTION = HardeningLevel.PRODUCTION;

function errorOf(props: HardenedDemoServiceProps | ((stack: any) => HardenedDemoServiceProps), envName: 'us-east-1' | 'eu-west-1' | 'region-agnostic' = 'us-east-1'): string {
  const stack = newStack(envName);
  const resolved = typeof props === 'function' ? props(stack) : props;
  try {
    new HardenedDemoService(stack, 'Web', resolved);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to refuse these properties');
}

describe('numbers out of range are refused, naming the property and the fix', () => {
  test.each([0, -1, 65536, 70000, 80.5])('containerPort %p', (containerPort) => {
    expect(errorOf({ hardeningLevel: DEMO, containerPort })).toMatch(/containerPort: .* is not allowed\. Give a whole number from 1 to 65535/);
  });

  test.each([0, -2, 1.5])('desiredCount %p', (desiredCount) => {
    expect(errorOf({ hardeningLevel: DEMO, desiredCount })).toMatch(/desiredCount: .* is not allowed\. Give a whole number of tasks from 1/);
  });

  test('a CPU value Fargate does not have', () => {
    expect(errorOf({ hardeningLevel: DEMO, cpu: 300 })).toContain('cpu: 300 is not a Fargate CPU value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.');
  });

  test.each([
    [256, 4096, 'With cpu 256, use 512, 1024, 2048 MiB'],
    [512, 512, 'With cpu 512, use 1024 to 4096 MiB in steps of 1024'],
    [1024, 2500, 'With cpu 1024, use 2048 to 8192 MiB in steps of 1024'],
    [8192, 20000, 'With cpu 8192, use 16384 to 61440 MiB in steps of 4096'],
  ])('cpu %p with %p MiB', (cpu, memoryLimitMiB, fix) => {
    const message = errorOf({ hardeningLevel: DEMO, cpu, memoryLimitMiB });
    expect(message).toContain(`memoryLimitMiB: Fargate does not accept ${memoryLimitMiB} MiB with cpu ${cpu}.`);
    expect(message).toContain(fix);
  });

  test.each([
    [256, 512],
    [512, 4096],
    [1024, 8192],
    [4096, 30720],
    [16384, 122880],
  ])('cpu %p with %p MiB is accepted', (cpu, memoryLimitMiB) => {
    const { template } = synth({ hardeningLevel: DEMO, cpu, memoryLimitMiB });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: String(cpu), Memory: String(memoryLimitMiB) });
  });

  test('cpu alone picks the smallest memory Fargate accepts for it', () => {
    const { template } = synth({ hardeningLevel: DEMO, cpu: 1024 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048' });
  });

  test('maxCapacity below minCapacity, and a desired count under auto scaling', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, minCapacity: 4, maxCapacity: 3 })).toContain('maxCapacity: 3 is below minCapacity 4. Raise maxCapacity or lower minCapacity.');
    expect(errorOf({ hardeningLevel: PRODUCTION, desiredCount: 3 })).toContain(
      'desiredCount: with auto scaling on, auto scaling owns the task count; a count in the template would reset the service to it on every deploy. Remove desiredCount (minCapacity is the floor), or set overrides.autoScaling to false.',
    );
  });

  test('buckets deleted with the stack but guarded against version deletion: refused, naming both controls', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, overrides: { retainData: false } })).toContain(
      'overrides.retainData: false deletes the buckets with the stack, but mfaDeleteAlternative denies every principal the permanent deletion of object versions',
    );
    expect(errorOf({ hardeningLevel: PRODUCTION, overrides: { retainData: false } })).toContain('Set retainData to true, or mfaDeleteAlternative to false.');
  });

  test('capacity bounds without auto scaling are refused rather than ignored', () => {
    expect(errorOf({ hardeningLevel: DEMO, maxCapacity: 3 })).toContain('minCapacity/maxCapacity: only apply with auto scaling, which is off');
  });

  test('WAF rate limit out of range, or with no web ACL to apply to', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, wafRateLimit: 5 })).toContain('wafRateLimit: 5 is not allowed');
    expect(errorOf({ hardeningLevel: DEMO, wafRateLimit: 500 })).toContain('wafRateLimit: applies to a web ACL the construct creates, and WAF is off');
  });

  test('every problem is reported at once', () => {
    const message = errorOf({ hardeningLevel: DEMO, containerPort: 0, desiredCount: 0, cpu: 300 });
    expect(message).toMatch(/^HardenedDemoService: invalid properties:/);
    expect(message).toContain('containerPort:');
    expect(message).toContain('desiredCount:');
    expect(message).toContain('cpu:');
  });
});

describe('other port: every rule follows containerPort', () => {
  test('target group, task ingress, load balancer egress and PORT follow 8080', () => {
    const { template } = synth({ hardeningLevel: DEMO, containerPort: 8080 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 8080, ToPort: 8080 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [Match.objectLike({ ContainerPort: 8080 })],
          Environment: Match.arrayWith([{ Name: 'PORT', Value: '8080' }]),
        }),
      ],
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/"(FromPort|ToPort|ContainerPort)":3000/);
  });
});

describe('environment and secrets', () => {
  test('PORT that disagrees with containerPort', () => {
    expect(errorOf({ hardeningLevel: DEMO, environment: { PORT: '9999' } })).toContain("environment: PORT is '9999' but containerPort is 3000");
  });
  test('DATA_BUCKET is reserved', () => {
    expect(errorOf({ hardeningLevel: DEMO, environment: { DATA_BUCKET: 'x' } })).toContain('DATA_BUCKET is set by the construct');
  });
  test('an invalid variable name', () => {
    expect(errorOf({ hardeningLevel: DEMO, environment: { '1BAD': 'x' } })).toContain("environment: '1BAD' is not a valid variable name");
  });
  test('a variable in both environment and secrets', () => {
    const message = errorOf((stack) => ({
      hardeningLevel: DEMO,
      environment: { TOKEN: 'x' },
      secrets: { TOKEN: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'P', { parameterName: '/app/token' })) },
    }));
    expect(message).toContain("environment: 'TOKEN' is also in secrets");
  });
  test('a health check path that is not a path', () => {
    expect(errorOf({ hardeningLevel: DEMO, healthCheckPath: 'health check' })).toContain("healthCheckPath: 'health check' is not a path");
  });
});

describe('images', () => {
  test('an image tag that ECR cannot hold', () => {
    expect(() => ServiceImage.fromOwnRepository('bad tag!')).toThrow(/image \(ServiceImage.fromOwnRepository\): 'bad tag!' is not an image tag or digest/);
    expect(() => ServiceImage.fromRegistry('')).toThrow(/is not an image name/);
  });
  test('a user image gets the / health check and its own user', () => {
    const { template } = synth({ hardeningLevel: DEMO, image: ServiceImage.fromRegistry('public.ecr.aws/nginx/nginx:1.27') });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/' });
    const taskDef = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(taskDef.Properties.ContainerDefinitions[0].Image).toBe('public.ecr.aws/nginx/nginx:1.27');
    expect(taskDef.Properties.ContainerDefinitions[0].User).toBeUndefined();
  });
  test('a subclass of ServiceImage (possible from every jsii language) is refused, naming the factory to use', () => {
    class MyImage extends ServiceImage {}
    expect(errorOf({ hardeningLevel: DEMO, image: new MyImage() })).toMatch(
      /^image: this ServiceImage was not made by one of its static factories.*Use ServiceImage\.fromContainerImage\(image\) for any ecs\.ContainerImage/,
    );
  });
  test("a tag in the construct's own repository", () => {
    const { template } = synth({ hardeningLevel: DEMO, image: ServiceImage.fromOwnRepository('v1.2.3') });
    const taskDef = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(JSON.stringify(taskDef.Properties.ContainerDefinitions[0].Image)).toContain(':v1.2.3');
  });
});

describe('an existing VPC without the subnets the level needs', () => {
  test('DEMO needs public subnets in two zones', () => {
    const message = errorOf((stack) => ({
      hardeningLevel: DEMO,
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
        vpcId: 'vpc-1234',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: ['subnet-a', 'subnet-b'],
      }),
    }));
    expect(message).toContain('vpc: has public subnets in 0 availability zone(s); an internet-facing load balancer need public subnets in at least two');
  });
  test('PRODUCTION needs private subnets in two zones', () => {
    const message = errorOf((stack) => ({
      hardeningLevel: PRODUCTION,
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
        vpcId: 'vpc-1234',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        publicSubnetIds: ['subnet-a', 'subnet-b'],
      }),
    }));
    expect(message).toContain('vpc: has private subnets in 0 availability zone(s)');
  });
  test('natGateways with an existing VPC is refused, not ignored', () => {
    const message = errorOf((stack) => ({ hardeningLevel: PRODUCTION, natGateways: 1, vpc: new ec2.Vpc(stack, 'Mine') }));
    expect(message).toContain('natGateways: applies only to a VPC the construct creates');
  });
});

describe('NAT gateway count', () => {
  test('more NAT gateways than the VPC can hold', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, natGateways: 3 })).toContain('natGateways: 3 is more than the VPC can hold');
  });
  test('NAT gateways at DEMO, where tasks are public', () => {
    expect(errorOf({ hardeningLevel: DEMO, natGateways: 1 })).toContain('natGateways: tasks run in public subnets at this level');
  });
  test('negative or fractional', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, natGateways: -1 })).toContain('natGateways: -1 is not allowed');
    expect(errorOf({ hardeningLevel: PRODUCTION, natGateways: 1.5 })).toContain('natGateways: 1.5 is not allowed');
  });
});

describe('domain, certificates and web ACL', () => {
  test('domainName without a certificate at PRODUCTION', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, domainName: 'app.example.com' })).toContain('domainName: CloudFront can serve it only with a certificate. Give cloudFrontCertificate');
  });
  test('a CloudFront certificate outside us-east-1', () => {
    const message = errorOf((stack) => ({
      hardeningLevel: PRODUCTION,
      domainName: 'app.example.com',
      cloudFrontCertificate: regionalCertificate(stack, 'eu-west-1', 'CfCert'),
    }), 'eu-west-1');
    expect(message).toContain('cloudFrontCertificate: CloudFront uses certificates from us-east-1 only, and this one is in eu-west-1');
  });
  test('a load balancer certificate from another region', () => {
    const message = errorOf((stack) => ({ hardeningLevel: DEMO, certificate: regionalCertificate(stack, 'us-west-2') }), 'eu-west-1');
    expect(message).toContain('certificate: the certificate is in us-west-2 but the load balancer is in eu-west-1');
  });
  test('a load balancer certificate at PRODUCTION needs the origin name', () => {
    const message = errorOf((stack) => ({ hardeningLevel: PRODUCTION, certificate: regionalCertificate(stack) }));
    expect(message).toContain('certificate: with CloudFront in front');
  });
  test('a domain name that is not one', () => {
    expect(errorOf({ hardeningLevel: DEMO, domainName: 'not a domain' })).toContain("domainName: 'not a domain' is not a domain name");
  });
  test.each([
    `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    'arn:aws:s3:::bucket',
  ])('webAclArn %p is not a CLOUDFRONT-scope web ACL', (webAclArn) => {
    expect(errorOf({ hardeningLevel: PRODUCTION, webAclArn })).toContain('is not the ARN of a CLOUDFRONT-scope web ACL');
  });
  test('webAclArn at DEMO has nothing to attach to', () => {
    const arn = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`;
    expect(errorOf({ hardeningLevel: DEMO, webAclArn: arn })).toContain('webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has no CloudFront distribution');
  });
  test('cloudFrontCertificate at DEMO', () => {
    expect(errorOf((stack) => ({ hardeningLevel: DEMO, cloudFrontCertificate: regionalCertificate(stack) }))).toContain('cloudFrontCertificate: there is no CloudFront distribution at this level');
  });
});

describe('task egress allow-list', () => {
  test('an entry to every address at PRODUCTION without the explicit override', () => {
    const message = errorOf({ hardeningLevel: PRODUCTION, taskEgressAllowList: [{ peer: ec2.Peer.anyIpv4(), port: ec2.Port.tcp(443) }] });
    expect(message).toContain('taskEgressAllowList[0]: 0.0.0.0/0 opens egress to every address, which undoes the restriction');
    expect(message).toContain('overrides.allowTaskEgressToAnyAddress');
  });
  test('accepted with the override, and a warning says so', () => {
    const s = synth({
      hardeningLevel: PRODUCTION,
      overrides: { allowTaskEgressToAnyAddress: true },
      taskEgressAllowList: [{ peer: ec2.Peer.anyIpv6(), port: ec2.Port.tcp(443) }],
    });
    s.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ CidrIpv6: '::/0', FromPort: 443, ToPort: 443 })]),
    });
    expect(warningTexts(s.annotations).some((w) => w.includes('reach every address'))).toBe(true);
  });
  test('an allow-list while egress is unrestricted would change nothing', () => {
    expect(errorOf({ hardeningLevel: DEMO, taskEgressAllowList: [{ peer: ec2.Peer.ipv4('10.1.0.0/16'), port: ec2.Port.tcp(5432) }] })).toContain(
      'taskEgressAllowList: task egress is unrestricted at this level',
    );
  });
});

describe('overrides', () => {
  test('an unknown control', () => {
    expect(errorOf({ hardeningLevel: DEMO, overrides: { noSuchControl: true } as any })).toContain('overrides.noSuchControl: not a control');
  });
  test('a non-boolean value', () => {
    expect(errorOf({ hardeningLevel: DEMO, overrides: { waf: 'yes' } as any })).toContain('overrides.waf: expected true or false');
  });
  test('CloudFront without an internal load balancer', () => {
    expect(errorOf({ hardeningLevel: PRODUCTION, overrides: { internalLoadBalancer: false } })).toContain('overrides.cloudFront: CloudFront reaches the load balancer through a CloudFront VPC origin');
  });
  test('an unknown level', () => {
    expect(errorOf({ hardeningLevel: 'STAGING' as any })).toContain("hardeningLevel: 'STAGING' is not a hardening level");
  });
});
