import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { HardenedDemoService, HardenedDemoServiceProps, HardeningLevel, ServiceImage } from '../src';
import { ACCOUNT, EnvName, Match, newStack, regionalCertificate, securityGroupRules, synth, testApp, warningTexts } from './util';

/**
 * Every message of the input checks (src/internal/validation.ts, validation-platform.ts,
 * profile.ts, partitions.ts, service-image.ts) is "<property>: <problem>. <fix>". Each test here
 * compares the whole list of messages the construct gives, so it fails when the problem, the
 * fix or the set of problems found changes.
 */
const DEMO = HardeningLevel.DEMO;
const PRODUCTION = HardeningLevel.PRODUCTION;

type PropsOf = HardenedDemoServiceProps | ((stack: Stack) => HardenedDemoServiceProps);

/** The message of the error the construct throws (fails when it accepts the properties). */
function errorIn(stack: Stack, props: PropsOf): string {
  const resolved = typeof props === 'function' ? props(stack) : props;
  try {
    new HardenedDemoService(stack, 'Web', resolved);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the construct to refuse these properties');
}

function errorOf(props: PropsOf, envName: EnvName = 'us-east-1'): string {
  return errorIn(newStack(envName), props);
}

/** Each problem of a refusal: the lines of "HardenedDemoService: invalid ...:\n  - a\n  - b", or the one message. */
function problemsOf(message: string): string[] {
  const head = /^HardenedDemoService: invalid (properties|overrides):\n {2}- /.exec(message);
  return head ? message.slice(head[0].length).split('\n  - ') : [message];
}

function errorsOf(props: PropsOf, envName: EnvName = 'us-east-1'): string[] {
  return problemsOf(errorOf(props, envName));
}

/** The synth warnings of a service, as `warningTexts` gives them. */
function warningsOf(props: PropsOf, envName: EnvName = 'us-east-1'): string[] {
  const stack = newStack(envName);
  new HardenedDemoService(stack, 'Web', typeof props === 'function' ? props(stack) : props);
  return warningTexts(Annotations.fromStack(stack));
}

/** How a warning reads: the construct's prefix, the message, and the id to acknowledge it with. */
const warning = (id: string, message: string) => `[HardenedDemoService] ${message} [ack: hardened-demo-service:${id}]`;

const GLOBAL_ACL = `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`;
const secureString = (stack: Stack, id = 'P') => ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, id, { parameterName: '/app/token' }));

