/**
 * Which host events a change gives, and the Status fields for payments
 * paused and the warning, as pure functions of the records.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HostEvent, Status } from '../../contract/schemas.js';
import { hostEventTypes, hostEventsFor } from '../../server/host-webhooks/events.js';
import { toStatus } from '../../server/reconnect/status.js';
import type { TenantRecord } from '../../server/store/records.js';
import { at, inDays, problem, record, T0 } from './fixtures.js';

const pausedDetails = { charges: false, payouts: true, reason: 'requirements.past_due', deadline: inDays(3) };
const NEW = record({ state: 'not_connected', account: null, connectedAt: null, checkedAt: null });
const OK = record();
const WARNED = record({ warning: { code: 'requirements_due', deadline: inDays(7) } });
const WARNED_LATER = record({ warning: { code: 'requirements_due', deadline: inDays(9) } });
const PAUSED = record({ state: 'needs_attention', problem: problem('payments_paused', at(1), pausedDetails) });
const PAUSED_MORE = record({ state: 'needs_attention', problem: problem('payments_paused', at(1), { ...pausedDetails, payouts: false }) });
const DEAUTHORIZED = record({ state: 'needs_attention', problem: problem('deauthorized', at(2)) });
const REVOKED = record({ state: 'needs_attention', problem: problem('access_revoked', at(2)) });
const LEGACY = record({ state: 'legacy', account: null, problem: problem('legacy_setup', T0) });
const GONE = record({ state: 'disconnected', account: null });

describe('hostEventTypes', () => {
  const cases: Array<[string, TenantRecord, TenantRecord, Array<[string, string | null]>]> = [
    ['first connection', NEW, OK, [['connection.connected', null]]],
    ['first connection with information due: connected, then the warning', NEW, WARNED, [['connection.connected', null], ['connection.warning', null]]],
    ['first connection to a paused account', NEW, PAUSED, [['connection.broken', 'payments_paused']]],
    ['Stripe pauses payments', OK, PAUSED, [['connection.broken', 'payments_paused']]],
    ['payments resume', PAUSED, OK, [['connection.repaired', null]]],
    ['payments resume, information still due', PAUSED, WARNED, [['connection.repaired', null], ['connection.warning', null]]],
    ['a warning appears', OK, WARNED, [['connection.warning', null]]],
    ['the same warning again: not repeated', WARNED, WARNED, []],
    ['the deadline moves: told again', WARNED, WARNED_LATER, [['connection.warning', null]]],
    ['the warning clears: nothing', WARNED, OK, []],
    ['still paused, details change: nothing', PAUSED, PAUSED_MORE, []],
    ['paused, then deauthorized: broken again with the new reason', PAUSED, DEAUTHORIZED, [['connection.broken', 'deauthorized']]],
    ['deauthorized, reconnected to a paused account', DEAUTHORIZED, PAUSED, [['connection.broken', 'payments_paused']]],
    ['access_revoked, then deauthorized', REVOKED, DEAUTHORIZED, [['connection.broken', 'deauthorized']]],
    ['deauthorized, then deauthorized', DEAUTHORIZED, DEAUTHORIZED, []],
    ['legacy, then a working connection', LEGACY, OK, [['connection.repaired', null]]],
    ['paused, then disconnected', PAUSED, GONE, [['connection.disconnected', null]]],
    ['confirmed, nothing new', OK, record({ checkedAt: at(5) }), []],
  ];
  for (const [name, previous, next, expected] of cases) {
    test(name, () => assert.deepEqual(hostEventTypes(previous, next).map((k) => [k.type, k.reason]), expected));
  }

  test('each entry is a valid HostEvent with its own id and the same Status, in order', () => {
    const entries = hostEventsFor({ previous: NEW, next: WARNED, lastAttempt: null, at: at(3), by: null });
    const bodies = entries.map((e) => HostEvent.parse(JSON.parse(e.body)));
    assert.deepEqual(bodies.map((b) => b.type), ['connection.connected', 'connection.warning']);
    assert.notEqual(bodies[0]!.id, bodies[1]!.id);
    assert.deepEqual(bodies[0]!.status, bodies[1]!.status);
    assert.deepEqual(bodies[1]!.status.warning, { code: 'requirements_due', deadline: inDays(7).toISOString() });
  });
});

describe('toStatus: problem details and the warning', () => {
  test('payments_paused carries Stripe’s facts', () => {
    const status = Status.parse(toStatus(PAUSED, null));
    assert.deepEqual(status.problem, {
      code: 'payments_paused',
      since: at(1).toISOString(),
      details: { charges: false, payouts: true, reason: 'requirements.past_due', deadline: inDays(3).toISOString() },
    });
    assert.equal(status.warning, null);
  });

  const noDetails: Array<[string, TenantRecord]> = [
    ['deauthorized', DEAUTHORIZED],
    ['access_revoked', REVOKED],
    ['legacy_setup', LEGACY],
  ];
  for (const [code, tenant] of noDetails) {
    test(`${code} has details null`, () => assert.equal(Status.parse(toStatus(tenant, null)).problem?.details, null));
  }

  test('a warning shows while connected, with its deadline', () => {
    assert.deepEqual(Status.parse(toStatus(WARNED, null)).warning, { code: 'requirements_due', deadline: inDays(7).toISOString() });
  });

  test('no warning shows unless connected', () => {
    const stray = { code: 'requirements_due' as const, deadline: inDays(2) };
    for (const tenant of [{ ...PAUSED, warning: stray }, { ...DEAUTHORIZED, warning: stray }, { ...GONE, warning: stray }]) {
      assert.equal(toStatus(tenant, null).warning, null, tenant.state);
    }
  });

  test('a tenant never seen: every new field null', () => {
    const status = Status.parse(toStatus(null, null));
    assert.deepEqual([status.problem, status.warning], [null, null]);
  });
});
