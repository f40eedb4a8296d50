import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CheckResult } from './result';
import { TaskEgressRule } from '../../props';
import { PostureNotice } from '../posture-notices';

/** What the profile says about task egress. */
export interface TaskEgressPolicy {
  /** Whether task egress is limited to the endpoints and the allow-list (the `restrictTaskEgress` control). */
  readonly restrictTaskEgress: boolean;
  /** Whether entries to every address may sit on the allow-list (`overrides.allowTaskEgressToAnyAddress`). */
  readonly allowTaskEgressToAnyAddress: boolean;
}

/**
 * The task egress allow-list: only while egress is restricted; each entry with a peer and a
 * port; no entry to every address unless the override accepts it, and then a warning.
 */
export function checkTaskEgress(allowList: readonly TaskEgressRule[] | undefined, policy: TaskEgressPolicy): CheckResult {
  const errors: string[] = [];
  const warnings: PostureNotice[] = [];
  const rules = allowList ?? [];
  if (rules.length > 0 && !policy.restrictTaskEgress) {
    errors.push('taskEgressAllowList: task egress is unrestricted at this level, so an allow-list would change nothing. Remove it, or set overrides.restrictTaskEgress to true.');
  }
  rules.forEach((rule, i) => {
    if (!rule || !rule.peer || !rule.port) {
      errors.push(`taskEgressAllowList[${i}]: needs a peer and a port.`);
      return;
    }
    if (isAnyAddress(rule.peer) && policy.restrictTaskEgress && !policy.allowTaskEgressToAnyAddress) {
      errors.push(
        `taskEgressAllowList[${i}]: ${rule.peer.uniqueId} opens egress to every address, which undoes the restriction. Name the destinations, or set overrides.allowTaskEgressToAnyAddress to true to accept it deliberately.`,
      );
    }
  });
  if (policy.allowTaskEgressToAnyAddress && rules.some((r) => r && r.peer && isAnyAddress(r.peer))) {
    warnings.push({ id: 'TaskEgressToAnyAddress', message: 'taskEgressAllowList lets tasks reach every address on some ports (overrides.allowTaskEgressToAnyAddress).' });
  }
  return { errors, warnings };
}

function isAnyAddress(peer: ec2.IPeer): boolean {
  return peer.uniqueId === '0.0.0.0/0' || peer.uniqueId === '::/0';
}
