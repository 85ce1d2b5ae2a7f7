import type { Db } from './db.js';

/** How much is kept: everything else goes at the next purge. */
export interface RetentionRules {
  /** States and completions that expired before this (used ones included: they expire within 10 and 5 minutes). */
  flowsExpiredBefore: Date;
  /** Stripe event ids received before this are forgotten (Stripe retries a delivery for 3 days). */
  stripeEventsBefore: Date;
  /** Host events delivered, or given up, before this are dropped. */
  hostEventsBefore: Date;
  /** Rate-limit windows that started before this (unix seconds) are dropped. */
  rateWindowsBefore: number;
  /** Attempts kept per tenant, newest first. */
  attemptsPerTenant: number;
}

/** Rows removed by one purge, per table. */
export interface PurgeCounts {
  oauth_states: number;
  completions: number;
  stripe_events: number;
  outbox: number;
  rate_limits: number;
  attempts: number;
  /** The fleet's tally rows folded into one per group (not data lost: the counts stay the same). */
  fleet_tally: number;
}

/** Runs a DELETE (after the common table expressions `before`, if any) and counts its rows in the database. */
async function deleted(db: Db, sql: string, params: unknown[], before = ''): Promise<number> {
  const rows = await db.query<{ n: number }>(`WITH ${before ? `${before}, ` : ''}gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`, params);
  return rows[0]?.n ?? 0;
}

/**
 * What keeps storage bounded: every table that grows with traffic has its
 * rule here. Each statement is an indexed delete, safe to run on several
 * instances at once (a row already gone is simply not counted twice).
 */
export function createRetentionStore(db: Db) {
  /** Attempts above this id have been capped already (per instance; the first purge looks at every tenant). */
  let cappedUpTo = 0;

  async function capAttempts(perTenant: number): Promise<number> {
    const [top] = await db.query<{ max: string | number | null }>('SELECT max(id) AS max FROM attempts');
    const upTo = Number(top?.max ?? 0);
    if (upTo <= cappedUpTo) return 0;
    // Only tenants with attempts since the last purge can be over the cap; for each, the id of its
    // (cap + 1)-th newest attempt, through the (tenant_id, id DESC) index, and everything at or below it.
    const count = await deleted(
      db,
      'DELETE FROM attempts USING cut WHERE attempts.tenant_id = cut.tenant_id AND attempts.id <= cut.below',
      [cappedUpTo, perTenant],
      `touched AS (SELECT DISTINCT tenant_id FROM attempts WHERE id > $1),
       cut AS (SELECT t.tenant_id,
                      (SELECT a.id FROM attempts a WHERE a.tenant_id = t.tenant_id ORDER BY a.id DESC OFFSET $2 LIMIT 1) AS below
                 FROM touched t)`,
    );
    cappedUpTo = upTo;
    return count;
  }

  /**
   * The fleet's tally, one row per group again: one statement, so a reader
   * sees the rows before it or after it, never half. Another instance's fold
   * at the same time skips the rows this one took, and rows of writers not
   * yet committed stay for the next fold.
   */
  async function foldTally(): Promise<number> {
    const [result] = await db.query<{ taken: number }>(
      `WITH taken AS (DELETE FROM fleet_tally RETURNING *),
            folded AS (INSERT INTO fleet_tally SELECT state, problem_code, warned, sum(n) FROM taken GROUP BY 1, 2, 3 HAVING sum(n) <> 0 RETURNING 1)
       SELECT (SELECT count(*) FROM taken)::int - (SELECT count(*) FROM folded)::int AS taken`,
    );
    return result?.taken ?? 0;
  }

  return {
    async purge(rules: RetentionRules): Promise<PurgeCounts> {
      return {
        oauth_states: await deleted(db, 'DELETE FROM oauth_states WHERE expires_at < $1', [rules.flowsExpiredBefore]),
        completions: await deleted(db, 'DELETE FROM completions WHERE expires_at < $1', [rules.flowsExpiredBefore]),
        stripe_events: await deleted(db, 'DELETE FROM stripe_events WHERE received_at < $1', [rules.stripeEventsBefore]),
        outbox: await deleted(db, 'DELETE FROM outbox WHERE delivered_at < $1 OR failed_at < $1', [rules.hostEventsBefore]),
        rate_limits: await deleted(db, 'DELETE FROM rate_limits WHERE window_start < $1', [rules.rateWindowsBefore]),
        attempts: await capAttempts(rules.attemptsPerTenant),
        fleet_tally: await foldTally(),
      };
    },
  };
}

export type RetentionStore = ReturnType<typeof createRetentionStore>;
