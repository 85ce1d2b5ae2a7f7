/**
 * Payments paused and the warning before it, as pure rules: what Stripe's
 * facts say, and how each transition moves a record, table by table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { paymentsHealth, type PaymentsHealth } from '../../server/reconnect/payments.js';
import { broken, checked, connected, disconnected, type ObservedFacts } from '../../server/reconnect/transitions.js';
import type { TenantRecord } from '../../server/store/records.js';
import { ACCOUNT, at, DAY, dueFacts, facts, inDays, OTHER, pausedFacts, problem, record, T0 } from './fixtures.js';

const paused = (charges: boolean, payouts: boolean, reason: string | null = 'requirements.past_due', deadline: Date | null = null) => ({
  charges,
  payouts,
  reason,
  deadline,
});

describe('paymentsHealth: what Stripe’s facts say', () => {
  const cases: Array<[string, ObservedFacts, PaymentsHealth]> = [
    ['both on, nothing asked', facts(), { paused: null, warning: null }],
    ['charges off', pausedFacts({ payouts: true }), { paused: paused(false, true), warning: null }],
    ['payouts off', pausedFacts({ charges: true }), { paused: paused(true, false), warning: null }],
    ['both off', pausedFacts(), { paused: paused(false, false), warning: null }],
    ['rejected: the reason is Stripe’s word', pausedFacts({ disabledReason: 'rejected.fraud', pastDue: [], currentlyDue: [] }), { paused: paused(false, false, 'rejected.fraud'), warning: null }],
    ['off with no reason given', pausedFacts({ disabledReason: null }), { paused: paused(false, false, null), warning: null }],
    ['paused with a deadline for more: the pause carries it, no warning', pausedFacts({ disabledReason: 'under_review', currentDeadline: inDays(3) }), { paused: paused(false, false, 'under_review', inDays(3)), warning: null }],
    ['due in 7 days', dueFacts(inDays(7)), { paused: null, warning: { code: 'requirements_due', deadline: inDays(7) } }],
    ['due in exactly 14 days', dueFacts(inDays(14)), { paused: null, warning: { code: 'requirements_due', deadline: inDays(14) } }],
    ['due one second after 14 days: not yet', dueFacts(new Date(T0.getTime() + 14 * DAY + 1000)), { paused: null, warning: null }],
    ['due in 30 days: not yet', dueFacts(inDays(30)), { paused: null, warning: null }],
    ['deadline passed, payments still on: the most urgent warning', dueFacts(inDays(-1)), { paused: null, warning: { code: 'requirements_due', deadline: inDays(-1) } }],
    ['fields due without a deadline', facts({ requirements: { currentlyDue: ['company.tax_id'] } }), { paused: null, warning: null }],
    ['a deadline with nothing due', facts({ requirements: { currentDeadline: inDays(2) } }), { paused: null, warning: null }],
  ];
  for (const [name, given, expected] of cases) {
    test(name, () => assert.deepEqual(paymentsHealth(given, T0), expected));
  }
});

/** The parts of a record these rules move. */
const shape = (r: TenantRecord | null) =>
  r && { state: r.state, problem: r.problem, warning: r.warning, checkedAt: r.checkedAt, name: r.account?.name ?? null };

