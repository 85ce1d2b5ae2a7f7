import type { Queryable } from './db.js';
import { personFromJson, type AttemptRecord } from './records.js';

export interface AttemptRow {
  tenant_id: string;
  at: Date;
  outcome: string;
  code: string | null;
  account_id: string | null;
  mode: string | null;
  request_id: string | null;
  by_person: unknown;
}

export function attemptFromRow(row: AttemptRow): AttemptRecord {
  return {
    tenantId: row.tenant_id,
    at: row.at,
    outcome: row.outcome as AttemptRecord['outcome'],
    code: row.code as AttemptRecord['code'],
    accountId: row.account_id,
    mode: row.mode as AttemptRecord['mode'],
    requestId: row.request_id,
    by: personFromJson(row.by_person),
  };
}

/** The latest attempt's columns, when a query joins it beside a tenant row as `a` (the status and the fleet's list). */
export const JOINED_ATTEMPT = `a.at AS a_at, a.outcome AS a_outcome, a.code AS a_code, a.account_id AS a_account_id,
            a.mode AS a_mode, a.request_id AS a_request_id, a.by_person AS a_by_person`;

export interface JoinedAttemptRow {
  a_at: Date | null;
  a_outcome?: unknown;
  a_code?: unknown;
  a_account_id?: unknown;
  a_mode?: unknown;
  a_request_id?: unknown;
  a_by_person?: unknown;
}

/** The attempt read from `JOINED_ATTEMPT`'s columns, or null when the tenant has none. */
export function joinedAttempt(tenantId: string, row: JoinedAttemptRow): AttemptRecord | null {
  if (!row.a_at) return null;
  return attemptFromRow({
    tenant_id: tenantId,
    at: row.a_at,
    outcome: row.a_outcome as string,
    code: row.a_code as string | null,
    account_id: row.a_account_id as string | null,
    mode: row.a_mode as string | null,
    request_id: row.a_request_id as string | null,
    by_person: row.a_by_person,
  });
}

const INSERT = 'INSERT INTO attempts (tenant_id, at, outcome, code, account_id, mode, request_id, by_person)';

function attemptParams(a: AttemptRecord): unknown[] {
  return [a.tenantId, a.at, a.outcome, a.code, a.accountId, a.mode, a.requestId, a.by ? JSON.stringify(a.by) : null];
}

/** The insert as a data-modifying CTE named `attempt`, its parameters added through `param`. */
export function insertAttemptCte(attempt: AttemptRecord, param: (value: unknown) => string): string {
  return `attempt AS (${INSERT} VALUES (${attemptParams(attempt).map(param).join(', ')}))`;
}

export async function insertAttempt(db: Queryable, attempt: AttemptRecord): Promise<void> {
  await db.query(`${INSERT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, attemptParams(attempt));
}

/** The tenant's attempts, newest first. */
export async function listAttempts(db: Queryable, tenantId: string, limit: number): Promise<AttemptRecord[]> {
  const rows = await db.query<AttemptRow>('SELECT * FROM attempts WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2', [tenantId, limit]);
  return rows.map(attemptFromRow);
}

export async function latestAttempt(db: Queryable, tenantId: string): Promise<AttemptRecord | null> {
  return (await listAttempts(db, tenantId, 1))[0] ?? null;
}
