import { PROBLEM_CODES, STATES, type IntegrationState, type ProblemCode, type WarningCode } from '../../contract/codes.js';
import { JOINED_ATTEMPT, joinedAttempt } from './attempts-table.js';
import type { Db } from './db.js';
import { RECHECKED } from './migrations.js';
import { tenantFromRow, type TenantRow } from './records.js';
import type { TenantSnapshot } from './tenant-store.js';

/** The filters of `GET /tenants`, each matching what the tenant's Status shows. */
export interface TenantFilter {
  state?: IntegrationState;
  problem?: ProblemCode;
  warning?: WarningCode;
  account?: string;
}

/**
 * Where a page ends: the last tenant's change time, as PostgreSQL writes it
 * (microseconds and offset, so it reads back exactly), and its id.
 */
export interface ListPosition {
  changedAt: string;
  tenantId: string;
}

export interface ListedTenant {
  snapshot: TenantSnapshot & { tenant: NonNullable<TenantSnapshot['tenant']> };
  position: ListPosition;
}

/** Tenants counted the ways `GET /fleet` and the metrics show them. */
export interface FleetCounts {
  tenants: number;
  byState: Record<IntegrationState, number>;
  byProblem: Record<ProblemCode, number>;
  warnings: number;
}

/** The re-checks' standing: connections last checked before `since`, and the oldest last check. */
export interface RecheckStanding {
  overdue: number;
  oldestCheckedAt: Date | null;
}

/** Each filter in the words of the index that serves it (see the fleet migration). */
function conditions(filter: TenantFilter, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (filter.state) where.push(`state = ${param(filter.state)}`);
  if (filter.problem) where.push(`problem_code = ${param(filter.problem)}`, `state IN ('needs_attention', 'legacy')`);
  if (filter.warning) where.push(`warning_code = ${param(filter.warning)}`, `warning_code IS NOT NULL`, `state = 'connected'`);
  if (filter.account) where.push(`account_id = ${param(filter.account)}`, `state IN ('connected', 'needs_attention')`);
  return where;
}

type ListedRow = TenantRow & { position_at: string; a_at: Date | null } & Record<string, unknown>;

/** The fleet's reads: one page of tenants, and the counts. Read-only; every change goes through the tenant store. */
export function createFleetTable(db: Db) {
  return {
    /**
     * Up to `limit` tenants matching `filter`, the latest change of state
     * first, after `after` (keyset: a tenant that changes meanwhile moves to
     * the front and is not seen twice).
     */
    async list(filter: TenantFilter, after: ListPosition | null, limit: number): Promise<ListedTenant[]> {
      const params: unknown[] = [];
      const param = (value: unknown) => `$${params.push(value)}`;
      const where = conditions(filter, param);
      if (after) where.push(`(state_changed_at, tenant_id) < (${param(after.changedAt)}::timestamptz, ${param(after.tenantId)})`);
      const rows = await db.query<ListedRow>(
        `SELECT t.*, t.state_changed_at::text AS position_at, ${JOINED_ATTEMPT}
           FROM (SELECT * FROM tenants ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                  ORDER BY state_changed_at DESC, tenant_id DESC LIMIT ${param(limit)}) t
           LEFT JOIN LATERAL (SELECT * FROM attempts WHERE tenant_id = t.tenant_id ORDER BY id DESC LIMIT 1) a ON true
          ORDER BY t.state_changed_at DESC, t.tenant_id DESC`,
        params,
      );
      return rows.map((row) => ({
        snapshot: {
          tenant: tenantFromRow(row),
          lastAttempt: joinedAttempt(row.tenant_id, row),
        },
        position: { changedAt: row.position_at, tenantId: row.tenant_id },
      }));
    },

    /** Every tenant counted by state, problem and warning, from the tally the tenants' triggers keep (see the migration). */
    async counts(): Promise<FleetCounts> {
      const rows = await db.query<{ state: string; problem_code: string | null; warned: boolean; n: number }>(
        'SELECT state, problem_code, warned, sum(n)::int AS n FROM fleet_tally GROUP BY 1, 2, 3 HAVING sum(n) <> 0',
      );
      const counts: FleetCounts = {
        tenants: 0,
        byState: Object.fromEntries(STATES.map((s) => [s, 0])) as FleetCounts['byState'],
        byProblem: Object.fromEntries(PROBLEM_CODES.map((p) => [p, 0])) as FleetCounts['byProblem'],
        warnings: 0,
      };
      for (const row of rows) {
        counts.tenants += row.n;
        const state = row.state as IntegrationState;
        if (state in counts.byState) counts.byState[state] += row.n;
        // As the Status shows them: a problem only while broken or legacy, a warning only while connected.
        const problem = row.problem_code as ProblemCode | null;
        if (problem && problem in counts.byProblem && (state === 'needs_attention' || state === 'legacy')) counts.byProblem[problem] += row.n;
        if (row.warned && state === 'connected') counts.warnings += row.n;
      }
      return counts;
    },

    /** Connections to re-check last checked before `since`, and the oldest last check among them all. */
    async recheckStanding(since: Date | null): Promise<RecheckStanding> {
      const [overdue, oldest] = await Promise.all([
        since ? db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE ${RECHECKED} AND checked_at < $1`, [since]) : Promise.resolve([{ n: 0 }]),
        db.query<{ at: Date | null }>(`SELECT min(checked_at) AS at FROM tenants WHERE ${RECHECKED}`),
      ]);
      return { overdue: overdue[0]?.n ?? 0, oldestCheckedAt: oldest[0]?.at ?? null };
    },
  };
}

export type FleetTable = ReturnType<typeof createFleetTable>;
