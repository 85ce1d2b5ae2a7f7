import type { Db } from './db.js';

/** Records a Stripe event id; returns a row only the first time. Shared with tenant transitions. */
export const RECORD_STRIPE_EVENT = `INSERT INTO stripe_events (event_id, type, account_id, received_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (event_id) DO NOTHING RETURNING event_id`;

/** Stripe webhook event ids already applied, so a redelivered event changes nothing. */
export function createStripeEventStore(db: Db) {
  return {
    async seen(eventId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM stripe_events WHERE event_id = $1', [eventId]);
      return rows.length > 0;
    },
    /** Records the event; false if another delivery already did. */
    async record(eventId: string, type: string, accountId: string | null, now: Date): Promise<boolean> {
      const rows = await db.query(RECORD_STRIPE_EVENT, [eventId, type, accountId, now]);
      return rows.length === 1;
    },
  };
}

/** Fixed-window counters in the shared database, so a limit holds across instances. */
export function createRateLimitStore(db: Db) {
  return {
    /** Counts one hit in each (bucket, window), in one round trip; the counts after, in the same order. */
    async hit(hits: ReadonlyArray<{ bucket: string; windowStart: number }>): Promise<number[]> {
      const rows = await db.query<{ bucket: string; window_start: string | number; hits: number }>(
        `INSERT INTO rate_limits (bucket, window_start, hits)
         SELECT bucket, window_start, 1 FROM unnest($1::text[], $2::bigint[]) AS h (bucket, window_start)
         ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
         RETURNING bucket, window_start, hits`,
        [hits.map((h) => h.bucket), hits.map((h) => h.windowStart)],
      );
      const counts = new Map(rows.map((row) => [`${row.bucket}\u0000${row.window_start}`, row.hits]));
      return hits.map((h) => counts.get(`${h.bucket}\u0000${h.windowStart}`) ?? 1);
    },
  };
}
