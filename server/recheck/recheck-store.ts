import { RECHECKED, type Db } from '../store/index.js';

/** At most this many connections are given their first due time per statement (a first start on a large fleet). */
const SCHEDULE_BATCH = 5_000;

/**
 * The re-checks' SQL, on the `tenants` columns of the fleet migration: each
 * connection's due time (which doubles as its lease while an instance checks
 * it) and the shared budget's next free slot. Every instance on the
 * database works through the same rows, so a connection is checked once,
 * whichever instance takes it.
 */
export function createRecheckStore(db: Db) {
  return {
    /**
     * Connections to re-check with no due time yet (new, or reconnected) are
     * due at their last check plus the interval, less up to `jitterMs`.
     * Answers how many were given one.
     */
    async scheduleNew(intervalMs: number, jitterMs: number, now: Date): Promise<number> {
      const rows = await db.query<{ tenant_id: string }>(
        `UPDATE tenants SET recheck_due_at = COALESCE(checked_at, $3::timestamptz) + ($1::double precision - floor(random() * $2::double precision)) * interval '1 millisecond'
          WHERE tenant_id IN (SELECT tenant_id FROM tenants WHERE ${RECHECKED} AND recheck_due_at IS NULL LIMIT ${SCHEDULE_BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING tenant_id`,
        [intervalMs, jitterMs, now],
      );
      return rows.length;
    },

    /**
     * Takes up to `limit` connections due at `now`, the longest due first,
     * and leases them until `leaseUntil` (their due time moves there): other
     * instances skip them, and if this one dies they are due again then.
     */
    async claim(now: Date, leaseUntil: Date, limit: number): Promise<string[]> {
      const rows = await db.query<{ tenant_id: string }>(
        `UPDATE tenants SET recheck_due_at = $2
          WHERE tenant_id IN (
            SELECT tenant_id FROM tenants WHERE ${RECHECKED} AND recheck_due_at <= $1
             ORDER BY recheck_due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING tenant_id`,
        [now, leaseUntil, limit],
      );
      return rows.map((row) => row.tenant_id);
    },

    /** The connection's next due time (which ends this instance's lease on it). */
    async reschedule(tenantId: string, due: Date): Promise<void> {
      await db.query('UPDATE tenants SET recheck_due_at = $2 WHERE tenant_id = $1', [tenantId, due]);
    },

    /** Leases given back unused (a stopping instance): due again at once, for any instance. */
    async release(tenantIds: readonly string[], now: Date): Promise<void> {
      if (tenantIds.length) await db.query('UPDATE tenants SET recheck_due_at = $2 WHERE tenant_id = ANY($1)', [tenantIds, now]);
    },

    /**
     * Reserves `count` consecutive slots of the shared budget, `spacingMs`
     * apart: they start at the budget's next free slot, or now if it is
     * idle (an idle budget saves up nothing, so it never bursts). The
     * database's clock decides, so instances whose clocks differ still share
     * one budget; the answer is how long from now the first slot is.
     */
    async reserve(count: number, spacingMs: number): Promise<number> {
      const rows = await db.query<{ wait_ms: number }>(
        `INSERT INTO rechecks_budget AS b (id, next_slot) VALUES (1, clock_timestamp() + $1::double precision * interval '1 millisecond')
         ON CONFLICT (id) DO UPDATE SET next_slot = GREATEST(b.next_slot, clock_timestamp()) + $1::double precision * interval '1 millisecond'
         RETURNING extract(epoch FROM (b.next_slot - clock_timestamp())) * 1000 - $1::double precision AS wait_ms`,
        [count * spacingMs],
      );
      return Math.max(0, Number(rows[0]?.wait_ms ?? 0));
    },

    /** Stripe said 429: no instance takes a slot for `pauseMs` from now. */
    async holdBack(pauseMs: number): Promise<void> {
      await db.query(
        `INSERT INTO rechecks_budget AS b (id, next_slot) VALUES (1, clock_timestamp() + $1::double precision * interval '1 millisecond')
         ON CONFLICT (id) DO UPDATE SET next_slot = GREATEST(b.next_slot, clock_timestamp() + $1::double precision * interval '1 millisecond')`,
        [pauseMs],
      );
    },

    /** How many connections there are to re-check. */
    async connections(): Promise<number> {
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE ${RECHECKED}`);
      return rows[0]?.n ?? 0;
    },
  };
}

export type RecheckStore = ReturnType<typeof createRecheckStore>;