describe('numbers out of range are refused, naming the property and the fix', () => {
  test.each([0, -1, 65536, 70000, 80.5])('containerPort %p', (containerPort) => {
    expect(errorsOf({ hardeningLevel: DEMO, containerPort })).toEqual([
      `containerPort: ${containerPort} is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).`,
    ]);
  });

  test.each([0, -2, 1.5])('desiredCount %p', (desiredCount) => {
    expect(errorsOf({ hardeningLevel: DEMO, desiredCount })).toEqual([
      `desiredCount: ${desiredCount} is not allowed. Give a whole number of tasks from 1 to 5000; to stop the service, remove it rather than scale it to zero.`,
    ]);
  });

  test.each([0, 1.5, -256])('cpu %p', (cpu) => {
    expect(errorsOf({ hardeningLevel: DEMO, cpu })).toEqual([
      `cpu: ${cpu} is not allowed. Give one of the Fargate CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384.`,
    ]);
  });

  test.each([0, 1024.5])('memoryLimitMiB %p', (memoryLimitMiB) => {
    expect(errorsOf({ hardeningLevel: DEMO, memoryLimitMiB })).toEqual([`memoryLimitMiB: ${memoryLimitMiB} is not allowed. Give the memory in MiB as a whole number.`]);
  });

  test.each([
    ['minCapacity', { minCapacity: 0 }, 'minCapacity: 0 is not allowed. Give a whole number from 1 to 5000.'],
    ['maxCapacity', { maxCapacity: 5001 }, 'maxCapacity: 5001 is not allowed. Give a whole number from 1 to 5000.'],
    ['natGateways', { natGateways: -1 }, 'natGateways: -1 is not allowed. Give a whole number of NAT gateways (0 for isolated private subnets).'],
    ['natGateways', { natGateways: 1.5 }, 'natGateways: 1.5 is not allowed. Give a whole number of NAT gateways (0 for isolated private subnets).'],
    ['wafRateLimit', { wafRateLimit: 5 }, 'wafRateLimit: 5 is not allowed. Give requests per client IP per 5 minutes, from 10 to 2,000,000,000.'],
    ['wafRateLimit', { wafRateLimit: 2_000_000_001 }, 'wafRateLimit: 2000000001 is not allowed. Give requests per client IP per 5 minutes, from 10 to 2,000,000,000.'],
  ] as Array<[string, HardenedDemoServiceProps, string]>)('%s at PRODUCTION: %j', (_, props, message) => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, ...props })).toEqual([message]);
  });

  test('a value of another type (possible from other jsii languages) is shown as given', () => {
    expect(errorsOf({ hardeningLevel: DEMO, containerPort: '8080' as any })).toEqual([
      'containerPort: "8080" is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).',
    ]);
  });

  test.each([
    ['containerPort', DEMO],
    ['cpu', DEMO],
    ['memoryLimitMiB', DEMO],
    ['desiredCount', DEMO],
    ['minCapacity', PRODUCTION],
    ['maxCapacity', PRODUCTION],
    ['natGateways', PRODUCTION],
    ['wafRateLimit', PRODUCTION],
  ] as const)('%s as a token (%s): the value must be known at synth', (name, hardeningLevel) => {
    const token = Token.asNumber(Lazy.number({ produce: () => 1 }));
    expect(errorsOf({ hardeningLevel, [name]: token })).toEqual([`${name}: must be a concrete number, not a token (it is checked and used at synth).`]);
  });

  test('a CPU value Fargate does not have', () => {
    expect(errorsOf({ hardeningLevel: DEMO, cpu: 300 })).toEqual(['cpu: 300 is not a Fargate CPU value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.']);
  });

  test.each([
    [256, 4096, 'With cpu 256, use 512, 1024, 2048 MiB'],
    [512, 512, 'With cpu 512, use 1024 to 4096 MiB in steps of 1024'],
    [1024, 2500, 'With cpu 1024, use 2048 to 8192 MiB in steps of 1024'],
    [8192, 20000, 'With cpu 8192, use 16384 to 61440 MiB in steps of 4096'],
  ])('cpu %p with %p MiB', (cpu, memoryLimitMiB, fix) => {
    expect(errorsOf({ hardeningLevel: DEMO, cpu, memoryLimitMiB })).toEqual([`memoryLimitMiB: Fargate does not accept ${memoryLimitMiB} MiB with cpu ${cpu}. ${fix}; or change cpu.`]);
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

  test('maxCapacity below minCapacity', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, minCapacity: 4, maxCapacity: 3 })).toEqual(['maxCapacity: 3 is below minCapacity 4. Raise maxCapacity or lower minCapacity.']);
  });

  test('a desired count under auto scaling', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, desiredCount: 3 })).toEqual([
      'desiredCount: with auto scaling on, auto scaling owns the task count; a count in the template would reset the service to it on every deploy. Remove desiredCount (minCapacity is the floor), or set overrides.autoScaling to false.',
    ]);
  });

  test('buckets deleted with the stack but guarded against version deletion: refused, naming both controls', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, overrides: { retainData: false } })).toEqual([
      'overrides.retainData: false deletes the buckets with the stack, but mfaDeleteAlternative denies every principal the permanent deletion of object versions, ' +
        'so a bucket that ever held an object could not be emptied and the stack deletion would fail. Set retainData to true, or mfaDeleteAlternative to false.',
    ]);
  });

  test.each([
    [{ maxCapacity: 3 }],
    [{ minCapacity: 1 }],
    [{ minCapacity: 1, maxCapacity: 2 }],
  ])('capacity bounds without auto scaling are refused rather than ignored: %j', (bounds) => {
    expect(errorsOf({ hardeningLevel: DEMO, ...bounds })).toEqual(['minCapacity/maxCapacity: only apply with auto scaling, which is off. Remove them, or set overrides.autoScaling to true.']);
  });

  test('WAF rate limit with no web ACL to apply to', () => {
    expect(errorsOf({ hardeningLevel: DEMO, wafRateLimit: 500 })).toEqual(['wafRateLimit: applies to a web ACL the construct creates, and WAF is off. Remove wafRateLimit.']);
    expect(errorsOf({ hardeningLevel: PRODUCTION, wafRateLimit: 500, webAclArn: GLOBAL_ACL })).toEqual([
      'wafRateLimit: applies to a web ACL the construct creates, and webAclArn brings an existing one. Remove wafRateLimit.',
    ]);
  });

  test('an alarm topic with the alarms off', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, alarmTopic: new sns.Topic(stack, 'Topic') }))).toEqual([
      'alarmTopic: there are no alarms to notify (alarms are off). Remove alarmTopic, or set overrides.alarms to true.',
    ]);
  });

  test('every problem is reported at once, in one message', () => {
    const message = errorOf({ hardeningLevel: DEMO, containerPort: 0, desiredCount: 0, cpu: 300 });
    expect(message).toMatch(/^HardenedDemoService: invalid properties:\n {2}- /);
    expect(problemsOf(message)).toEqual([
      'containerPort: 0 is not allowed. Give a whole number from 1 to 65535 (the port the container listens on).',
      'cpu: 300 is not a Fargate CPU value. Use one of 256, 512, 1024, 2048, 4096, 8192, 16384.',
      'desiredCount: 0 is not allowed. Give a whole number of tasks from 1 to 5000; to stop the service, remove it rather than scale it to zero.',
    ]);
  });
});

