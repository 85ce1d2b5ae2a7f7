import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { Store } from '../store/index.js';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit for `key` under `rule`; throws `rate_limited` (with Retry-After) past the limit. */
  hit(name: string, key: string, rule: RateLimitRule): Promise<void>;
}

/** Counters live in the shared database, so a limit holds however many instances serve the traffic. */
export function createRateLimiter(store: Store, now: () => number = Date.now): RateLimiter {
  let lastPurge = 0;
  return {
    async hit(name, key, rule) {
      const t = Math.floor(now() / 1000);
      const windowStart = t - (t % rule.windowSeconds);
      const hits = await store.rateLimits.hit(`${name}:${key}`, windowStart);
      if (t - lastPurge > 300) {
        lastPurge = t;
        void store.rateLimits.purge(t - 3600).catch(() => {});
      }
      if (hits > rule.limit) {
        throw new ReconnectError('rate_limited', { retryAfter: windowStart + rule.windowSeconds - t });
      }
    },
  };
}

/** The client's address as the socket sees it (behind a proxy, the proxy's). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface RateLimitOptions {
  limiter: RateLimiter;
  name: string;
  rule: RateLimitRule;
  /** The key to count by; null skips the rule for this request. */
  key(c: Context<AppEnv>): string | null;
}

export function rateLimit({ limiter, name, rule, key }: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimit(c, next) {
    const k = key(c);
    if (k !== null) await limiter.hit(name, k, rule);
    await next();
  };
}
