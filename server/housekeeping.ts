import { unixSeconds } from './clock.js';
import type { Logger } from './logger.js';
import type { PurgeCounts, Store } from './store/index.js';

/** Attempts kept per tenant (the newest); `GET /tenants/:id` shows the last 50 of them. */
export const ATTEMPTS_PER_TENANT = 100;
/** Stripe event ids and finished host events are kept this long (Stripe retries a webhook for 3 days). */
export const RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;
/**
 * Expired states and completions stay this long, so a browser that comes back
 * late is still told `invalid_state` on its own page (and the attempt is
 * recorded) rather than shown a bare error.
 */
const EXPIRED_FLOWS_KEPT_MS = 3_600_000;

export interface HousekeepingOptions {
  /** At most one purge per this interval and instance; default 5 minutes. */
  intervalMs?: number;
  attemptsPerTenant?: number;
  retentionDays?: number;
}

export interface Housekeeping {
  /** Purges now and answers how many rows went, per table; a purge already running is shared. */
  run(): Promise<PurgeCounts>;
  /**
   * Called on every request: when the last purge is older than the interval,
   * starts one after the current request's work (never awaited by it). Hosts
   * that only mount `createApp` get a schedule without a timer of their own.
   */
  poke(): void;
}

/**
 * Keeps storage bounded: states and completions an hour after they expire
 * (used ones included), Stripe event ids and finished host events older
 * than the retention, old rate-limit windows, and attempts beyond the
 * per-tenant cap.
 */
export function createHousekeeping(store: Store, now: () => Date, logger: Logger, options: HousekeepingOptions = {}): Housekeeping {
  const { intervalMs = 5 * 60_000, attemptsPerTenant = ATTEMPTS_PER_TENANT, retentionDays = RETENTION_DAYS } = options;
  if (!Number.isInteger(attemptsPerTenant) || attemptsPerTenant < 1) throw new Error('housekeeping: attemptsPerTenant must be a positive integer');
  let running: Promise<PurgeCounts> | null = null;
  let last = -Infinity;

  function run(): Promise<PurgeCounts> {
    running ??= (async () => {
      const at = now();
      last = at.getTime();
      const kept = new Date(at.getTime() - retentionDays * DAY_MS);
      const counts = await store.retention.purge({
        flowsExpiredBefore: new Date(at.getTime() - EXPIRED_FLOWS_KEPT_MS),
        stripeEventsBefore: kept,
        hostEventsBefore: kept,
        rateWindowsBefore: unixSeconds(at) - 3600,
        attemptsPerTenant,
      });
      logger.debug('housekeeping', { ...counts });
      return counts;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    run,
    poke() {
      if (running || now().getTime() - last < intervalMs) return;
      last = now().getTime();
      setImmediate(() => {
        run().catch((error: unknown) => logger.warn('housekeeping failed; it runs again after the interval', { error }));
      });
    },
  };
}