describe('other port: every rule follows containerPort', () => {
  test('target group, task ingress, load balancer egress and PORT follow 8080; nothing uses 3000', () => {
    const s = synth({ hardeningLevel: DEMO, containerPort: 8080 });
    const { template } = s;
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          PortMappings: [Match.objectLike({ ContainerPort: 8080 })],
          Environment: Match.arrayWith([{ Name: 'PORT', Value: '8080' }]),
        }),
      ],
    });
    const idOf = (token: string) => (s.stack.resolve(token) as any)['Fn::GetAtt'][0];
    const tasks = idOf(s.service.taskSecurityGroup.securityGroupId);
    const lb = idOf(s.service.loadBalancerSecurityGroup.securityGroupId);
    const rules = securityGroupRules(template);
    const between = rules.filter((r) =>
      (r.groupId === tasks && r.direction === 'ingress' && r.rule.SourceSecurityGroupId?.['Fn::GetAtt']?.[0] === lb) ||
      (r.groupId === lb && r.direction === 'egress' && r.rule.DestinationSecurityGroupId?.['Fn::GetAtt']?.[0] === tasks));
    expect(between.map((r) => [r.direction, r.rule.IpProtocol, r.rule.FromPort, r.rule.ToPort]).sort()).toEqual([
      ['egress', 'tcp', 8080, 8080],
      ['ingress', 'tcp', 8080, 8080],
    ]);
    expect(rules.filter((r) => r.rule.FromPort === 3000 || r.rule.ToPort === 3000)).toEqual([]);
  });
});

