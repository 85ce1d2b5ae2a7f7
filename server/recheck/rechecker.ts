import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CheckResult } from '../metrics/telemetry.js';
import type { Store } from '../store/index.js';
import type { AccountCallOptions } from '../stripe/gateway.js';
import { classifyRecheckFailure } from './failures.js';
import { createRecheckStore } from './recheck-store.js';
import { batchSize, budgetCovers, capacity, maxJitterMs, nextDue, rateLimitPauseMs, retryDelayMs, slotSpacingMs } from './schedule.js';

/** `RECHECK_INTERVAL` (seconds) and `RECHECK_RATE` (Stripe calls per second, all instances together). */
export interface RecheckSettings {
  intervalSeconds: number;
  rate: number;
}

export interface RecheckerOptions extends RecheckSettings {
  store: Store;
  /** The check itself (the connections service's `recheck`): what it found, or null when the tenant is no longer one to re-check. */
  recheck(tenantId: string, call: AccountCallOptions): Promise<Exclude<CheckResult, 'unavailable'> | null>;
  logger: Logger;
  now: Clock;
  /** In [0, 1): the jitter's source (tests pin it). */
  random?: () => number;
}

export interface Rechecker {
  readonly settings: RecheckSettings;
  /** Stops taking connections, gives back those taken but not started, and lets the checks under way end (briefly). */
  stop(): Promise<void>;
}

/**
 * How long a connection taken by an instance stays its own: longer than the
 * wait for its slot and Stripe's answer together, short enough that what a
 * killed instance held is due again well within a minute.
 */
export const LEASE_MS = 20_000;
/** One Stripe call per re-check: the client's own retries would spend the budget behind its back; the schedule retries instead. */
const CALL: AccountCallOptions = { maxNetworkRetries: 0, timeoutMs: 5_000 };
/** The platform's own key refused is said once a minute, not once per connection. */
const KEY_ERROR_EVERY_MS = 60_000;

/**
 * Re-checks every connection with Stripe once per interval: takes the
 * connections that are due from the database (leased, so each is checked
 * by one instance), spends the shared budget's slots on them one Stripe call
 * each, and gives each its next due time. Only Stripe's definite answers
 * change a tenant (the check is `POST /status/check`'s); anything else is
 * tried again later, and a 429 holds every instance back.
 */
export function startRechecker(options: RecheckerOptions): Rechecker {
  const { intervalSeconds, rate, logger, now, random = Math.random } = options;
  const store = createRecheckStore(options.store.db);
  const intervalMs = intervalSeconds * 1_000;
  const spacing = slotSpacingMs(rate);
  // Nothing due: look again in a tenth of the interval, between a quarter of a second and 5 s.
  const idleMs = Math.min(5_000, Math.max(250, intervalMs / 10));
  const waiting = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  let wake: () => void = () => {};
  let rateLimitedInRow = 0;
  /** Until when this instance holds back after a 429 (every instance does, through the budget). */
  let heldUntil = 0;
  let keyErrorSaidAt = -Infinity;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function failed(tenantId: string, error: unknown): Promise<Date> {
    const failure = classifyRecheckFailure(error);
    let retryMs = retryDelayMs(intervalMs, random);
    if (failure === 'rate_limited') {
      // The calls already on their way when the first 429 came are one episode: the hold grows only when Stripe refuses again after it.
      if (now().getTime() >= heldUntil) {
        rateLimitedInRow += 1;
        const holdMs = rateLimitPauseMs(rateLimitedInRow);
        heldUntil = now().getTime() + holdMs;
        await store.holdBack(holdMs);
        logger.warn('re-checks: Stripe answered 429, every instance holds back', { holdMs });
      }
      retryMs = Math.max(retryMs, heldUntil - now().getTime());
    } else if (failure === 'platform_key') {
      if (now().getTime() - keyErrorSaidAt >= KEY_ERROR_EVERY_MS) {
        keyErrorSaidAt = now().getTime();
        logger.error('re-checks: Stripe refused the platform’s secret key (authentication_error); no tenant is changed. Check STRIPE_SECRET_KEY', { error });
      }
    } else if (failure === 'unavailable') {
      logger.debug('re-check: no answer from Stripe; tried again later', { tenantId, retryMs });
    } else {
      logger.warn('re-check failed; tried again later', { tenantId, error });
    }
    return new Date(now().getTime() + retryMs);
  }

  async function run(tenantId: string): Promise<void> {
    waiting.delete(tenantId);
    const checkedAt = now();
    let due: Date;
    if (checkedAt.getTime() < heldUntil) {
      // A slot taken before Stripe's 429: not spent now, the connection waits out the hold.
      await store.reschedule(tenantId, new Date(heldUntil + retryDelayMs(intervalMs, random) / 10)).catch(() => {});
      return;
    }
    try {
      await options.recheck(tenantId, CALL);
      rateLimitedInRow = 0;
      due = nextDue(checkedAt, intervalMs, random);
    } catch (error) {
      due = await failed(tenantId, error).catch(() => new Date(now().getTime() + retryDelayMs(intervalMs, random)));
    }
    await store.reschedule(tenantId, due).catch((error: unknown) => {
      // The lease runs out by itself: the connection is due again then.
      if (!stopped) logger.warn('re-check: could not store the next due time', { tenantId, error });
    });
  }

  function startAt(delayMs: number, tenantId: string): void {
    const timer = setTimeout(() => {
      const done = run(tenantId).finally(() => running.delete(done));
      running.add(done);
    }, delayMs);
    waiting.set(tenantId, timer);
  }

  /** Says at start when the budget cannot check every connection once per interval. */
  async function sayCoverage(): Promise<void> {
    const connections = await store.connections();
    if (budgetCovers(rate, intervalSeconds, connections)) return;
    logger.warn(
      `re-checks cannot keep up: RECHECK_RATE × RECHECK_INTERVAL (${rate}/s × ${intervalSeconds} s = ${capacity(rate, intervalSeconds)} checks) is less than the ${connections} connections to re-check; some will be overdue (stripe_reconnect_recheck_overdue). Raise RECHECK_RATE or RECHECK_INTERVAL`,
      { RECHECK_RATE: rate, RECHECK_INTERVAL: intervalSeconds, connections },
    );
  }

  async function loop(): Promise<void> {
    await sayCoverage().catch((error: unknown) => logger.warn('re-checks: could not count the connections', { error }));
    while (!stopped) {
      let waitMs = idleMs;
      try {
        await store.scheduleNew(intervalMs, maxJitterMs(intervalMs), now());
        const taken = await store.claim(now(), new Date(now().getTime() + LEASE_MS), batchSize(rate));
        if (taken.length && !stopped) {
          const startIn = await store.reserve(taken.length, spacing);
          taken.forEach((tenantId, i) => startAt(startIn + i * spacing, tenantId));
          // Take more when these slots are spent: the budget paces the instance.
          waitMs = startIn + taken.length * spacing;
        }
      } catch (error) {
        if (stopped) break;
        logger.warn('re-checks: the database did not answer; trying again shortly', { error });
        waitMs = 5_000;
      }
      if (!stopped) await pause(waitMs);
    }
  }

  const looping = loop();
  logger.info('re-checks started', { intervalSeconds, rate });
  return {
    settings: { intervalSeconds, rate },
    async stop() {
      stopped = true;
      wake();
      await looping;
      const unstarted = [...waiting.keys()];
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      await store.release(unstarted, now()).catch(() => {});
      // A check under way ends with its write; one stuck on Stripe is not waited for long (its lease ends by itself).
      await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
