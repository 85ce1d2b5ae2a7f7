/**
 * A completed flow against a loss of access Stripe confirmed around the
 * grant: a loss of the same account observed at or after the grant is the
 * newer fact and stays; anything older, or about another account, is replaced.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { broken, connected, type NewConnection } from '../../server/reconnect/transitions.js';
import type { TenantRecord } from '../../server/store/records.js';
import { ACCOUNT, at, facts, OTHER, pausedFacts, problem, record } from './fixtures.js';

const paused = { charges: false, payouts: false, reason: 'requirements.past_due', deadline: null };
/** The flow started at minute 10; Stripe granted access at minute 12. */
const now = at(10);
const grantedAt = at(12);
const grant = (over: Partial<NewConnection> = {}): NewConnection => ({ account: ACCOUNT, refreshTokenEnc: 'enc', facts: facts(), connectedBy: null, grantedAt, ...over });
const lost = (code: 'deauthorized' | 'access_revoked', since: Date, account = ACCOUNT) => record({ account, state: 'needs_attention', problem: problem(code, since) });

/** The parts of a record the rule decides. */
const shape = (r: TenantRecord | null) => r && { state: r.state, account: r.account?.id ?? null, problem: r.problem?.code ?? null, connectedAt: r.connectedAt };

describe('connected: a loss of access confirmed around the grant', () => {
  const cases: Array<[string, TenantRecord, NewConnection, ReturnType<typeof shape>]> = [
    ['same account deauthorized after the grant: no change', lost('deauthorized', at(13)), grant(), null],
    ['same account deauthorized at the grant itself: the tie goes to the loss', lost('deauthorized', grantedAt), grant(), null],
    ['same account access_revoked after the grant: no change', lost('access_revoked', at(13)), grant(), null],
    ['same account deauthorized before the grant: connected', lost('deauthorized', at(11)), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    ['same account deauthorized before the flow started: connected', lost('deauthorized', at(5)), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    ['same account access_revoked before the grant: connected', lost('access_revoked', at(11)), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    ['another account deauthorized after the grant: connected to the new account', lost('deauthorized', at(13), OTHER), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    ['another account access_revoked after the grant: connected to the new account', lost('access_revoked', at(13), OTHER), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    [
      'payments_paused after the grant: connected (only a loss of access blocks)',
      record({ state: 'needs_attention', problem: problem('payments_paused', at(13), paused) }),
      grant(),
      { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt },
    ],
    [
      'payments_paused after the grant, still paused: connected as payments_paused',
      record({ state: 'needs_attention', problem: problem('payments_paused', at(13), paused) }),
      grant({ facts: pausedFacts() }),
      { state: 'needs_attention', account: ACCOUNT.id, problem: 'payments_paused', connectedAt: grantedAt },
    ],
    ['a working connection to the same account: connected', record(), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
    ['a first connection: connected', record({ state: 'not_connected', account: null, connectedAt: null, checkedAt: null }), grant(), { state: 'connected', account: ACCOUNT.id, problem: null, connectedAt: grantedAt }],
  ];
  for (const [name, previous, connection, expected] of cases) {
    test(name, () => assert.deepEqual(shape(connected(previous, connection, now)), expected));
  }

  test('a connection made keeps the flow’s time as checkedAt and the grant as connectedAt', () => {
    const next = connected(record({ state: 'not_connected', account: null }), grant(), now);
    assert.deepEqual([next?.connectedAt, next?.checkedAt], [grantedAt, now]);
  });
});

describe('broken after connected: the grant time decides which deauthorization is stale', () => {
  const made = connected(record({ state: 'not_connected', account: null }), grant(), now)!;
  const cases: Array<[string, Date, boolean]> = [
    ['observed before the flow started: stale', at(5), false],
    ['observed after the flow started, before the grant: stale', at(11), false],
    ['observed at the grant itself: applied (the tie goes to the loss, as in connected)', grantedAt, true],
    ['observed after the grant: applied', at(13), true],
  ];
  for (const [name, observedAt, applies] of cases) {
    test(name, () => assert.equal(broken(made, 'deauthorized', observedAt)?.problem?.code ?? null, applies ? 'deauthorized' : null));
  }
});
