/**
 * Many reconnect flows of every kind, with the app's clock moving on between
 * rounds, and the row count of every table that grows with traffic taken at
 * checkpoints: what the storage reliability test and the storage bench share.
 */
import type { Stack } from './stack.js';

/** The tables whose size follows traffic, counted at each checkpoint. */
export const COUNTED_TABLES = ['tenants', 'attempts', 'oauth_states', 'completions', 'stripe_events', 'outbox', 'rate_limits', 'fleet_tally'] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

/** A clock for `startStack({ now })` that the churn moves forward. */
export function movableClock() {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

export async function rowCounts(stack: Stack): Promise<RowCounts> {
  const counts = {} as RowCounts;
  for (const table of COUNTED_TABLES) {
    const [row] = await stack.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

export interface ChurnOptions {
  tenants: number;
  rounds: number;
  /** How far the clock moves after each round. */
  stepMs: number;
  /** Take the counts after these rounds (and before the first). */
  checkpoints: readonly number[];
  onCheckpoint?(round: number, flows: number, counts: RowCounts): void;
}

export interface Checkpoint {
  round: number;
  flows: number;
  counts: RowCounts;
}

const KINDS = ['reconnect', 'disconnect-reconnect', 'deauthorized-repaired', 'mismatch', 'denied', 'abandoned'] as const;

/** One flow of `kind` for a tenant already connected to `accountId`, as a person and Stripe would make it. */
async function flow(stack: Stack, tenantId: string, accountId: string, kind: (typeof KINDS)[number]): Promise<void> {
  const token = await stack.mintSession(tenantId);
  const expect = async (what: Promise<{ outcome: string }>, outcome: string) => {
    const got = (await what).outcome;
    if (got !== outcome) throw new Error(`${kind} for ${tenantId}: expected ${outcome}, got ${got}`);
  };
  switch (kind) {
    case 'reconnect':
      return expect(stack.runFlow(token, { accountId }), 'success');
    case 'disconnect-reconnect':
      await stack.request('/disconnect', { method: 'POST', token });
      return expect(stack.runFlow(token, { accountId }), 'success');
    case 'deauthorized-repaired':
      // Stripe's deauthorization webhook (an event id stored), then the owner reconnects.
      await stack.control.revoke(accountId, { webhook: true });
      await stack.sandbox.webhooksIdle();
      return expect(stack.runFlow(token, { accountId }), 'success');
    case 'mismatch':
      return expect(stack.runFlow(token, { createAccount: true }), 'account_mismatch');
    case 'denied':
      return expect(stack.runFlow(token, { deny: true }), 'access_denied');
    case 'abandoned': {
      // A flow never finished in Stripe, a handle never redeemed, and a junk callback.
      await stack.request('/connect', { method: 'POST', token, json: { mode: 'popup' } });
      await expect(stack.runFlow(token, { accountId }, { complete: false }), 'pending');
      await (await fetch(`${stack.apiBase}/oauth/callback?code=ac_junk&state=junk`)).text();
      return;
    }
  }
}

/**
 * Connects `tenants` tenants to accounts of their own, then runs `rounds`
 * rounds in which every tenant makes one flow (the kinds take turns), moving
 * the clock on after each. At each checkpoint the host events are delivered
 * and the housekeeping runs, then the tables are counted.
 */
export async function churn(stack: Stack, clock: ReturnType<typeof movableClock>, options: ChurnOptions): Promise<Checkpoint[]> {
  const tenants = await Promise.all(
    Array.from({ length: options.tenants }, async (_, i) => {
      const tenantId = `churn-${i}`;
      const token = await stack.mintSession(tenantId);
      const first = await stack.runFlow(token, { createAccount: true });
      if (first.outcome !== 'success') throw new Error(`${tenantId} could not connect: ${first.outcome}`);
      return { tenantId, accountId: (await stack.status(token)).account!.id };
    }),
  );
  const checkpoints: Checkpoint[] = [];
  const checkpoint = async (round: number) => {
    await stack.worker?.drain();
    await stack.app.housekeeping.run();
    const counts = await rowCounts(stack);
    const flows = round * tenants.length;
    checkpoints.push({ round, flows, counts });
    options.onCheckpoint?.(round, flows, counts);
  };
  clock.advance(options.stepMs);
  await checkpoint(0);
  for (let round = 1; round <= options.rounds; round++) {
    await Promise.all(tenants.map((t, i) => flow(stack, t.tenantId, t.accountId, KINDS[(round + i) % KINDS.length]!)));
    clock.advance(options.stepMs);
    if (options.checkpoints.includes(round)) await checkpoint(round);
  }
  return checkpoints;
}
