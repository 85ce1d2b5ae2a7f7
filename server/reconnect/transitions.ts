import type { ProblemCode } from '../../contract/codes.js';
import { NO_CONNECTION, type TenantRecord } from '../store/index.js';
import type { AccountFacts } from '../stripe/gateway.js';
import { paymentsHealth, type PaymentFacts, type PaymentsHealth } from './payments.js';

/**
 * The state machine of docs/design.md as pure functions from one record to the
 * next. Each keeps `settings` (the host's data) exactly as it was.
 *
 * Precedence, most urgent first:
 * 1. No access (`deauthorized`, then `access_revoked`): a paused account the
 *    platform can no longer reach is first of all disconnected, so losing
 *    access replaces `payments_paused`, and a pause never replaces it. A
 *    completed flow replaces it only when Stripe granted access after the
 *    loss was observed: a loss of the same account observed at or after the
 *    grant is newer than the grant and stays.
 * 2. `payments_paused`: charges or payouts off. Only an answer from Stripe
 *    (which proves access) sets or lifts it; an answer that finds access
 *    again on a paused account moves the problem to `payments_paused`.
 * 3. The warning (information due within 14 days): only while payments work.
 * A check that cannot reach Stripe changes nothing, and an answer older than
 * the one stored never replaces it.
 */

export interface NewConnection {
  account: NonNullable<TenantRecord['account']>;
  refreshTokenEnc: string | null;
  /** Stripe's account object as read at completion: a paused account connects as `needs_attention`. */
  facts: PaymentFacts;
  /** The person whose flow this is, when their session named one. */
  connectedBy: TenantRecord['connectedBy'];
  /** When Stripe granted access: the time the code exchange returned. */
  grantedAt: Date;
}

/** Stripe's answer about an account: access works, and what it says about payments. */
export type ObservedFacts = PaymentFacts & Pick<AccountFacts, 'name'>;

/**
 * The connection becomes the one just authorized; its state follows what
 * Stripe says about payments. Null when the record says access to this same
 * account was lost at or after the grant (the newer fact wins; a tie goes to
 * the loss, as in `broken`).
 */
export function connected(previous: TenantRecord, connection: NewConnection, now: Date): TenantRecord | null {
  if (previous.account?.id === connection.account.id && lostAccess(previous) && previous.problem!.since >= connection.grantedAt) return null;
  const next: TenantRecord = {
    ...previous,
    ...NO_CONNECTION,
    state: 'connected',
    account: connection.account,
    refreshTokenEnc: connection.refreshTokenEnc,
    connectedBy: connection.connectedBy,
    // The time of this authorization: a deauthorization event older than it is stale.
    connectedAt: connection.grantedAt,
    checkedAt: now,
  };
  return withHealth(previous, next, paymentsHealth(connection.facts, now), now);
}

/**
 * A connection on record stopped working, as observed at `observedAt`; null
 * if there is nothing to break or the observation predates the current
 * authorization or a later successful answer (the newer fact wins).
 */
export function broken(
  previous: TenantRecord,
  code: Extract<ProblemCode, 'deauthorized' | 'access_revoked'>,
  observedAt: Date,
): TenantRecord | null {
  if (previous.state !== 'connected' && previous.state !== 'needs_attention') return null;
  if (previous.connectedAt && previous.connectedAt > observedAt) return null;
  if (previous.checkedAt && previous.checkedAt > observedAt) return null;
  // Deauthorized is the more precise diagnosis; a later failed check does not replace it.
  if (previous.state === 'needs_attention' && (previous.problem?.code === 'deauthorized' || previous.problem?.code === code)) return null;
  return { ...previous, state: 'needs_attention', problem: { code, since: observedAt, details: null }, warning: null };
}

/**
 * Stripe answered for the account, asked at `observedAt`: the platform has
 * access, and the record follows what the answer says about payments. Null
 * when it is not this connection's account, when the answer is no newer than
 * the one stored, or when access was found lost after it was asked for.
 */
export function checked(previous: TenantRecord, accountId: string, facts: ObservedFacts, observedAt: Date): TenantRecord | null {
  if (previous.state !== 'connected' && previous.state !== 'needs_attention') return null;
  if (!previous.account || previous.account.id !== accountId) return null;
  if (lostAccess(previous)) {
    if (previous.problem!.since > observedAt) return null;
  } else if (previous.checkedAt && previous.checkedAt >= observedAt) {
    return null;
  }
  const next: TenantRecord = {
    ...previous,
    account: { ...previous.account, name: facts.name ?? previous.account.name },
    checkedAt: observedAt,
  };
  return withHealth(previous, next, paymentsHealth(facts, observedAt), observedAt);
}

export function disconnected(previous: TenantRecord): TenantRecord | null {
  if (previous.state === 'not_connected' || previous.state === 'disconnected') return null;
  return { ...previous, ...NO_CONNECTION, state: 'disconnected' };
}

/** Imports an API-key setup; a working OAuth connection is never downgraded by it. */
export function legacyImported(previous: TenantRecord, publishableKey: string, now: Date): TenantRecord | null {
  if (previous.state === 'connected' || previous.state === 'needs_attention') return null;
  if (previous.state === 'legacy' && previous.legacyPublishableKey === publishableKey) return null;
  return {
    ...previous,
    ...NO_CONNECTION,
    // Who made the OAuth connection that was there before is kept: the legacy setup names nobody new.
    connectedBy: previous.connectedBy,
    state: 'legacy',
    legacyPublishableKey: publishableKey,
    problem: { code: 'legacy_setup', since: now, details: null },
  };
}

/** The platform can no longer reach the account (the most urgent problems). */
function lostAccess(record: TenantRecord): boolean {
  const code = record.problem?.code;
  return record.state === 'needs_attention' && (code === 'deauthorized' || code === 'access_revoked');
}

/**
 * `next` (access confirmed at `at`) with its state, problem and warning from
 * Stripe's answer. A pause that goes on for the same account keeps the time it began.
 */
function withHealth(previous: TenantRecord, next: TenantRecord, health: PaymentsHealth, at: Date): TenantRecord {
  if (!health.paused) return { ...next, state: 'connected', problem: null, warning: health.warning };
  const ongoing = previous.problem?.code === 'payments_paused' && previous.account?.id === next.account?.id;
  return {
    ...next,
    state: 'needs_attention',
    problem: { code: 'payments_paused', since: ongoing ? previous.problem!.since : at, details: health.paused },
    warning: null,
  };
}
