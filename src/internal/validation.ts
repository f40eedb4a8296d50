import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CREATED_VPC_AZS, distinctAzs } from './network';
import { checkPartition } from './partitions';
import { HardeningProfile } from './profile';
import { checkPlatformInputs } from './validation-platform';
import { HardenedDemoServiceProps } from '../props';

/** Memory (MiB) Fargate accepts for each CPU value. */
const FARGATE_MEMORY: ReadonlyArray<{ cpu: number; min: number; max: number; step: number; explicit?: number[] }> = [
  { cpu: 256, min: 512, max: 2048, step: 0, explicit: [512, 1024, 2048] },
  { cpu: 512, min: 1024, max: 4096, step: 1024 },
  { cpu: 1024, min: 2048, max: 8192, step: 1024 },
  { cpu: 2048, min: 4096, max: 16384, step: 1024 },
  { cpu: 4096, min: 8192, max: 30720, step: 1024 },
  { cpu: 8192, min: 16384, max: 61440, step: 4096 },
  { cpu: 16384, min: 32768, max: 122880, step: 8192 },
];

/** ECS runs at most this many tasks per service (the default service quota). */
const MAX_TASKS = 5000;

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const CLOUDFRONT_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/;

/** The inputs after validation and defaulting. */
export interface ValidatedInputs {
  readonly containerPort: number;
  readonly cpu: number;
  readonly memoryLimitMiB: number;
  readonly desiredCount: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly natGateways: number;
  readonly wafRateLimit: number;
  readonly healthCheckPath: string;
  readonly environment: { [key: string]: string };
  /** Warnings that do not stop synthesis (an input that weakens the level). */
  readonly warnings: ReadonlyArray<{ id: string; message: string }>;
}

/**
 * Check every input against the resolved profile; gather all problems and throw once, with
 * each message naming the property and the fix.
 */