describe('environment and secrets', () => {
  test('PORT that disagrees with containerPort', () => {
    expect(errorsOf({ hardeningLevel: DEMO, environment: { PORT: '9999' } })).toEqual([
      "environment: PORT is '9999' but containerPort is 3000. Remove PORT (it is set from containerPort) or make them agree.",
    ]);
  });
  test('PORT that agrees with containerPort is accepted', () => {
    synth({ hardeningLevel: DEMO, containerPort: 8080, environment: { PORT: '8080' } });
  });
  test('DATA_BUCKET is reserved, in environment and in secrets', () => {
    const message = 'environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.';
    expect(errorsOf({ hardeningLevel: DEMO, environment: { DATA_BUCKET: 'x' } })).toEqual([message]);
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, secrets: { DATA_BUCKET: secureString(stack) } }))).toEqual([message]);
  });
  test('PORT in secrets', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, secrets: { PORT: secureString(stack) } }))).toEqual(['secrets: PORT is set from containerPort. Remove it from secrets.']);
  });
  test.each(['1BAD', 'WITH-DASH', 'has space', ''])('an invalid variable name %p', (name) => {
    expect(errorsOf({ hardeningLevel: DEMO, environment: { [name]: 'x' } })).toEqual([
      `environment: '${name}' is not a valid variable name. Use letters, digits and '_', not starting with a digit.`,
    ]);
  });
  test('a variable in both environment and secrets', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, environment: { TOKEN: 'x' }, secrets: { TOKEN: secureString(stack) } }))).toEqual([
      "environment: 'TOKEN' is also in secrets. Give each variable once.",
    ]);
  });
  test.each(['health check', 'health', '/health check', `/${'a'.repeat(1024)}`])('a health check path that is not a path: %p', (healthCheckPath) => {
    expect(errorsOf({ hardeningLevel: DEMO, healthCheckPath })).toEqual([
      `healthCheckPath: '${healthCheckPath}' is not a path. Give a path that starts with '/' and has no spaces (at most 1024 characters).`,
    ]);
  });
});

describe('images', () => {
  test('an image tag that ECR cannot hold, in the own or another repository', () => {
    const fix = "A tag is 1-128 characters of letters, digits, '_', '.' and '-' (not starting with '.' or '-'); a digest is 'sha256:' followed by 64 hex digits.";
    expect(() => ServiceImage.fromOwnRepository('bad tag!')).toThrow(`image (ServiceImage.fromOwnRepository): 'bad tag!' is not an image tag or digest. ${fix}`);
    const repository = ecr.Repository.fromRepositoryName(new Stack(testApp(), 'R'), 'Repo', 'shared');
    expect(() => ServiceImage.fromEcrRepository(repository, '-x')).toThrow(`image (ServiceImage.fromEcrRepository): '-x' is not an image tag or digest. ${fix}`);
    expect(() => ServiceImage.fromOwnRepository('sha256:abc')).toThrow(`image (ServiceImage.fromOwnRepository): 'sha256:abc' is not an image tag or digest. ${fix}`);
    expect(() => ServiceImage.fromOwnRepository(`sha256:${'a'.repeat(64)}`)).not.toThrow();
  });
  test.each(['', ' ', 'nginx latest'])('a registry image name that is not one: %p', (name) => {
    expect(() => ServiceImage.fromRegistry(name)).toThrow(`image (ServiceImage.fromRegistry): '${name}' is not an image name. Give a name such as 'public.ecr.aws/nginx/nginx:1.27'.`);
  });
  test('something that is not a ServiceImage (possible from every jsii language)', () => {
    expect(errorsOf({ hardeningLevel: DEMO, image: { name: 'nginx' } as any })).toEqual([
      'image: expected a ServiceImage. Use ServiceImage.sampleApp(), ServiceImage.fromOwnRepository(tag), ServiceImage.fromEcrRepository(...), ' +
        'ServiceImage.fromRegistry(name) or ServiceImage.fromContainerImage(image).',
    ]);
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
    expect(errorsOf({ hardeningLevel: DEMO, image: new MyImage() })).toEqual([
      'image: this ServiceImage was not made by one of its static factories, and a subclass cannot give the construct an image. ' +
        'Use ServiceImage.fromContainerImage(image) for any ecs.ContainerImage, or sampleApp(), fromOwnRepository(tag), fromEcrRepository(repository, tag) or fromRegistry(name).',
    ]);
  });
  test("a tag in the construct's own repository", () => {
    const { template } = synth({ hardeningLevel: DEMO, image: ServiceImage.fromOwnRepository('v1.2.3') });
    const taskDef = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(JSON.stringify(taskDef.Properties.ContainerDefinitions[0].Image)).toContain(':v1.2.3');
  });
});