describe('connected: a completed flow, with Stripe’s facts read at completion', () => {
  const now = at(10);
  const cases: Array<[string, TenantRecord, ObservedFacts, ReturnType<typeof shape>]> = [
    ['a healthy account connects', record({ state: 'not_connected', account: null }), facts(), { state: 'connected', problem: null, warning: null, checkedAt: now, name: 'Acme Inc' }],
    ['a paused account connects as payments_paused', record({ state: 'not_connected', account: null }), pausedFacts(), {
      state: 'needs_attention', problem: problem('payments_paused', now, paused(false, false)), warning: null, checkedAt: now, name: 'Acme Inc',
    }],
    ['an account with information due connects with the warning', record({ state: 'disconnected', account: null }), dueFacts(inDays(7, now)), {
      state: 'connected', problem: null, warning: { code: 'requirements_due', deadline: inDays(7, now) }, checkedAt: now, name: 'Acme Inc',
    }],
    ['a deauthorized tenant reconnects a paused account: paused from now', record({ state: 'needs_attention', problem: problem('deauthorized', at(5)) }), pausedFacts(), {
      state: 'needs_attention', problem: problem('payments_paused', now, paused(false, false)), warning: null, checkedAt: now, name: 'Acme Inc',
    }],
    ['reconnecting the same paused account keeps when the pause began', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)) }), pausedFacts({ charges: true }), {
      state: 'needs_attention', problem: problem('payments_paused', at(1), paused(true, false)), warning: null, checkedAt: now, name: 'Acme Inc',
    }],
    ['a legacy tenant connects a healthy account', record({ state: 'legacy', account: null, problem: problem('legacy_setup', T0) }), facts(), { state: 'connected', problem: null, warning: null, checkedAt: now, name: 'Acme Inc' }],
  ];
  for (const [name, previous, given, expected] of cases) {
    test(name, () => assert.deepEqual(shape(connected(previous, { account: ACCOUNT, refreshTokenEnc: null, facts: given, connectedBy: null, grantedAt: now }, now)), expected));
  }

  test('a new account paused the same way starts a pause of its own', () => {
    const previous = record({ account: OTHER, state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)) });
    assert.deepEqual(connected(previous, { account: ACCOUNT, refreshTokenEnc: null, facts: pausedFacts(), connectedBy: null, grantedAt: now }, now)?.problem?.since, now);
  });

  test('settings are kept whatever Stripe says', () => {
    const previous = record({ state: 'not_connected', account: null, settings: { plan: 'pro' } });
    assert.deepEqual(connected(previous, { account: ACCOUNT, refreshTokenEnc: null, facts: pausedFacts(), connectedBy: null, grantedAt: now }, now)?.settings, { plan: 'pro' });
  });
});

describe('checked: Stripe answered for the account (access works)', () => {
  const seen = at(10);
  const cases: Array<[string, TenantRecord, ObservedFacts, ReturnType<typeof shape>]> = [
    ['healthy stays connected; checkedAt moves on', record(), facts(), { state: 'connected', problem: null, warning: null, checkedAt: seen, name: 'Acme Inc' }],
    ['the name Stripe shows now is kept', record(), facts({ name: 'Acme Incorporated' }), { state: 'connected', problem: null, warning: null, checkedAt: seen, name: 'Acme Incorporated' }],
    ['connected, then paused', record(), pausedFacts(), { state: 'needs_attention', problem: problem('payments_paused', seen, paused(false, false)), warning: null, checkedAt: seen, name: 'Acme Inc' }],
    ['paused, then both on again: repaired', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)) }), facts(), {
      state: 'connected', problem: null, warning: null, checkedAt: seen, name: 'Acme Inc',
    }],
    ['paused, payouts back on: still paused since it began, details follow', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)) }), pausedFacts({ payouts: true }), {
      state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, true)), warning: null, checkedAt: seen, name: 'Acme Inc',
    }],
    ['paused, then resumed with information still due: repaired with the warning', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)) }), dueFacts(inDays(5)), {
      state: 'connected', problem: null, warning: { code: 'requirements_due', deadline: inDays(5) }, checkedAt: seen, name: 'Acme Inc',
    }],
    ['the warning clears when nothing is due', record({ warning: { code: 'requirements_due', deadline: inDays(5) } }), facts(), { state: 'connected', problem: null, warning: null, checkedAt: seen, name: 'Acme Inc' }],
    ['access_revoked, access found again but paused: payments_paused', record({ state: 'needs_attention', problem: problem('access_revoked', at(5)) }), pausedFacts(), {
      state: 'needs_attention', problem: problem('payments_paused', seen, paused(false, false)), warning: null, checkedAt: seen, name: 'Acme Inc',
    }],
    ['deauthorized, access found again and healthy: repaired', record({ state: 'needs_attention', problem: problem('deauthorized', at(5)) }), facts(), {
      state: 'connected', problem: null, warning: null, checkedAt: seen, name: 'Acme Inc',
    }],
  ];
  for (const [name, previous, given, expected] of cases) {
    test(name, () => assert.deepEqual(shape(checked(previous, ACCOUNT.id, given, seen)), expected));
  }

  const unchanged: Array<[string, TenantRecord, ObservedFacts]> = [
    ['an answer asked for before the stored one', record({ checkedAt: at(20) }), pausedFacts()],
    ['the same answer again (reused within the reuse window)', record({ checkedAt: seen, state: 'needs_attention', problem: problem('payments_paused', seen, paused(false, false)) }), facts()],
    ['an answer asked for before access was found lost', record({ state: 'needs_attention', problem: problem('deauthorized', at(20)) }), facts()],
    ['another account than the connection’s', record({ account: OTHER }), pausedFacts()],
    ['disconnected on purpose', record({ state: 'disconnected', account: null }), pausedFacts()],
    ['legacy', record({ state: 'legacy', account: null, problem: problem('legacy_setup', T0) }), pausedFacts()],
  ];
  for (const [name, previous, given] of unchanged) {
    test(`unchanged: ${name}`, () => assert.equal(checked(previous, ACCOUNT.id, given, seen), null));
  }
});

