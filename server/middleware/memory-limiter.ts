import { unixSeconds, type Clock } from '../clock.js';
import { ReconnectError } from '../errors.js';
import type { RateLimitRule } from './rate-limit.js';

/** Counts hits per key in this process's memory and throws `rate_limited` past the rule's limit. */
export interface MemoryLimiter {
  hit(key: string): void;
}

/**
 * A fixed-window counter in memory, for requests that must cost no database
 * work: callbacks and starts whose token does not verify (an attacker's
 * junk costs a map entry, never a write). Each instance counts its own
 * traffic. At most `maxKeys` keys per window: past that, a key not yet
 * counted is refused, so a flood from many addresses is bounded in memory
 * and fails closed (only unverifiable requests come here).
 */
export function createMemoryLimiter(rule: RateLimitRule, now: Clock, maxKeys = 50_000): MemoryLimiter {
  let window = -1;
  let counts = new Map<string, number>();
  return {
    hit(key) {
      const t = unixSeconds(now());
      const start = t - (t % rule.windowSeconds);
      if (start !== window) {
        window = start;
        counts = new Map();
      }
      const seen = counts.get(key);
      const hits = seen === undefined && counts.size >= maxKeys ? Infinity : (seen ?? 0) + 1;
      if (hits !== Infinity) counts.set(key, hits);
      if (hits > rule.limit) throw new ReconnectError('rate_limited', { retryAfter: start + rule.windowSeconds - t });
    },
  };
}
