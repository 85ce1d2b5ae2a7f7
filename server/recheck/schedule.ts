/**
 * The re-checks' scheduling rules as pure functions: how `RECHECK_INTERVAL`
 * and `RECHECK_RATE` are read, when a connection is due next, how the
 * budget is spent and when it cannot cover the fleet. No clock, no
 * database: each takes what it needs and answers a number or a time.
 */

/** `RECHECK_INTERVAL` when none is given. */
export const DEFAULT_INTERVAL_SECONDS = 86_400;
/** `RECHECK_RATE` when none is given: Stripe calls per second, all instances together. */
export const DEFAULT_RATE = 5;
/**
 * A bound on mistakes, not Stripe's limit (100 requests per second in live
 * mode, 25 in test mode, the platform's own work included): a budget above
 * Stripe's is met with 429s, which hold the re-checks back.
 */
export const MAX_RATE = 1_000;
/** A week: a connection unchecked for longer is not being watched. */
export const MAX_INTERVAL_SECONDS = 7 * 86_400;
/** The most a connection's next check comes early, as a share of the interval. */
export const JITTER_FRACTION = 0.1;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** A value of `RECHECK_INTERVAL` or `RECHECK_RATE` that cannot be used; the message names the rule, never the variable (callers do). */
export class RecheckSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecheckSettingError';
  }
}

/**
 * `RECHECK_INTERVAL` in seconds: `24h`, `90s`, `15m`, `6h`, `2d`, or a whole
 * number of seconds (as text or a number). At least one second (anything
 * under a minute is for tests), at most a week.
 */
export function parseInterval(value: string | number): number {
  let seconds: number;
  if (typeof value !== 'number' && typeof value !== 'string') throw new RecheckSettingError('must be a duration like 24h, 6h, 15m or 90s (or a number of seconds)');
  if (typeof value === 'number') {
    seconds = value;
  } else {
    const match = /^([0-9]{1,7})(s|m|h|d)?$/.exec(value.trim());
    if (!match) throw new RecheckSettingError('must be a duration like 24h, 6h, 15m or 90s (or a whole number of seconds)');
    seconds = Number(match[1]) * UNITS[match[2] ?? 's']!;
  }
  if (!Number.isInteger(seconds) || seconds < 1) throw new RecheckSettingError('must be a whole number of seconds, at least 1');
  if (seconds > MAX_INTERVAL_SECONDS) throw new RecheckSettingError(`must be at most ${MAX_INTERVAL_SECONDS / 86_400} days`);
  return seconds;
}

/** `RECHECK_RATE`: Stripe calls per second for re-checks, above 0 and at most 1,000 (decimals allowed: 0.5 is one call every 2 s). */
export function parseRate(value: string | number): number {
  const rate = typeof value === 'number' ? value : typeof value !== 'string' ? Number.NaN : /^[0-9]{1,4}(\.[0-9]{1,3})?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(rate) || rate <= 0) throw new RecheckSettingError('must be a number of Stripe calls per second above 0, like 5 or 0.5');
  if (rate > MAX_RATE) throw new RecheckSettingError(`must be at most ${MAX_RATE} (Stripe itself allows 100 requests per second in live mode)`);
  return rate;
}

/** The most a connection's next check may come before `interval` has passed. */
export function maxJitterMs(intervalMs: number): number {
  return Math.floor(intervalMs * JITTER_FRACTION);
}

/**
 * When a connection checked at `lastCheck` is due again: the interval less a
 * random jitter, so connections made in the same minute spread out, and
 * never later than the interval. `random` answers in [0, 1).
 */
export function nextDue(lastCheck: Date, intervalMs: number, random: () => number = Math.random): Date {
  const jitter = Math.min(maxJitterMs(intervalMs), Math.max(0, Math.floor(random() * maxJitterMs(intervalMs))));
  return new Date(lastCheck.getTime() + intervalMs - jitter);
}

/**
 * When a connection whose check got no definite answer (a timeout, a 5xx, a
 * 429, the platform's own key refused) is tried again: a tenth of the
 * interval, between 5 seconds and 5 minutes, and never later than the
 * interval; spread by up to half so a Stripe outage does not end in one burst.
 */
export function retryDelayMs(intervalMs: number, random: () => number = Math.random): number {
  const base = Math.min(intervalMs, Math.max(5_000, Math.min(300_000, intervalMs / 10)));
  return Math.round(base * (0.5 + Math.min(1, Math.max(0, random())) / 2));
}

/** How many connections the budget can check in one interval. */
export function capacity(rate: number, intervalSeconds: number): number {
  return Math.floor(rate * intervalSeconds);
}

/** True when `RECHECK_RATE × RECHECK_INTERVAL` covers every connection to re-check. */
export function budgetCovers(rate: number, intervalSeconds: number, connections: number): boolean {
  return capacity(rate, intervalSeconds) >= connections;
}

/** The time between two re-check calls of the shared budget. */
export function slotSpacingMs(rate: number): number {
  return 1_000 / rate;
}

/**
 * How many connections an instance takes at a time: about half a second of
 * the budget (at least one), so several instances share it in turns and no
 * instance holds more than it can start before its lease runs short.
 */
export function batchSize(rate: number): number {
  return Math.max(1, Math.min(250, Math.ceil(rate / 2)));
}

/**
 * How long every instance holds back after Stripe answered 429: a second,
 * doubled for each 429 in a row, at most a minute.
 */
export function rateLimitPauseMs(consecutive: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.max(0, Math.min(6, consecutive - 1)));
}

/** The last check before which a connection is overdue at `now`. */
export function overdueBefore(now: Date, intervalSeconds: number): Date {
  return new Date(now.getTime() - intervalSeconds * 1_000);
}
