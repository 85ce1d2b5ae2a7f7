import type { Db } from '../store/index.js';
import type { OutboxEntry } from './events.js';

/** An outbox row leased to this instance for one delivery attempt. */
export interface ClaimedDelivery {
  seq: number;
  eventId: string;
  tenantId: string;
  type: string;
  body: string;
  createdAt: Date;
  /** Attempts including this one. */
  attempts: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  createdAt: Date;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
}

/**
 * Leases due events, at most the head of each tenant's queue so a tenant's
 * events go out in order. SKIP LOCKED lets instances claim side by side
 * without waiting on, or taking, each other's rows.
 */
const CLAIM = `
  UPDATE outbox SET lease_until = $2, attempts = attempts + 1
   WHERE seq IN (
     SELECT o.seq FROM outbox o
      WHERE o.delivered_at IS NULL AND o.failed_at IS NULL
        AND o.next_attempt_at <= $1
        AND (o.lease_until IS NULL OR o.lease_until <= $1)
        AND NOT EXISTS (
          SELECT 1 FROM outbox p
           WHERE p.tenant_id = o.tenant_id AND p.seq < o.seq AND p.delivered_at IS NULL AND p.failed_at IS NULL)
      ORDER BY o.seq
      LIMIT $3
      FOR UPDATE SKIP LOCKED)
  RETURNING seq, event_id, tenant_id, type, body, created_at, attempts`;

/**
 * The entries as a data-modifying CTE, written in the same statement as the
 * change they report. Rows of one INSERT get their seq in the order listed,
 * which is the order the host receives them.
 */
export function insertOutboxCte(entries: readonly OutboxEntry[], param: (value: unknown) => string): string {
  const rows = entries.map((entry) => {
    const createdAt = param(entry.createdAt);
    return `(${param(entry.eventId)}, ${param(entry.tenantId)}, ${param(entry.type)}, ${param(entry.body)}, ${createdAt}, ${createdAt})`;
  });
  return `outbox_rows AS (INSERT INTO outbox (event_id, tenant_id, type, body, created_at, next_attempt_at) VALUES ${rows.join(', ')})`;
}

/** The outbox table: leased to the delivery worker, read by `GET /tenants/:id`. */
export function createOutboxStore(db: Db) {
  return {
    async claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
      const rows = await db.query<{
        seq: string | number;
        event_id: string;
        tenant_id: string;
        type: string;
        body: string;
        created_at: Date;
        attempts: number;
      }>(CLAIM, [now, leaseUntil, limit]);
      return rows
        .map((r) => ({
          seq: Number(r.seq),
          eventId: r.event_id,
          tenantId: r.tenant_id,
          type: r.type,
          body: r.body,
          createdAt: r.created_at,
          attempts: r.attempts,
        }))
        .sort((a, b) => a.seq - b.seq);
    },

    async markDelivered(seq: number, status: number, now: Date): Promise<void> {
      await db.query(
        'UPDATE outbox SET delivered_at = $3, last_status = $2, last_error = NULL, lease_until = NULL WHERE seq = $1',
        [seq, status, now],
      );
    },

    /**
     * Writes a delivery that did not succeed: its answer (`status`, or the
     * `error` when there was none), and either when it is tried again or
     * when it was given up. The lease is released in both cases.
     */
    async markUndelivered(seq: number, result: { status: number | null; error: string | null } & ({ retryAt: Date } | { failedAt: Date })): Promise<void> {
      const [retryAt, failedAt] = 'retryAt' in result ? [result.retryAt, null] : [null, result.failedAt];
      await db.query(
        `UPDATE outbox SET last_status = $2, last_error = $3, next_attempt_at = COALESCE($4, next_attempt_at), failed_at = $5, lease_until = NULL
          WHERE seq = $1`,
        [seq, result.status, result.error, retryAt, failedAt],
      );
    },

    /** Host events not yet delivered (nor given up), and when the oldest of them was written. */
    async backlog(): Promise<{ pending: number; oldest: Date | null }> {
      const rows = await db.query<{ n: number; oldest: Date | null }>(
        'SELECT count(*)::int AS n, min(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL',
      );
      return { pending: rows[0]?.n ?? 0, oldest: rows[0]?.oldest ?? null };
    },

    async recent(tenantId: string, limit = 20): Promise<DeliveryRecord[]> {
      const rows = await db.query<{
        event_id: string;
        type: string;
        created_at: Date;
        attempts: number;
        last_status: number | null;
        last_error: string | null;
        next_attempt_at: Date;
        delivered_at: Date | null;
        failed_at: Date | null;
      }>(
        `SELECT event_id, type, created_at, attempts, last_status, last_error, next_attempt_at, delivered_at, failed_at
           FROM outbox WHERE tenant_id = $1 ORDER BY seq DESC LIMIT $2`,
        [tenantId, limit],
      );
      return rows.map((r) => ({
        eventId: r.event_id,
        type: r.type,
        createdAt: r.created_at,
        attempts: r.attempts,
        lastStatus: r.last_status,
        lastError: r.last_error,
        nextAttemptAt: r.delivered_at || r.failed_at ? null : r.next_attempt_at,
        deliveredAt: r.delivered_at,
        failedAt: r.failed_at,
      }));
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
