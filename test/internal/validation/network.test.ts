import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkExistingVpcSubnets, checkNetwork, NetworkControls } from '../../../src/internal/validation/network';
import { testApp } from '../../util';

const PUBLIC_TASKS: NetworkControls = { privateSubnets: false, internalLoadBalancer: false };
const PRIVATE_TASKS_INTERNET_FACING: NetworkControls = { privateSubnets: true, internalLoadBalancer: false };
const PRIVATE_TASKS_INTERNAL_LB: NetworkControls = { privateSubnets: true, internalLoadBalancer: true };

/** An imported VPC with the given subnets, one per zone. */
function importedVpc(subnets: { public?: number; private?: number; isolated?: number }): ec2.IVpc {
  const stack = new Stack(testApp(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const ids = (kind: string, n = 0) => zones.slice(0, n).map((_, i) => `subnet-${kind}${i}`);
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-1234',
    availabilityZones: zones.slice(0, Math.max(subnets.public ?? 0, subnets.private ?? 0, subnets.isolated ?? 0, 1)),
    publicSubnetIds: subnets.public ? ids('pub', subnets.public) : undefined,
    privateSubnetIds: subnets.private ? ids('priv', subnets.private) : undefined,
    isolatedSubnetIds: subnets.isolated ? ids('iso', subnets.isolated) : undefined,
  });
}

describe('a VPC the construct creates', () => {
  test('createVpcEndpoints: false is refused: the new VPC has no endpoints to rely on', () => {
    expect(checkNetwork({ createVpcEndpoints: false }, 2, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([
      'createVpcEndpoints: false applies only to an existing vpc that already has the endpoints; the VPC the construct creates has none, ' +
        'and restricted or isolated tasks could not pull their image. Remove createVpcEndpoints, or give vpc.',
    ]);
    expect(checkNetwork({ createVpcEndpoints: true }, 2, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([]);
  });

  test.each([0, 2])('%p NAT gateways (none, or one per zone) are accepted without a warning', (natGateways) => {
    expect(checkNetwork({ natGateways }, natGateways, PRIVATE_TASKS_INTERNAL_LB)).toEqual({ errors: [], warnings: [] });
  });

  test('1 NAT gateway is accepted with a warning about the other zone', () => {
    expect(checkNetwork({ natGateways: 1 }, 1, PRIVATE_TASKS_INTERNAL_LB)).toEqual({
      errors: [],
      warnings: [{ id: 'SingleNatGateway', message: 'natGateways is 1: one availability zone failure cuts the other zone off from the internet.' }],
    });
  });

  test('3 NAT gateways, more than the two zones hold, are refused', () => {
    expect(checkNetwork({ natGateways: 3 }, 3, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([
      'natGateways: 3 is more than the VPC can hold: it has 2 availability zones and one NAT gateway per public subnet at most. Give 0 to 2.',
    ]);
  });

  test.each([-1, 1.5])('%p NAT gateways are refused as not a whole number from 0 (resolved to the default 2)', (natGateways) => {
    expect(checkNetwork({ natGateways }, 2, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([
      `natGateways: ${natGateways} is not allowed. Give a whole number of NAT gateways (0 for isolated private subnets).`,
    ]);
  });

  test('NAT gateways where tasks run in public subnets are refused rather than ignored, even 0', () => {
    for (const natGateways of [0, 1]) {
      expect(checkNetwork({ natGateways }, 0, PUBLIC_TASKS).errors).toEqual([
        'natGateways: tasks run in public subnets at this level, so there is no NAT gateway to count. Remove natGateways, or set overrides.privateSubnets to true.',
      ]);
    }
  });
});

describe('an existing VPC', () => {
  test('NAT gateways are refused: the VPC keeps its own routing', () => {
    expect(checkNetwork({ vpc: importedVpc({ public: 2, private: 2 }), natGateways: 1 }, 0, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([
      'natGateways: applies only to a VPC the construct creates; the existing vpc keeps its own routing. Remove natGateways.',
    ]);
  });

  test('createVpcEndpoints: false is accepted (the VPC may have the endpoints already)', () => {
    expect(checkNetwork({ vpc: importedVpc({ public: 2, private: 2 }), createVpcEndpoints: false }, 0, PRIVATE_TASKS_INTERNAL_LB).errors).toEqual([]);
  });

  test('public tasks need public subnets in two zones for the internet-facing load balancer', () => {
    expect(checkExistingVpcSubnets(importedVpc({ public: 2 }), PUBLIC_TASKS)).toEqual([]);
    expect(checkExistingVpcSubnets(importedVpc({ public: 1 }), PUBLIC_TASKS)).toEqual([
      'vpc: has public subnets in 1 availability zone(s); an internet-facing load balancer need public subnets in at least two. Give a VPC that has them.',
    ]);
  });

  test('private tasks behind an internal load balancer need private subnets in two zones, and no public ones', () => {
    expect(checkExistingVpcSubnets(importedVpc({ private: 2 }), PRIVATE_TASKS_INTERNAL_LB)).toEqual([]);
    expect(checkExistingVpcSubnets(importedVpc({ public: 2 }), PRIVATE_TASKS_INTERNAL_LB)).toEqual([
      'vpc: has private subnets in 0 availability zone(s); private tasks and an internal load balancer need private (or isolated) subnets in at least two. Give a VPC that has them.',
    ]);
  });

  test('isolated subnets count as private ones', () => {
    expect(checkExistingVpcSubnets(importedVpc({ isolated: 2 }), PRIVATE_TASKS_INTERNAL_LB)).toEqual([]);
  });

  test('private tasks behind an internet-facing load balancer need both kinds', () => {
    expect(checkExistingVpcSubnets(importedVpc({ public: 2, private: 2 }), PRIVATE_TASKS_INTERNET_FACING)).toEqual([]);
    expect(checkExistingVpcSubnets(importedVpc({ public: 1, private: 1 }), PRIVATE_TASKS_INTERNET_FACING)).toEqual([
      'vpc: has public subnets in 1 availability zone(s); an internet-facing load balancer need public subnets in at least two. Give a VPC that has them.',
      'vpc: has private subnets in 1 availability zone(s); private tasks need private (or isolated) subnets in at least two. Give a VPC that has them.',
    ]);
  });

  test('public tasks behind an internal load balancer: the public subnets are for the tasks', () => {
    const controls = { privateSubnets: false, internalLoadBalancer: true };
    expect(checkExistingVpcSubnets(importedVpc({ private: 2 }), controls)).toEqual([
      'vpc: has public subnets in 0 availability zone(s); tasks with public IPs need public subnets in at least two. Give a VPC that has them.',
    ]);
  });
});