describe('an existing VPC without the subnets the level needs', () => {
  const imported = (stack: Stack, kind: 'private' | 'public' | 'both', zones = ['us-east-1a', 'us-east-1b']) =>
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-1234',
      availabilityZones: zones,
      ...(kind !== 'public' ? { privateSubnetIds: zones.map((_, i) => `subnet-p${i}`) } : {}),
      ...(kind !== 'private' ? { publicSubnetIds: zones.map((_, i) => `subnet-q${i}`) } : {}),
    });

  test('DEMO needs public subnets in two zones', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, vpc: imported(stack, 'private') }))).toEqual([
      'vpc: has public subnets in 0 availability zone(s); an internet-facing load balancer need public subnets in at least two. Give a VPC that has them.',
    ]);
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, vpc: imported(stack, 'both', ['us-east-1a']) }))).toEqual([
      'vpc: has public subnets in 1 availability zone(s); an internet-facing load balancer need public subnets in at least two. Give a VPC that has them.',
    ]);
  });
  test('PRODUCTION needs private subnets in two zones, for the tasks and the internal load balancer', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: PRODUCTION, vpc: imported(stack, 'public') }))).toEqual([
      'vpc: has private subnets in 0 availability zone(s); private tasks and an internal load balancer need private (or isolated) subnets in at least two. Give a VPC that has them.',
    ]);
  });
  test('private tasks behind a public load balancer need both kinds', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, overrides: { privateSubnets: true }, vpc: imported(stack, 'public') }))).toEqual([
      'vpc: has private subnets in 0 availability zone(s); private tasks need private (or isolated) subnets in at least two. Give a VPC that has them.',
    ]);
  });
  test('natGateways with an existing VPC is refused, not ignored', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: PRODUCTION, natGateways: 1, vpc: new ec2.Vpc(stack, 'Mine') }))).toEqual([
      'natGateways: applies only to a VPC the construct creates; the existing vpc keeps its own routing. Remove natGateways.',
    ]);
  });
  test('createVpcEndpoints: false without a vpc', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, createVpcEndpoints: false })).toEqual([
      'createVpcEndpoints: false applies only to an existing vpc that already has the endpoints; the VPC the construct creates has none, ' +
        'and restricted or isolated tasks could not pull their image. Remove createVpcEndpoints, or give vpc.',
    ]);
  });
});

describe('a cluster that does not fit', () => {
  test('a cluster without vpc', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, cluster: new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'V', { maxAzs: 2 }) }) }))).toEqual([
      "cluster: the cluster runs in its own VPC, and without vpc the construct would create another one for the tasks and the load balancer. Give vpc: the cluster's VPC (cluster.vpc), or remove cluster.",
    ]);
  });
  test('a cluster in another VPC than vpc', () => {
    expect(errorsOf((stack) => ({
      hardeningLevel: DEMO,
      cluster: new ecs.Cluster(stack, 'C', { vpc: new ec2.Vpc(stack, 'V1', { maxAzs: 2 }) }),
      vpc: new ec2.Vpc(stack, 'V2', { maxAzs: 2 }),
    }))).toEqual([
      'cluster: the cluster is in another VPC than vpc; its tasks would run where the load balancer cannot reach them. Give the cluster of vpc, or the vpc of the cluster (cluster.vpc).',
    ]);
  });
});

describe('NAT gateway count', () => {
  test('more NAT gateways than the VPC can hold', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, natGateways: 3 })).toEqual([
      'natGateways: 3 is more than the VPC can hold: it has 2 availability zones and one NAT gateway per public subnet at most. Give 0 to 2.',
    ]);
  });
  test('NAT gateways at DEMO, where tasks are public', () => {
    expect(errorsOf({ hardeningLevel: DEMO, natGateways: 1 })).toEqual([
      'natGateways: tasks run in public subnets at this level, so there is no NAT gateway to count. Remove natGateways, or set overrides.privateSubnets to true.',
    ]);
  });
});