describe('broken: losing access is the more urgent diagnosis', () => {
  const seen = at(10);
  const cases: Array<[string, TenantRecord, 'deauthorized' | 'access_revoked', ReturnType<typeof shape> | null]> = [
    ['paused, then deauthorized: deauthorized, no details', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, false)), checkedAt: at(1) }), 'deauthorized', {
      state: 'needs_attention', problem: problem('deauthorized', seen), warning: null, checkedAt: at(1), name: 'Acme Inc',
    }],
    ['paused, then a check finds no access: access_revoked', record({ state: 'needs_attention', problem: problem('payments_paused', at(1), paused(false, true)), checkedAt: at(1) }), 'access_revoked', {
      state: 'needs_attention', problem: problem('access_revoked', seen), warning: null, checkedAt: at(1), name: 'Acme Inc',
    }],
    ['connected with a warning, then deauthorized: the warning goes', record({ warning: { code: 'requirements_due', deadline: inDays(3) } }), 'deauthorized', {
      state: 'needs_attention', problem: problem('deauthorized', seen), warning: null, checkedAt: T0, name: 'Acme Inc',
    }],
    ['access_revoked, then deauthorized: the more precise one', record({ state: 'needs_attention', problem: problem('access_revoked', at(5)) }), 'deauthorized', {
      state: 'needs_attention', problem: problem('deauthorized', seen), warning: null, checkedAt: T0, name: 'Acme Inc',
    }],
    ['deauthorized, then a failed check: stays deauthorized', record({ state: 'needs_attention', problem: problem('deauthorized', at(5)) }), 'access_revoked', null],
    ['a reconnect after the observation wins', record({ connectedAt: at(20), checkedAt: at(20) }), 'deauthorized', null],
    ['a successful answer after the observation wins', record({ checkedAt: at(20), state: 'needs_attention', problem: problem('payments_paused', at(20), paused(false, false)) }), 'access_revoked', null],
    ['nothing to break when disconnected', record({ state: 'disconnected', account: null }), 'deauthorized', null],
  ];
  for (const [name, previous, code, expected] of cases) {
    test(name, () => assert.deepEqual(shape(broken(previous, code, seen)), expected));
  }
});

describe('disconnected', () => {
  test('forgets the problem and the warning', () => {
    const next = disconnected(record({ state: 'needs_attention', problem: problem('payments_paused', T0, paused(false, false)) }))!;
    assert.deepEqual([next.state, next.problem, next.warning], ['disconnected', null, null]);
    assert.equal(disconnected(record({ warning: { code: 'requirements_due', deadline: inDays(2) } }))!.warning, null);
  });
});
