import type { ProblemCode } from '../../contract/codes.js';
import type { TenantRecord } from '../store/index.js';

/**
 * The state machine of DESIGN.md as pure functions from one record to the
 * next. Each keeps `settings` (the host's data) exactly as it was.
 */

export interface NewConnection {
  account: NonNullable<TenantRecord['account']>;
  refreshTokenEnc: string | null;
}

export function connected(previous: TenantRecord, connection: NewConnection, now: Date): TenantRecord {
  return {
    ...previous,
    state: 'connected',
    account: connection.account,
    refreshTokenEnc: connection.refreshTokenEnc,
    legacyPublishableKey: null,
    problem: null,
    // The time of this authorization: a deauthorization event older than it is stale.
    connectedAt: now,
    checkedAt: now,
  };
}

/**
 * A connection on record stopped working, as observed at `observedAt`; null
 * if there is nothing to break or the observation predates the current
 * authorization (a reconnect that finished after it wins).
 */
export function broken(
  previous: TenantRecord,
  code: Extract<ProblemCode, 'deauthorized' | 'access_revoked'>,
  observedAt: Date,
): TenantRecord | null {
  if (previous.state !== 'connected' && previous.state !== 'needs_attention') return null;
  if (previous.connectedAt && previous.connectedAt > observedAt) return null;
  // Deauthorized is the more precise diagnosis; a later failed check does not replace it.
  if (previous.state === 'needs_attention' && (previous.problem?.code === 'deauthorized' || previous.problem?.code === code)) return null;
  return { ...previous, state: 'needs_attention', problem: { code, since: observedAt } };
}

/**
 * A check with Stripe, started at `observedAt`, succeeded: the connection
 * works, unless a problem was recorded after the check began (the newer fact wins).
 */
export function checkedOk(previous: TenantRecord, accountId: string, accountName: string | null, observedAt: Date): TenantRecord | null {
  if (previous.state !== 'connected' && previous.state !== 'needs_attention') return null;
  if (!previous.account || previous.account.id !== accountId) return null;
  if (previous.problem && previous.problem.since > observedAt) return null;
  if (previous.checkedAt && previous.checkedAt >= observedAt && previous.state === 'connected') return null;
  return {
    ...previous,
    state: 'connected',
    problem: null,
    account: { ...previous.account, name: accountName ?? previous.account.name },
    checkedAt: observedAt,
  };
}

export function disconnected(previous: TenantRecord): TenantRecord | null {
  if (previous.state === 'not_connected' || previous.state === 'disconnected') return null;
  return {
    ...previous,
    state: 'disconnected',
    account: null,
    refreshTokenEnc: null,
    legacyPublishableKey: null,
    problem: null,
    connectedAt: null,
    checkedAt: null,
  };
}

/** Imports an API-key setup; a working OAuth connection is never downgraded by it. */
export function legacyImported(previous: TenantRecord, publishableKey: string, now: Date): TenantRecord | null {
  if (previous.state === 'connected' || previous.state === 'needs_attention') return null;
  if (previous.state === 'legacy' && previous.legacyPublishableKey === publishableKey) return null;
  return {
    ...previous,
    state: 'legacy',
    account: null,
    refreshTokenEnc: null,
    legacyPublishableKey: publishableKey,
    problem: { code: 'legacy_setup', since: now },
    connectedAt: null,
    checkedAt: null,
  };
}