describe('domain, certificates and web ACL', () => {
  test('domainName without a certificate at PRODUCTION', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, domainName: 'app.example.com' })).toEqual([
      'domainName: CloudFront can serve it only with a certificate. Give cloudFrontCertificate (an ACM certificate in us-east-1 covering domainName), or remove domainName.',
    ]);
  });
  test('a CloudFront certificate outside us-east-1', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: PRODUCTION, domainName: 'app.example.com', cloudFrontCertificate: regionalCertificate(stack, 'eu-west-1', 'CfCert') }), 'eu-west-1')).toEqual([
      'cloudFrontCertificate: CloudFront uses certificates from us-east-1 only, and this one is in eu-west-1. Issue (or import) the certificate in us-east-1.',
    ]);
  });
  test('a CloudFront certificate without the domain name it covers', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: PRODUCTION, cloudFrontCertificate: regionalCertificate(stack, 'us-east-1', 'CfCert') }))).toEqual([
      'cloudFrontCertificate: needs domainName, the name it covers that viewers use. Give domainName.',
    ]);
  });
  test('a load balancer certificate from another region', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, certificate: regionalCertificate(stack, 'us-west-2') }), 'eu-west-1')).toEqual([
      'certificate: the certificate is in us-west-2 but the load balancer is in eu-west-1. Give a certificate issued in eu-west-1.',
    ]);
  });
  test('a load balancer certificate at PRODUCTION needs the origin name', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: PRODUCTION, certificate: regionalCertificate(stack) }))).toEqual([
      'certificate: with CloudFront in front, the load balancer certificate secures the CloudFront-to-load-balancer hop and must cover the name CloudFront uses for the origin. ' +
        'Give domainName (covered by both certificates).',
    ]);
  });
  test.each(['not a domain', 'app', '-app.example.com', 'app..example.com'])('a domain name that is not one: %p', (domainName) => {
    expect(errorsOf({ hardeningLevel: DEMO, domainName })).toEqual([`domainName: '${domainName}' is not a domain name. Give a name such as 'app.example.com'.`]);
  });
  test.each([
    `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/acl/0a1b2c3d-0000-1111-2222-333344445555`,
    'arn:aws:s3:::bucket',
  ])('webAclArn %p is not a CLOUDFRONT-scope web ACL', (webAclArn) => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, webAclArn })).toEqual([
      `webAclArn: '${webAclArn}' is not the ARN of a CLOUDFRONT-scope web ACL. It looks like arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (a REGIONAL ACL cannot protect a distribution).`,
    ]);
  });
  test('webAclArn at DEMO has nothing to attach to', () => {
    expect(errorsOf({ hardeningLevel: DEMO, webAclArn: GLOBAL_ACL })).toEqual([
      'webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has no CloudFront distribution. Remove webAclArn, or turn cloudFront and waf on.',
    ]);
  });
  test('webAclArn with WAF turned off', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, overrides: { waf: false }, webAclArn: GLOBAL_ACL })).toEqual([
      'webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has WAF turned off. Remove webAclArn, or turn cloudFront and waf on.',
    ]);
  });
  test('cloudFrontCertificate at DEMO', () => {
    expect(errorsOf((stack) => ({ hardeningLevel: DEMO, cloudFrontCertificate: regionalCertificate(stack) }))).toEqual([
      'cloudFrontCertificate: there is no CloudFront distribution at this level. Remove it, or set overrides.cloudFront to true.',
    ]);
  });
});

