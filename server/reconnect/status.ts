import type { ExpectedAccount, PausedDetails, Status } from '../../contract/schemas.js';
import { connectionOf, type AttemptRecord, type StoredPauseDetails, type TenantRecord } from '../store/index.js';

/**
 * The account a reconnect must pick: the connection's own while it is
 * connected or broken, the legacy key's while legacy, none otherwise.
 */
export function expectedAccount(tenant: TenantRecord | null): ExpectedAccount | null {
  if (!tenant) return null;
  const account = connectionOf(tenant);
  if (account) return { id: account.id, publishableKey: account.publishableKey, name: account.name };
  if (tenant.state === 'legacy' && tenant.legacyPublishableKey) {
    return { id: null, publishableKey: tenant.legacyPublishableKey, name: null };
  }
  return null;
}

/** The Status object of docs/design.md. Built from stored fields only, so it can never carry a secret. */
export function toStatus(tenant: TenantRecord | null, lastAttempt: AttemptRecord | null): Status {
  const state = tenant?.state ?? 'not_connected';
  const account = connectionOf(tenant);
  const showsAccount = account !== null;
  const hasProblem = state === 'needs_attention' || state === 'legacy';
  return {
    state,
    problem:
      hasProblem && tenant?.problem
        ? {
            code: tenant.problem.code,
            since: tenant.problem.since.toISOString(),
            details: tenant.problem.code === 'payments_paused' && tenant.problem.details ? toDetails(tenant.problem.details) : null,
          }
        : null,
    account: account && { id: account.id, name: account.name, publishableKey: account.publishableKey, livemode: account.livemode },
    expected: expectedAccount(tenant),
    lastAttempt: lastAttempt
      ? { outcome: lastAttempt.outcome, code: lastAttempt.code, at: lastAttempt.at.toISOString(), by: lastAttempt.by ?? null }
      : null,
    connectedBy: showsAccount ? (tenant?.connectedBy ?? null) : null,
    warning: state === 'connected' && tenant?.warning ? { code: tenant.warning.code, deadline: tenant.warning.deadline.toISOString() } : null,
    connectedAt: showsAccount && tenant?.connectedAt ? tenant.connectedAt.toISOString() : null,
    checkedAt: showsAccount && tenant?.checkedAt ? tenant.checkedAt.toISOString() : null,
  };
}

function toDetails(d: StoredPauseDetails): PausedDetails {
  return { charges: d.charges, payouts: d.payouts, reason: d.reason, deadline: d.deadline?.toISOString() ?? null };
}
