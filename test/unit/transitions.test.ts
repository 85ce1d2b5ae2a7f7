/**
 * The state machine in `transitions.ts`, function by function: which records
 * each transition applies to, the whole record it gives, and the two rules
 * its doc comment states for all of them (settings kept exactly; an older
 * observation never replaces a newer one). What Stripe's facts do to the
 * problem and the warning is tabled in payments-paused.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProblemCode } from '../../contract/codes.js';
import { broken, checked, connected, disconnected, legacyImported, type NewConnection } from '../../server/reconnect/transitions.js';
import type { TenantRecord } from '../../server/store/records.js';
import { ACCOUNT, at, dueFacts, facts, inDays, OTHER, pausedFacts, problem, record, T0 } from './fixtures.js';

/** The host's data, with enough shape that a copy that drops or changes anything shows. */
const SETTINGS = { plan: 'pro', seats: 3, flags: ['a', 'b'], nested: { nothing: null, on: false } };
const ANN = { id: 'user_1', name: 'Ann', email: 'ann@example.com' };
const pausedDetails = { charges: false, payouts: false, reason: 'requirements.past_due', deadline: null };

/** One record in each situation a transition can meet, every one with the host's settings. */
const SITUATIONS: Record<string, TenantRecord> = {
  not_connected: record({ state: 'not_connected', account: null, connectedAt: null, checkedAt: null, settings: SETTINGS }),
  connected: record({ settings: SETTINGS, refreshTokenEnc: 'v1:enc', connectedBy: ANN }),
  warned: record({ settings: SETTINGS, warning: { code: 'requirements_due', deadline: inDays(5) } }),
  paused: record({ settings: SETTINGS, state: 'needs_attention', problem: problem('payments_paused', at(1), pausedDetails) }),
  deauthorized: record({ settings: SETTINGS, state: 'needs_attention', problem: problem('deauthorized', at(2)) }),
  access_revoked: record({ settings: SETTINGS, state: 'needs_attention', problem: problem('access_revoked', at(2)) }),
  legacy: record({
    settings: SETTINGS,
    state: 'legacy',
    account: null,
    connectedAt: null,
    checkedAt: null,
    legacyPublishableKey: 'pk_live_old',
    problem: problem('legacy_setup', T0),
  }),
  disconnected: record({ settings: SETTINGS, state: 'disconnected', account: null, connectedAt: null, checkedAt: null }),
};

const NOW = at(30);
const CONNECTION: NewConnection = { account: OTHER, refreshTokenEnc: 'v1:new', facts: facts({ name: 'Beta LLC' }), connectedBy: ANN, grantedAt: NOW };

type Transition = (previous: TenantRecord) => TenantRecord | null;
const TRANSITIONS: Array<[string, Transition, string[]]> = [
  // [transition, the situations it changes (null for every other)]
  ['connected', (r) => connected(r, CONNECTION, NOW), Object.keys(SITUATIONS)],
  ['broken: deauthorized', (r) => broken(r, 'deauthorized', NOW), ['connected', 'warned', 'paused', 'access_revoked']],
  ['broken: access_revoked', (r) => broken(r, 'access_revoked', NOW), ['connected', 'warned', 'paused']],
  ['checked', (r) => checked(r, ACCOUNT.id, facts(), NOW), ['connected', 'warned', 'paused', 'deauthorized', 'access_revoked']],
  ['disconnected', (r) => disconnected(r), ['connected', 'warned', 'paused', 'deauthorized', 'access_revoked', 'legacy']],
  ['legacyImported (another key)', (r) => legacyImported(r, 'pk_live_new', NOW), ['not_connected', 'legacy', 'disconnected']],
  ['legacyImported (the same key)', (r) => legacyImported(r, 'pk_live_old', NOW), ['not_connected', 'disconnected']],
];

describe('which records each transition changes; settings kept exactly, the previous record untouched', () => {
  for (const [name, transition, changes] of TRANSITIONS) {
    for (const [situation, previous] of Object.entries(SITUATIONS)) {
      const applies = changes.includes(situation);
      test(`${name} on ${situation}: ${applies ? 'a new record' : 'null'}`, () => {
        const before = structuredClone(previous);
        const next = transition(previous);
        assert.deepEqual(previous, before, 'the previous record was changed in place');
        if (!applies) return assert.equal(next, null);
        assert.ok(next);
        assert.deepEqual(next.settings, SETTINGS);
        assert.equal(next.tenantId, previous.tenantId);
        assert.equal(next.updatedAt, previous.updatedAt);
      });
    }
  }
});

