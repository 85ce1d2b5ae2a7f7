import type { Context, MiddlewareHandler } from 'hono';
import { systemClock, unixSeconds, type Clock } from '../clock.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { Store } from '../store/index.js';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/** One rule to count a request against: `name` and `key` make its bucket. */
export interface RateLimitHit {
  name: string;
  key: string;
  rule: RateLimitRule;
}

export interface RateLimiter {
  /** Counts one hit for each rule, in one round trip; throws `rate_limited` (with Retry-After) if any is past its limit. */
  hit(...hits: RateLimitHit[]): Promise<void>;
}

/** Counters live in the shared database, so a limit holds however many instances serve the traffic; old windows go with the housekeeping. */
export function createRateLimiter(store: Store, now: Clock = systemClock): RateLimiter {
  return {
    async hit(...hits) {
      const t = unixSeconds(now());
      // One bucket once: a statement cannot count the same row twice.
      const unique = [...new Map(hits.map((h) => [`${h.name}:${h.key}`, h])).values()];
      const windows = unique.map(({ rule }) => t - (t % rule.windowSeconds));
      const counts = await store.rateLimits.hit(unique.map((h, i) => ({ bucket: `${h.name}:${h.key}`, windowStart: windows[i]! })));
      let retryAfter = 0;
      unique.forEach(({ rule }, i) => {
        if (counts[i]! > rule.limit) retryAfter = Math.max(retryAfter, windows[i]! + rule.windowSeconds - t);
      });
      if (retryAfter > 0) throw new ReconnectError('rate_limited', { retryAfter });
    },
  };
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** The rules, counted together in one round trip. */
  rules: ReadonlyArray<{
    name: string;
    rule: RateLimitRule;
    /** The key to count by; null skips the rule for this request. */
    key(c: Context<AppEnv>): string | null;
  }>;
}

export function rateLimit({ limiter, rules }: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimit(c, next) {
    const hits = rules.flatMap(({ name, rule, key }) => {
      const k = key(c);
      return k === null ? [] : [{ name, key: k, rule }];
    });
    if (hits.length > 0) await limiter.hit(...hits);
    await next();
  };
}
