import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkTaskEgress, TaskEgressPolicy } from '../../../src/internal/validation/egress';

const RESTRICTED: TaskEgressPolicy = { restrictTaskEgress: true, allowTaskEgressToAnyAddress: false };
const RESTRICTED_ANY_ACCEPTED: TaskEgressPolicy = { restrictTaskEgress: true, allowTaskEgressToAnyAddress: true };
const UNRESTRICTED: TaskEgressPolicy = { restrictTaskEgress: false, allowTaskEgressToAnyAddress: false };
const DATABASE = { peer: ec2.Peer.ipv4('10.1.0.0/16'), port: ec2.Port.tcp(5432) };

describe('checkTaskEgress', () => {
  test('named destinations while egress is restricted: accepted, no warning', () => {
    expect(checkTaskEgress([DATABASE], RESTRICTED)).toEqual({ errors: [], warnings: [] });
  });

  test('no list, or an empty one, is accepted at any level', () => {
    expect(checkTaskEgress(undefined, UNRESTRICTED)).toEqual({ errors: [], warnings: [] });
    expect(checkTaskEgress([], UNRESTRICTED)).toEqual({ errors: [], warnings: [] });
  });

  test('a list while egress is unrestricted would change nothing: refused', () => {
    expect(checkTaskEgress([DATABASE], UNRESTRICTED).errors).toEqual([
      'taskEgressAllowList: task egress is unrestricted at this level, so an allow-list would change nothing. Remove it, or set overrides.restrictTaskEgress to true.',
    ]);
  });

  test('an entry without a peer or a port is refused, by its index', () => {
    expect(checkTaskEgress([DATABASE, { peer: DATABASE.peer } as any, null as any], RESTRICTED).errors).toEqual([
      'taskEgressAllowList[1]: needs a peer and a port.',
      'taskEgressAllowList[2]: needs a peer and a port.',
    ]);
  });

  test.each([
    [ec2.Peer.anyIpv4(), '0.0.0.0/0'],
    [ec2.Peer.anyIpv6(), '::/0'],
  ])('an entry to every address (%s) undoes the restriction: refused without the override', (peer, uniqueId) => {
    expect(checkTaskEgress([DATABASE, { peer, port: ec2.Port.tcp(443) }], RESTRICTED)).toEqual({
      errors: [
        `taskEgressAllowList[1]: ${uniqueId} opens egress to every address, which undoes the restriction. ` +
          'Name the destinations, or set overrides.allowTaskEgressToAnyAddress to true to accept it deliberately.',
      ],
      warnings: [],
    });
  });

  test('with the override it is accepted, and a warning says so', () => {
    expect(checkTaskEgress([{ peer: ec2.Peer.anyIpv4(), port: ec2.Port.tcp(443) }], RESTRICTED_ANY_ACCEPTED)).toEqual({
      errors: [],
      warnings: [{ id: 'TaskEgressToAnyAddress', message: 'taskEgressAllowList lets tasks reach every address on some ports (overrides.allowTaskEgressToAnyAddress).' }],
    });
  });

  test('the override alone, with named destinations only, warns of nothing', () => {
    expect(checkTaskEgress([DATABASE], RESTRICTED_ANY_ACCEPTED)).toEqual({ errors: [], warnings: [] });
  });
});
