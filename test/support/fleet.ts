import type { IntegrationState, ProblemCode } from '../../contract/codes.js';
import type { Queryable } from '../../server/store/db.js';

/** A tenant as the fleet tests need one: its state and what the Status shows. */
export interface SeedTenant {
  tenantId: string;
  state: IntegrationState;
  accountId?: string | null;
  problem?: ProblemCode | null;
  warningDeadline?: Date | null;
  /** Last check with Stripe; default: now. */
  checkedAt?: Date | null;
  /** The last change of state; default: now. */
  changedAt?: Date;
  /** When re-checks take it; default none yet (scheduled from `checkedAt`). */
  recheckDueAt?: Date | null;
}

/**
 * Writes tenants straight into the table, as the flows would have left them
 * (fleets of hundreds, set up in one statement rather than hundreds of
 * flows); the code under test then reads and changes them as any others.
 */
export async function seedTenants(db: Queryable, tenants: readonly SeedTenant[]): Promise<void> {
  for (let i = 0; i < tenants.length; i += 500) {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const values = tenants.slice(i, i + 500).map((t) => {
      const now = new Date();
      const hasAccount = t.state === 'connected' || t.state === 'needs_attention';
      return `(${[
        p(t.tenantId),
        p(t.state),
        p(hasAccount ? (t.accountId ?? null) : null),
        p(hasAccount ? `Account of ${t.tenantId}` : null),
        p(hasAccount ? false : null),
        p(t.problem ?? null),
        p(t.problem ? (t.changedAt ?? now) : null),
        p(t.warningDeadline ? 'requirements_due' : null),
        p(t.warningDeadline ?? null),
        p(hasAccount ? (t.changedAt ?? now) : null),
        p(hasAccount ? (t.checkedAt === undefined ? now : t.checkedAt) : null),
        p(t.changedAt ?? now),
        p(t.changedAt ?? now),
        p(t.recheckDueAt ?? null),
      ].join(', ')})`;
    });
    await db.query(
      `INSERT INTO tenants (tenant_id, state, account_id, account_name, account_livemode, problem_code, problem_since, warning_code, warning_deadline,
                            connected_at, checked_at, updated_at, state_changed_at, recheck_due_at)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
}

/** Connected tenants `<prefix>-0…`, one per account, last checked at `checkedAt` (long ago: due for a re-check at once). */
export function connectedFleet(prefix: string, accounts: readonly string[], checkedAt: Date): SeedTenant[] {
  return accounts.map((accountId, i) => ({ tenantId: `${prefix}-${i}`, state: 'connected', accountId, checkedAt, changedAt: checkedAt }));
}

/** The tenants' last checks, by id. */
export async function checkedAtOf(db: Queryable, prefix: string): Promise<Map<string, Date | null>> {
  const rows = await db.query<{ tenant_id: string; checked_at: Date | null }>('SELECT tenant_id, checked_at FROM tenants WHERE tenant_id LIKE $1', [`${prefix}-%`]);
  return new Map(rows.map((r) => [r.tenant_id, r.checked_at]));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it answers true, or fails after `ms`. */
export async function waitFor(what: string, probe: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`waited ${ms} ms for ${what}`);
}
