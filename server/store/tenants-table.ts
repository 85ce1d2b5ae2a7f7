import type { Db, Queryable } from './db.js';
import { emptyTenant, TENANT_COLUMNS, tenantFromRow, tenantToParams, type TenantRecord, type TenantRow } from './records.js';

/** The SQL form of `connectionOf`: the states in which `account_id` is a connection (the unique index says the same). */
export const HAS_CONNECTION = `state IN ('connected', 'needs_attention')`;

/**
 * Two columns follow the others rather than the record: state_changed_at
 * moves only when the state, the problem or the warning does (GET /tenants
 * orders by it, so a check that changes nothing leaves a tenant in place),
 * and a new connection (another connected_at) is scheduled for re-checks
 * afresh from its own check.
 */
const UPSERT = `
  INSERT INTO tenants (${TENANT_COLUMNS.join(', ')}, state_changed_at)
  VALUES (${TENANT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${TENANT_COLUMNS.indexOf('updated_at') + 1})
  ON CONFLICT (tenant_id) DO UPDATE SET
  ${TENANT_COLUMNS.filter((c) => c !== 'tenant_id' && c !== 'settings')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')},
  state_changed_at = CASE
    WHEN (tenants.state, tenants.problem_code, tenants.warning_code) IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.problem_code, EXCLUDED.warning_code)
    THEN EXCLUDED.updated_at ELSE tenants.state_changed_at END,
  recheck_due_at = CASE WHEN tenants.connected_at IS DISTINCT FROM EXCLUDED.connected_at THEN NULL ELSE tenants.recheck_due_at END`;

/**
 * The statement that stores `next` (every column but the host's `settings`),
 * and its first parameters; data-modifying CTEs placed before it may add theirs.
 */
export function upsertTenant(next: TenantRecord): { sql: string; params: unknown[] } {
  return { sql: UPSERT, params: tenantToParams(next) };
}

export async function readTenant(db: Queryable, tenantId: string): Promise<TenantRecord | null> {
  const rows = await db.query<TenantRow>('SELECT * FROM tenants WHERE tenant_id = $1', [tenantId]);
  return rows[0] ? tenantFromRow(rows[0]) : null;
}

/** Creates the row if need be and locks it for the transaction, in one round trip (the no-op update takes the row lock). */
export async function lockTenant(tx: Queryable, tenantId: string, now: Date): Promise<TenantRecord> {
  const rows = await tx.query<TenantRow>(
    `INSERT INTO tenants (tenant_id, state, updated_at, state_changed_at) VALUES ($1, 'not_connected', $2, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id RETURNING *`,
    [tenantId, now],
  );
  return rows[0] ? tenantFromRow(rows[0]) : emptyTenant(tenantId, now);
}

/** The tenant whose connection (working or broken) is this account; the unique index allows one at most. */
export async function connectionHolder(db: Db, accountId: string): Promise<string | null> {
  const rows = await db.query<{ tenant_id: string }>(`SELECT tenant_id FROM tenants WHERE account_id = $1 AND ${HAS_CONNECTION}`, [accountId]);
  return rows[0]?.tenant_id ?? null;
}