describe('connected: the whole record', () => {
  const cases: Array<[string, TenantRecord, NewConnection, Partial<TenantRecord>]> = [
    ['a first connection', SITUATIONS.not_connected!, CONNECTION, {
      state: 'connected', account: OTHER, refreshTokenEnc: 'v1:new', legacyPublishableKey: null, problem: null, warning: null, connectedBy: ANN, connectedAt: NOW, checkedAt: NOW,
    }],
    ['a legacy setup upgraded: the API key and legacy_setup go', SITUATIONS.legacy!, CONNECTION, {
      state: 'connected', account: OTHER, refreshTokenEnc: 'v1:new', legacyPublishableKey: null, problem: null, warning: null, connectedBy: ANN, connectedAt: NOW, checkedAt: NOW,
    }],
    ['a reconnect by nobody named: the earlier person is not kept', SITUATIONS.connected!, { ...CONNECTION, connectedBy: null, refreshTokenEnc: null }, {
      state: 'connected', account: OTHER, refreshTokenEnc: null, connectedBy: null, connectedAt: NOW, checkedAt: NOW,
    }],
    ['deauthorized, reconnected: the problem goes', SITUATIONS.deauthorized!, CONNECTION, { state: 'connected', problem: null, connectedAt: NOW }],
    ['a warned connection replaced by a healthy one: the warning goes', SITUATIONS.warned!, CONNECTION, { state: 'connected', warning: null }],
    ['a healthy connection replaced by one with information due: the new warning', SITUATIONS.connected!, { ...CONNECTION, facts: dueFacts(inDays(3, NOW)) }, {
      state: 'connected', problem: null, warning: { code: 'requirements_due', deadline: inDays(3, NOW) },
    }],
    ['paused and due: the pause is shown, never the warning', SITUATIONS.connected!, { ...CONNECTION, facts: pausedFacts({ currentDeadline: inDays(3, NOW) }) }, {
      state: 'needs_attention', warning: null, problem: problem('payments_paused', NOW, { ...pausedDetails, deadline: inDays(3, NOW) }),
    }],
  ];
  for (const [name, previous, connection, expected] of cases) {
    test(name, () => {
      const next = connected(previous, connection, NOW);
      assert.ok(next, 'connected');
      for (const [field, value] of Object.entries(expected)) assert.deepEqual(next[field as keyof TenantRecord], value, field);
    });
  }

  test('Stripe’s name for the account is the one the connection carries (not the facts’)', () => {
    assert.equal(connected(SITUATIONS.not_connected!, { ...CONNECTION, facts: facts({ name: 'Something else' }) }, NOW)?.account?.name, 'Beta LLC');
  });
});

describe('broken: the whole record', () => {
  const cases: Array<[string, TenantRecord, 'deauthorized' | 'access_revoked']> = [
    ['connected, deauthorized', SITUATIONS.connected!, 'deauthorized'],
    ['warned, access revoked', SITUATIONS.warned!, 'access_revoked'],
    ['paused, deauthorized', SITUATIONS.paused!, 'deauthorized'],
  ];
  for (const [name, previous, code] of cases) {
    test(`${name}: needs_attention since the observation; account, token, times and person kept`, () => {
      const next = broken(previous, code, NOW);
      assert.deepEqual(next, { ...previous, state: 'needs_attention', problem: problem(code, NOW), warning: null });
    });
  }
});

describe('checked: the whole record', () => {
  test('only the name, checkedAt and health change; the token, the person and connectedAt stay', () => {
    const previous = SITUATIONS.connected!;
    const next = checked(previous, ACCOUNT.id, facts({ name: 'Acme Renamed' }), NOW);
    assert.deepEqual(next, { ...previous, account: { ...ACCOUNT, name: 'Acme Renamed' }, checkedAt: NOW });
  });

  test('Stripe shows no name: the stored one stays', () => {
    assert.equal(checked(SITUATIONS.connected!, ACCOUNT.id, facts({ name: null }), NOW)?.account?.name, 'Acme Inc');
  });

  test('access found again on a deauthorized connection with information due: connected with the warning', () => {
    const next = checked(SITUATIONS.deauthorized!, ACCOUNT.id, dueFacts(inDays(2, NOW)), NOW);
    assert.deepEqual([next?.state, next?.problem, next?.warning], ['connected', null, { code: 'requirements_due', deadline: inDays(2, NOW) }]);
  });

  test('paused with a deadline for more: the pause carries it, no warning', () => {
    const next = checked(SITUATIONS.connected!, ACCOUNT.id, pausedFacts({ currentDeadline: inDays(2, NOW) }), NOW);
    assert.deepEqual([next?.state, next?.problem?.code, next?.problem?.details?.deadline, next?.warning], ['needs_attention', 'payments_paused', inDays(2, NOW), null]);
  });
});

