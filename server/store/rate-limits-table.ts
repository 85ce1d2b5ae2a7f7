import type { Db } from './db.js';

/** Fixed-window counters in the shared database, so a limit holds across instances. */
export function createRateLimitsTable(db: Db) {
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

export type RateLimitsTable = ReturnType<typeof createRateLimitsTable>;