describe('task egress allow-list', () => {
  test.each([
    ['0.0.0.0/0', ec2.Peer.anyIpv4()],
    ['::/0', ec2.Peer.anyIpv6()],
  ])('an entry to every address (%s) at PRODUCTION without the explicit override', (address, peer) => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, taskEgressAllowList: [{ peer: ec2.Peer.ipv4('10.1.0.0/16'), port: ec2.Port.tcp(5432) }, { peer, port: ec2.Port.tcp(443) }] })).toEqual([
      `taskEgressAllowList[1]: ${address} opens egress to every address, which undoes the restriction. ` +
        'Name the destinations, or set overrides.allowTaskEgressToAnyAddress to true to accept it deliberately.',
    ]);
  });
  test('an entry without a peer or a port', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, taskEgressAllowList: [{ port: ec2.Port.tcp(443) } as any, { peer: ec2.Peer.ipv4('10.1.0.0/16') } as any] })).toEqual([
      'taskEgressAllowList[0]: needs a peer and a port.',
      'taskEgressAllowList[1]: needs a peer and a port.',
    ]);
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
    expect(warningTexts(s.annotations)).toContain(
      warning('TaskEgressToAnyAddress', 'taskEgressAllowList lets tasks reach every address on some ports (overrides.allowTaskEgressToAnyAddress).'),
    );
  });
  test('an allow-list while egress is unrestricted would change nothing', () => {
    expect(errorsOf({ hardeningLevel: DEMO, taskEgressAllowList: [{ peer: ec2.Peer.ipv4('10.1.0.0/16'), port: ec2.Port.tcp(5432) }] })).toEqual([
      'taskEgressAllowList: task egress is unrestricted at this level, so an allow-list would change nothing. Remove it, or set overrides.restrictTaskEgress to true.',
    ]);
  });
});

describe('regions outside the aws partition', () => {
  const inRegion = (region: string) => new Stack(testApp(), 'TestStack', { env: { account: ACCOUNT, region } });

  test('DEMO in China: the property, the partition, why, and where to deploy instead', () => {
    expect(problemsOf(errorIn(inRegion('cn-north-1'), { hardeningLevel: DEMO }))).toEqual([
      'env.region of stack TestStack: cn-north-1 is in the aws-cn partition, which HardenedDemoService does not support: its service endpoints are named *.amazonaws.com.cn ' +
        '(ECR, CloudWatch Logs, S3 and the VPC endpoints the construct creates). Deploy the stack to a region of the aws partition (for example eu-west-1 or us-east-1).',
    ]);
  });

  test('PRODUCTION in GovCloud: CloudFront is absent there too, and turning it off does not help', () => {
    expect(problemsOf(errorIn(inRegion('us-gov-west-1'), { hardeningLevel: PRODUCTION }))).toEqual([
      'env.region of stack TestStack: us-gov-west-1 is in the aws-us-gov partition, which HardenedDemoService does not support: ' +
        'its service endpoints and FIPS requirements differ from the aws partition the construct is built for, and CloudFront is not available in AWS GovCloud (US). ' +
        'Deploy the stack to a region of the aws partition (for example eu-west-1 or us-east-1) ' +
        '(turning off overrides.cloudFront does not help: the rest of the construct is aws-partition only too).',
    ]);
  });
});

describe('overrides', () => {
  test('an unknown control', () => {
    expect(errorsOf({ hardeningLevel: DEMO, overrides: { noSuchControl: true } as any })).toEqual([
      expect.stringMatching(/^overrides\.noSuchControl: not a control\. Known controls: internalLoadBalancer, .*, allowTaskEgressToAnyAddress\.$/),
    ]);
  });
  test('a non-boolean value', () => {
    expect(errorsOf({ hardeningLevel: DEMO, overrides: { waf: 'yes' } as any })).toEqual(['overrides.waf: expected true or false, got "yes".']);
  });
  test('CloudFront without an internal load balancer', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, overrides: { internalLoadBalancer: false } })).toEqual([
      'overrides.cloudFront: CloudFront reaches the load balancer through a CloudFront VPC origin, which needs an internal load balancer. ' +
        'Set overrides.internalLoadBalancer to true, or overrides.cloudFront to false.',
    ]);
  });
  test('an internal load balancer without private subnets', () => {
    expect(errorsOf({ hardeningLevel: PRODUCTION, overrides: { privateSubnets: false, cloudFront: false } })).toEqual([
      'overrides.internalLoadBalancer: an internal load balancer lives in private subnets. Set overrides.privateSubnets to true, or overrides.internalLoadBalancer to false.',
    ]);
  });
  test('allowTaskEgressToAnyAddress while egress is not restricted', () => {
    expect(errorsOf({ hardeningLevel: DEMO, overrides: { allowTaskEgressToAnyAddress: true } })).toEqual([
      'overrides.allowTaskEgressToAnyAddress: only means something while task egress is restricted, and it is not. Remove it, or set overrides.restrictTaskEgress to true.',
    ]);
  });
  test('an unknown level', () => {
    expect(errorsOf({ hardeningLevel: 'STAGING' as any })).toEqual(["hardeningLevel: 'STAGING' is not a hardening level. Use HardeningLevel.DEMO or HardeningLevel.PRODUCTION."]);
  });
});

