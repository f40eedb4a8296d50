import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HardenedDemoServiceProps, HardeningLevel } from '../../../src';
import { resolveHardeningProfile } from '../../../src/internal/profile';
import { ResolvedInputs, resolveInputs } from '../../../src/internal/validation/defaults';
import { testApp } from '../../util';

const DEMO = resolveHardeningProfile(HardeningLevel.DEMO);
const PRODUCTION = resolveHardeningProfile(HardeningLevel.PRODUCTION);

describe('resolveInputs: the defaults of each level, nothing given', () => {
  test('DEMO: one task (up to 4), no NAT gateway (tasks are public)', () => {
    expect(resolveInputs({}, DEMO, true)).toEqual<ResolvedInputs>({
      containerPort: 3000,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 1,
      minCapacity: 1,
      maxCapacity: 4,
      natGateways: 0,
      wafRateLimit: 2000,
      healthCheckPath: '/health',
      environment: { PORT: '3000' },
    });
  });

  test('PRODUCTION: two tasks (up to 10), one NAT gateway per zone', () => {
    expect(resolveInputs({}, PRODUCTION, true)).toEqual<ResolvedInputs>({
      containerPort: 3000,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 2,
      minCapacity: 2,
      maxCapacity: 10,
      natGateways: 2,
      wafRateLimit: 2000,
      healthCheckPath: '/health',
      environment: { PORT: '3000' },
    });
  });

  test("an image other than the sample app is health-checked on '/'", () => {
    expect(resolveInputs({}, DEMO, false).healthCheckPath).toBe('/');
    expect(resolveInputs({ healthCheckPath: '/ready' }, DEMO, true).healthCheckPath).toBe('/ready');
  });
});

describe('resolveInputs: what follows from what is given', () => {
  test.each([[512, 1024], [1024, 2048], [4096, 8192], [16384, 32768]])('cpu %p alone gets the smallest memory Fargate takes with it, %p MiB', (cpu, memory) => {
    expect(resolveInputs({ cpu }, DEMO, true).memoryLimitMiB).toBe(memory);
  });

  test('maxCapacity is raised to a higher minCapacity, or desiredCount', () => {
    expect(resolveInputs({ minCapacity: 12 }, PRODUCTION, true)).toMatchObject({ minCapacity: 12, maxCapacity: 12, desiredCount: 12 });
    expect(resolveInputs({ desiredCount: 7 }, DEMO, true)).toMatchObject({ minCapacity: 1, maxCapacity: 7, desiredCount: 7 });
  });

  test('no NAT gateways to count for an existing VPC, or where tasks are public', () => {
    const vpc = ec2.Vpc.fromVpcAttributes(new Stack(testApp(), 'S'), 'Vpc', { vpcId: 'vpc-1234', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-a'] });
    expect(resolveInputs({ vpc, natGateways: 1 }, PRODUCTION, true).natGateways).toBe(0);
    expect(resolveInputs({ natGateways: 1 }, DEMO, true).natGateways).toBe(0);
    expect(resolveInputs({ natGateways: 1 }, PRODUCTION, true).natGateways).toBe(1);
  });

  test('PORT is set from containerPort, after the variables given, which are copied, not changed', () => {
    const environment = { LOG_LEVEL: 'debug', PORT: '1' };
    const resolved = resolveInputs({ containerPort: 8080, environment }, DEMO, true);
    expect(resolved.environment).toEqual({ LOG_LEVEL: 'debug', PORT: '8080' });
    expect(environment).toEqual({ LOG_LEVEL: 'debug', PORT: '1' });
  });

  test('an input outside its range resolves to the default (validateInputs refuses it anyway)', () => {
    const given: HardenedDemoServiceProps = {
      containerPort: 0,
      cpu: 1.5,
      memoryLimitMiB: -1,
      minCapacity: 0,
      desiredCount: 5001,
      natGateways: -1,
      wafRateLimit: 5,
    };
    expect(resolveInputs(given, PRODUCTION, true)).toMatchObject({
      containerPort: 3000,
      cpu: 256,
      memoryLimitMiB: 512,
      minCapacity: 2,
      desiredCount: 2,
      natGateways: 2,
      wafRateLimit: 2000,
    });
  });

  test('pure: the same props give equal values', () => {
    const props: HardenedDemoServiceProps = { cpu: 1024, environment: { A: '1' } };
    expect(resolveInputs(props, PRODUCTION, false)).toEqual(resolveInputs(props, PRODUCTION, false));
  });
});