export function validateInputs(scope: Stack, props: HardenedDemoServiceProps, profile: HardeningProfile, isSampleApp: boolean): ValidatedInputs {
  const errors: string[] = [];
  const warnings: Array<{ id: string; message: string }> = [];
  const c = profile.controls;

  const integer = (name: string, value: number | undefined, fallback: number, min: number, max: number, hint: string): number => {
    if (value === undefined) {
      return fallback;
    }
    if (Token.isUnresolved(value)) {
      errors.push(`${name}: must be a concrete number, not a token (it is checked and used at synth).`);
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name}: ${JSON.stringify(value)} is not allowed. ${hint}`);
      return fallback;
    }
    return value;
  };

  const containerPort = integer('containerPort', props.containerPort, 3000, 1, 65535, 'Give a whole number from 1 to 65535 (the port the container listens on).');

  const cpu = integer('cpu', props.cpu, 256, 1, Number.MAX_SAFE_INTEGER, 'Give one of the Fargate CPU values: 256, 512, 1024, 2048, 4096, 8192, 16384.');
  const memoryLimitMiB = integer('memoryLimitMiB', props.memoryLimitMiB, cpu === 256 || props.cpu === undefined ? 512 : fargateMinMemory(cpu), 1, Number.MAX_SAFE_INTEGER, 'Give the memory in MiB as a whole number.');
  const row = FARGATE_MEMORY.find((r) => r.cpu === cpu);
  if (!row) {
    if (!errors.some((e) => e.startsWith('cpu:'))) {
      errors.push(`cpu: ${cpu} is not a Fargate CPU value. Use one of ${FARGATE_MEMORY.map((r) => r.cpu).join(', ')}.`);
    }
  } else if (!fargateAccepts(row, memoryLimitMiB)) {
    errors.push(`memoryLimitMiB: Fargate does not accept ${memoryLimitMiB} MiB with cpu ${cpu}. With cpu ${cpu}, use ${describeMemory(row)}; or change cpu.`);
  }

  const minCapacity = integer(
    'minCapacity',
    props.minCapacity,
    profile.minimumTasks,
    1,
    MAX_TASKS,
    `Give a whole number from 1 to ${MAX_TASKS}.`,
  );
  const maxCapacity = integer(
    'maxCapacity',
    props.maxCapacity,
    Math.max(profile.defaultMaxCapacity, minCapacity, props.desiredCount ?? 0),
    1,
    MAX_TASKS,
    `Give a whole number from 1 to ${MAX_TASKS}.`,
  );
  const desiredCount = integer(
    'desiredCount',
    props.desiredCount,
    minCapacity,
    1,
    MAX_TASKS,
    `Give a whole number of tasks from 1 to ${MAX_TASKS}; to stop the service, remove it rather than scale it to zero.`,
  );
  if (maxCapacity < minCapacity) {
    errors.push(`maxCapacity: ${maxCapacity} is below minCapacity ${minCapacity}. Raise maxCapacity or lower minCapacity.`);
  }
  if (!c.autoScaling && (props.minCapacity !== undefined || props.maxCapacity !== undefined)) {
    errors.push('minCapacity/maxCapacity: only apply with auto scaling, which is off. Remove them, or set overrides.autoScaling to true.');
  }
  if (profile.minimumTasks > 1 && (c.autoScaling ? minCapacity : desiredCount) < profile.minimumTasks) {
    warnings.push({
      id: 'SingleTask',
      message: `${c.autoScaling ? 'minCapacity' : 'desiredCount'} is below ${profile.minimumTasks}: the service can run a single task in a single availability zone, so one task or zone failure takes it down.`,
    });
  }

  if (props.alarmTopic && !c.alarms) {
    errors.push('alarmTopic: there are no alarms to notify (alarms are off). Remove alarmTopic, or set overrides.alarms to true.');
  }

  // Network.
  if (props.createVpcEndpoints === false && !props.vpc) {
    errors.push(
      'createVpcEndpoints: false applies only to an existing vpc that already has the endpoints; the VPC the construct creates has none, ' +
        'and restricted or isolated tasks could not pull their image. Remove createVpcEndpoints, or give vpc.',
    );
  }
  let natGateways = 0;
  if (props.vpc) {
    if (props.natGateways !== undefined) {
      errors.push('natGateways: applies only to a VPC the construct creates; the existing vpc keeps its own routing. Remove natGateways.');
    }
    checkExistingVpc(props.vpc, profile, errors);
  } else if (c.privateSubnets) {
    natGateways = integer('natGateways', props.natGateways, CREATED_VPC_AZS, 0, Number.MAX_SAFE_INTEGER, 'Give a whole number of NAT gateways (0 for isolated private subnets).');
    if (natGateways > CREATED_VPC_AZS) {
      errors.push(`natGateways: ${natGateways} is more than the VPC can hold: it has ${CREATED_VPC_AZS} availability zones and one NAT gateway per public subnet at most. Give 0 to ${CREATED_VPC_AZS}.`);
    }
    if (natGateways === 1) {
      warnings.push({ id: 'SingleNatGateway', message: 'natGateways is 1: one availability zone failure cuts the other zone off from the internet.' });
    }
  } else if (props.natGateways !== undefined) {
    errors.push('natGateways: tasks run in public subnets at this level, so there is no NAT gateway to count. Remove natGateways, or set overrides.privateSubnets to true.');
  }

  // Health check and environment.
  const healthCheckPath = props.healthCheckPath ?? (isSampleApp ? '/health' : '/');
  if (!/^\/[\x21-\x7e]{0,1023}$/.test(healthCheckPath)) {
    errors.push(`healthCheckPath: '${healthCheckPath}' is not a path. Give a path that starts with '/' and has no spaces (at most 1024 characters).`);
  }
  const environment: { [key: string]: string } = { ...(props.environment ?? {}) };
  for (const key of Object.keys(environment)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      errors.push(`environment: '${key}' is not a valid variable name. Use letters, digits and '_', not starting with a digit.`);
    }
    if (props.secrets && key in props.secrets) {
      errors.push(`environment: '${key}' is also in secrets. Give each variable once.`);
    }
  }
  if (environment.PORT !== undefined && environment.PORT !== String(containerPort)) {
    errors.push(`environment: PORT is '${environment.PORT}' but containerPort is ${containerPort}. Remove PORT (it is set from containerPort) or make them agree.`);
  }
  if (environment.DATA_BUCKET !== undefined || (props.secrets && 'DATA_BUCKET' in props.secrets)) {
    errors.push('environment: DATA_BUCKET is set by the construct to the data bucket name. Use another variable name.');
  }
  if (props.secrets && 'PORT' in props.secrets) {
    errors.push('secrets: PORT is set from containerPort. Remove it from secrets.');
  }
  environment.PORT = String(containerPort);

  // Certificates, domain, edge, WAF.
  const region = scope.region;
  if (props.domainName !== undefined && !Token.isUnresolved(props.domainName) && !HOSTNAME.test(props.domainName)) {
    errors.push(`domainName: '${props.domainName}' is not a domain name. Give a name such as 'app.example.com'.`);
  }
  if (props.certificate) {
    const certRegion = certificateRegion(props.certificate);
    if (certRegion && !Token.isUnresolved(region) && certRegion !== region) {
      errors.push(`certificate: the certificate is in ${certRegion} but the load balancer is in ${region}. Give a certificate issued in ${region}.`);
    }
  }
  if (c.cloudFront) {
    if (props.domainName !== undefined && !props.cloudFrontCertificate) {
      errors.push('domainName: CloudFront can serve it only with a certificate. Give cloudFrontCertificate (an ACM certificate in us-east-1 covering domainName), or remove domainName.');
    }
    if (props.cloudFrontCertificate) {
      const certRegion = certificateRegion(props.cloudFrontCertificate);
      if (certRegion && certRegion !== 'us-east-1') {
        errors.push(`cloudFrontCertificate: CloudFront uses certificates from us-east-1 only, and this one is in ${certRegion}. Issue (or import) the certificate in us-east-1.`);
      }
      if (props.domainName === undefined) {
        errors.push('cloudFrontCertificate: needs domainName, the name it covers that viewers use. Give domainName.');
      }
    }
    if (props.certificate && props.domainName === undefined) {
      errors.push(
        'certificate: with CloudFront in front, the load balancer certificate secures the CloudFront-to-load-balancer hop and must cover the name CloudFront uses for the origin. Give domainName (covered by both certificates).',
      );
    }
  } else if (props.cloudFrontCertificate) {
    errors.push('cloudFrontCertificate: there is no CloudFront distribution at this level. Remove it, or set overrides.cloudFront to true.');
  }
  if (props.overrides?.httpsRedirect === false) {
    // Only the load balancer's HTTP listener can serve HTTP next to HTTPS: refuse the override
    // where there is no such listener to change, rather than ignore it.
    if (c.cloudFront) {
      errors.push(
        "overrides.httpsRedirect: behind CloudFront, CloudFront redirects viewers' HTTP to HTTPS and the load balancer takes only CloudFront's requests, so false would change nothing. Remove it, or set overrides.cloudFront to false.",
      );
    } else if (!props.certificate) {
      errors.push('overrides.httpsRedirect: without certificate the load balancer serves HTTP only and has no redirect to turn off, so false would change nothing. Remove it, or give certificate.');
    }
  }
  if (props.webAclArn !== undefined) {
    if (!c.cloudFront || !c.waf) {
      errors.push('webAclArn: attaches a CLOUDFRONT-scope web ACL to the distribution, and this configuration has ' + (!c.cloudFront ? 'no CloudFront distribution' : 'WAF turned off') + '. Remove webAclArn, or turn cloudFront and waf on.');
    } else if (!Token.isUnresolved(props.webAclArn) && !CLOUDFRONT_WEB_ACL_ARN.test(props.webAclArn)) {
      errors.push(
        `webAclArn: '${props.webAclArn}' is not the ARN of a CLOUDFRONT-scope web ACL. It looks like arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id> (a REGIONAL ACL cannot protect a distribution).`,
      );
    }
  }
  const wafRateLimit = integer('wafRateLimit', props.wafRateLimit, 2000, 10, 2_000_000_000, 'Give requests per client IP per 5 minutes, from 10 to 2,000,000,000.');
  if (props.wafRateLimit !== undefined && (!c.waf || props.webAclArn !== undefined)) {
    errors.push(`wafRateLimit: applies to a web ACL the construct creates, and ${!c.waf ? 'WAF is off' : 'webAclArn brings an existing one'}. Remove wafRateLimit.`);
  }

  // Egress allow-list.
  const allowList = props.taskEgressAllowList ?? [];
  if (allowList.length > 0 && !c.restrictTaskEgress) {
    errors.push('taskEgressAllowList: task egress is unrestricted at this level, so an allow-list would change nothing. Remove it, or set overrides.restrictTaskEgress to true.');
  }
  allowList.forEach((rule, i) => {
    if (!rule || !rule.peer || !rule.port) {
      errors.push(`taskEgressAllowList[${i}]: needs a peer and a port.`);
      return;
    }
    if (isAnyAddress(rule.peer) && c.restrictTaskEgress && !profile.allowTaskEgressToAnyAddress) {
      errors.push(
        `taskEgressAllowList[${i}]: ${rule.peer.uniqueId} opens egress to every address, which undoes the restriction. Name the destinations, or set overrides.allowTaskEgressToAnyAddress to true to accept it deliberately.`,
      );
    }
  });
  if (profile.allowTaskEgressToAnyAddress && allowList.some((r) => r && r.peer && isAnyAddress(r.peer))) {
    warnings.push({ id: 'TaskEgressToAnyAddress', message: 'taskEgressAllowList lets tasks reach every address on some ports (overrides.allowTaskEgressToAnyAddress).' });
  }

  errors.push(...checkPartition(scope, c.cloudFront));
  const platform = checkPlatformInputs(props, profile);
  errors.push(...platform.errors);
  warnings.push(...platform.warnings);

  if (errors.length > 0) {
    throw new Error(`HardenedDemoService: invalid properties:\n  - ${errors.join('\n  - ')}`);
  }
  return {
    containerPort,
    cpu,
    memoryLimitMiB,
    desiredCount,
    minCapacity,
    maxCapacity,
    natGateways,
    wafRateLimit,
    healthCheckPath,
    environment,
    warnings,
  };
}

function fargateAccepts(row: (typeof FARGATE_MEMORY)[number], memory: number): boolean {
  if (row.explicit) {
    return row.explicit.includes(memory);
  }
  return memory >= row.min && memory <= row.max && (memory - row.min) % row.step === 0;
}

function fargateMinMemory(cpu: number): number {
  return FARGATE_MEMORY.find((r) => r.cpu === cpu)?.min ?? 512;
}

function describeMemory(row: (typeof FARGATE_MEMORY)[number]): string {
  return row.explicit ? row.explicit.join(', ') + ' MiB' : `${row.min} to ${row.max} MiB in steps of ${row.step}`;
}

function isAnyAddress(peer: ec2.IPeer): boolean {
  return peer.uniqueId === '0.0.0.0/0' || peer.uniqueId === '::/0';
}

/** The region of a certificate, when it can be known at synth. */
function certificateRegion(certificate: acm.ICertificate): string | undefined {
  const arn = certificate.certificateArn;
  if (!Token.isUnresolved(arn)) {
    const parts = arn.split(':');
    return parts.length > 3 && parts[3] ? parts[3] : undefined;
  }
  const region = certificate.env?.region;
  return region && !Token.isUnresolved(region) ? region : undefined;
}

function checkExistingVpc(vpc: ec2.IVpc, profile: HardeningProfile, errors: string[]): void {
  const c = profile.controls;
  const privateSubnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
  if (!c.privateSubnets || !c.internalLoadBalancer) {
    if (distinctAzs(vpc.publicSubnets) < 2) {
      errors.push(
        `vpc: has public subnets in ${distinctAzs(vpc.publicSubnets)} availability zone(s); ${!c.internalLoadBalancer ? 'an internet-facing load balancer' : 'tasks with public IPs'} need public subnets in at least two. Give a VPC that has them.`,
      );
    }
  }
  if (c.privateSubnets || c.internalLoadBalancer) {
    if (distinctAzs(privateSubnets) < 2) {
      errors.push(
        `vpc: has private subnets in ${distinctAzs(privateSubnets)} availability zone(s); private tasks${c.internalLoadBalancer ? ' and an internal load balancer' : ''} need private (or isolated) subnets in at least two. Give a VPC that has them.`,
      );
    }
  }
}
