import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CheckResult, ControlValues } from './result';
import { checkWholeNumber, WholeNumberRange } from './whole-numbers';
import { CREATED_VPC_AZS, distinctAzs } from '../network';
import { PostureNotice } from '../posture-notices';

/** NAT gateways of a created VPC: 0 or more (the zone count caps it, checked apart). */
export const NAT_GATEWAYS_RANGE: WholeNumberRange = {
  property: 'natGateways',
  min: 0,
  max: Number.MAX_SAFE_INTEGER,
  fix: 'Give a whole number of NAT gateways (0 for isolated private subnets).',
};

/** The network properties as given (each may be absent). */
export interface NetworkInputs {
  readonly vpc?: ec2.IVpc;
  readonly natGateways?: number;
  readonly createVpcEndpoints?: boolean;
}

/** The controls that decide where tasks and the load balancer sit. */
export type NetworkControls = Pick<ControlValues, 'privateSubnets' | 'internalLoadBalancer'>;

/**
 * The VPC: VPC endpoints left out only of an existing VPC; NAT gateways counted only for a
 * VPC the construct creates with private subnets, and no more than it has zones (one warns);
 * an existing VPC with subnets in two zones where the level puts tasks and the load balancer.
 *
 * @param natGateways the resolved NAT gateway count (see `resolveInputs`)
 */
export function checkNetwork(given: NetworkInputs, natGateways: number, controls: NetworkControls): CheckResult {
  const errors: string[] = [];
  const warnings: PostureNotice[] = [];
  if (given.createVpcEndpoints === false && !given.vpc) {
    errors.push(
      'createVpcEndpoints: false applies only to an existing vpc that already has the endpoints; the VPC the construct creates has none, ' +
        'and restricted or isolated tasks could not pull their image. Remove createVpcEndpoints, or give vpc.',
    );
  }
  if (given.vpc) {
    if (given.natGateways !== undefined) {
      errors.push('natGateways: applies only to a VPC the construct creates; the existing vpc keeps its own routing. Remove natGateways.');
    }
    errors.push(...checkExistingVpcSubnets(given.vpc, controls));
  } else if (controls.privateSubnets) {
    errors.push(...checkWholeNumber(given.natGateways, NAT_GATEWAYS_RANGE));
    if (natGateways > CREATED_VPC_AZS) {
      errors.push(
        `natGateways: ${natGateways} is more than the VPC can hold: it has ${CREATED_VPC_AZS} availability zones and one NAT gateway per public subnet at most. Give 0 to ${CREATED_VPC_AZS}.`,
      );
    }
    if (natGateways === 1) {
      warnings.push({ id: 'SingleNatGateway', message: 'natGateways is 1: one availability zone failure cuts the other zone off from the internet.' });
    }
  } else if (given.natGateways !== undefined) {
    errors.push('natGateways: tasks run in public subnets at this level, so there is no NAT gateway to count. Remove natGateways, or set overrides.privateSubnets to true.');
  }
  return { errors, warnings };
}

/**
 * An existing VPC needs public subnets in two zones for an internet-facing load balancer or
 * public tasks, and private (or isolated) subnets in two zones for private tasks or an
 * internal load balancer.
 */
export function checkExistingVpcSubnets(vpc: ec2.IVpc, controls: NetworkControls): string[] {
  const errors: string[] = [];
  const privateSubnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
  if (!controls.privateSubnets || !controls.internalLoadBalancer) {
    if (distinctAzs(vpc.publicSubnets) < 2) {
      errors.push(
        `vpc: has public subnets in ${distinctAzs(vpc.publicSubnets)} availability zone(s); ${!controls.internalLoadBalancer ? 'an internet-facing load balancer' : 'tasks with public IPs'} need public subnets in at least two. Give a VPC that has them.`,
      );
    }
  }
  if (controls.privateSubnets || controls.internalLoadBalancer) {
    if (distinctAzs(privateSubnets) < 2) {
      errors.push(
        `vpc: has private subnets in ${distinctAzs(privateSubnets)} availability zone(s); private tasks${controls.internalLoadBalancer ? ' and an internal load balancer' : ''} need private (or isolated) subnets in at least two. Give a VPC that has them.`,
      );
    }
  }
  return errors;
}