describe('disconnected and legacyImported: the whole record', () => {
  const cleared = { account: null, refreshTokenEnc: null, problem: null, warning: null, connectedAt: null, checkedAt: null };
  const cases: Array<[string, TenantRecord]> = [
    ['connected with a token and a person', SITUATIONS.connected!],
    ['warned', SITUATIONS.warned!],
    ['paused', SITUATIONS.paused!],
    ['deauthorized', SITUATIONS.deauthorized!],
    ['legacy: the API key goes too', SITUATIONS.legacy!],
  ];
  for (const [name, previous] of cases) {
    test(`disconnected from ${name}: everything about the connection forgotten`, () => {
      assert.deepEqual(disconnected(previous), { ...previous, ...cleared, state: 'disconnected', legacyPublishableKey: null, connectedBy: null });
    });
  }

  const imports: Array<[string, TenantRecord]> = [
    ['a tenant never connected', SITUATIONS.not_connected!],
    ['a disconnected tenant', SITUATIONS.disconnected!],
    ['a legacy tenant with another key: the new key, legacy_setup from now', SITUATIONS.legacy!],
  ];
  for (const [name, previous] of imports) {
    test(`legacyImported for ${name}`, () => {
      assert.deepEqual(legacyImported(previous, 'pk_live_new', NOW), {
        ...previous,
        ...cleared,
        state: 'legacy',
        legacyPublishableKey: 'pk_live_new',
        problem: problem('legacy_setup', NOW),
      });
    });
  }
});

describe('an older observation never replaces a newer one', () => {
  const connectedAt20 = record({ connectedAt: at(20), checkedAt: at(20) });
  const checkedAt20 = record({ connectedAt: at(0), checkedAt: at(20) });
  const lostAt20 = record({ state: 'needs_attention', problem: problem('access_revoked', at(20)), checkedAt: at(5) });
  const cases: Array<[string, () => TenantRecord | null, boolean]> = [
    // [case, the transition, whether it applies]
    ['broken, observed before the current authorization', () => broken(connectedAt20, 'deauthorized', at(19)), false],
    ['broken, observed before the last successful answer', () => broken(checkedAt20, 'deauthorized', at(19)), false],
    ['broken, observed at the very time of the last answer', () => broken(checkedAt20, 'deauthorized', at(20)), true],
    ['broken, observed after the last answer', () => broken(checkedAt20, 'access_revoked', at(21)), true],
    ['checked, asked before the stored answer', () => checked(checkedAt20, ACCOUNT.id, facts(), at(19)), false],
    ['checked, asked at the time of the stored answer', () => checked(checkedAt20, ACCOUNT.id, facts(), at(20)), false],
    ['checked, asked after the stored answer', () => checked(checkedAt20, ACCOUNT.id, facts(), at(21)), true],
    ['checked, asked before access was found lost', () => checked(lostAt20, ACCOUNT.id, facts(), at(19)), false],
    ['checked, asked when access was found lost', () => checked(lostAt20, ACCOUNT.id, facts(), at(20)), true],
    ['checked, asked after access was found lost', () => checked(lostAt20, ACCOUNT.id, facts(), at(21)), true],
  ];
  for (const [name, transition, applies] of cases) {
    test(`${name}: ${applies ? 'applies' : 'null'}`, () => {
      const next = transition();
      if (!applies) return assert.equal(next, null);
      assert.ok(next);
    });
  }

  test('a check that applies moves checkedAt to when it was asked, never back', () => {
    assert.deepEqual(checked(checkedAt20, ACCOUNT.id, facts(), at(21))?.checkedAt, at(21));
    assert.deepEqual(checked(lostAt20, ACCOUNT.id, facts(), at(21))?.checkedAt, at(21));
  });

  test('a break keeps checkedAt (the last answer that proved access)', () => {
    assert.deepEqual(broken(checkedAt20, 'deauthorized', at(25))?.checkedAt, at(20));
  });
});

describe('precedence: losing access, then payments paused, then the warning', () => {
  const cases: Array<[string, () => TenantRecord | null, ProblemCode | 'unchanged']> = [
    ['paused, then deauthorized: deauthorized', () => broken(SITUATIONS.paused!, 'deauthorized', NOW), 'deauthorized'],
    ['paused, then access_revoked: access_revoked', () => broken(SITUATIONS.paused!, 'access_revoked', NOW), 'access_revoked'],
    ['access_revoked, then deauthorized: deauthorized', () => broken(SITUATIONS.access_revoked!, 'deauthorized', NOW), 'deauthorized'],
    ['deauthorized, then an answer asked before it: unchanged', () => checked(SITUATIONS.deauthorized!, ACCOUNT.id, pausedFacts(), at(1)), 'unchanged'],
    ['deauthorized, then a newer paused answer (access proven): payments_paused', () => checked(SITUATIONS.deauthorized!, ACCOUNT.id, pausedFacts(), NOW), 'payments_paused'],
    ['warned, then paused: payments_paused', () => checked(SITUATIONS.warned!, ACCOUNT.id, pausedFacts(), NOW), 'payments_paused'],
  ];
  for (const [name, transition, expected] of cases) {
    test(name, () => {
      const next = transition();
      if (expected === 'unchanged') return assert.equal(next, null);
      assert.equal(next?.problem?.code, expected);
      assert.equal(next?.warning, null, 'no warning beside a problem');
    });
  }
});