describe('warnings: what weakens the level, each with what to do', () => {
  test('one NAT gateway', () => {
    expect(warningsOf({ hardeningLevel: PRODUCTION, natGateways: 1 })).toContain(
      warning('SingleNatGateway', 'natGateways is 1: one availability zone failure cuts the other zone off from the internet.'),
    );
  });
  test('no certificate at DEMO: plain HTTP', () => {
    expect(warningsOf({ hardeningLevel: DEMO })).toContain(
      warning('HttpOnlyLoadBalancer', 'No certificate: the load balancer serves plain HTTP only. Give certificate (an ACM certificate in this region) for HTTPS with TLS 1.2+.'),
    );
  });
  test('no certificate at PRODUCTION: HTTP inside the VPC origin, and the default CloudFront name', () => {
    const warnings = warningsOf({ hardeningLevel: PRODUCTION });
    expect(warnings).toContain(
      warning('HttpOnlyLoadBalancer', 'No certificate: CloudFront reaches the load balancer over HTTP inside the VPC origin connection. Give certificate and domainName for HTTPS end to end.'),
    );
    expect(warnings).toContain(
      warning(
        'DefaultCloudFrontDomain',
        'No domainName/cloudFrontCertificate: CloudFront serves only its *.cloudfront.net name, where the viewer TLS minimum cannot be raised above TLSv1. ' +
          'Give domainName and a us-east-1 cloudFrontCertificate for a TLS 1.2 minimum.',
      ),
    );
  });
  describe('a cluster the team gives', () => {
    const withCluster = (make: (stack: Stack, vpc: ec2.IVpc) => ecs.ICluster, overrides = {}) => (stack: Stack): HardenedDemoServiceProps => {
      const vpc = new ec2.Vpc(stack, 'V', { maxAzs: 2 });
      return { hardeningLevel: PRODUCTION, overrides, vpc, cluster: make(stack, vpc) };
    };
    test('with Container Insights off', () => {
      const warnings = warningsOf(withCluster((stack, vpc) => new ecs.Cluster(stack, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.DISABLED })));
      expect(warnings).toContain(
        warning(
          'ClusterContainerInsights',
          'cluster: Container Insights is off on the given cluster, so this service has no container-level metrics. Turn it on for the cluster (containerInsightsV2: ContainerInsights.ENABLED).',
        ),
      );
    });
    test('imported, so Container Insights is unknown', () => {
      const warnings = warningsOf(withCluster((stack, vpc) => ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'shared', vpc })));
      expect(warnings).toContain(
        warning(
          'ClusterContainerInsights',
          'cluster: the construct cannot tell whether Container Insights is on for the given (imported) cluster; the hardening report says "unknown". Make sure the cluster has it on.',
        ),
      );
    });
    test('with Container Insights on: no warning about it', () => {
      const warnings = warningsOf(withCluster((stack, vpc) => new ecs.Cluster(stack, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED })));
      expect(warnings.filter((w) => w.includes('ClusterContainerInsights'))).toEqual([]);
    });
    test('with ECS Exec on: sessions follow the cluster\'s configuration', () => {
      const warnings = warningsOf(withCluster((stack, vpc) => new ecs.Cluster(stack, 'C', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED }), { ecsExec: true }));
      expect(warnings).toContain(
        warning(
          'ClusterExecuteCommandConfiguration',
          "cluster: ECS Exec sessions are logged and encrypted as the given cluster's execute-command configuration says, not by this construct. Give the cluster a KMS key and session logging.",
        ),
      );
    });
  });
});
