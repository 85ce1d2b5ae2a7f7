import type { MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './types.js';

interface Stored {
  status: number;
  body: string;
  contentType: string;
  storedAt: number;
}

/**
 * Stripe's `Idempotency-Key` for POSTs: the first request's answer is kept
 * for 24 hours and a retry with the same key (from the same key holder) gets
 * it again instead of running twice. stripe-node keys every POST, so a token
 * exchange whose answer was lost on the wire is retried safely.
 */
export function idempotency(now: () => number): MiddlewareHandler<SandboxEnv> & { clear(): void } {
  const store = new Map<string, Stored>();
  const ttlMs = 24 * 3_600_000;
  const middleware: MiddlewareHandler<SandboxEnv> = async function idempotency(c, next) {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || !key) return next();
    const scoped = `${c.req.header('Authorization') ?? ''} ${c.req.path} ${key}`;
    const hit = store.get(scoped);
    if (hit && now() - hit.storedAt < ttlMs) {
      c.header('Idempotent-Replayed', 'true');
      return c.body(hit.body, hit.status as 200, { 'Content-Type': hit.contentType });
    }
    await next();
    // Stripe does not keep answers of requests that failed on its side, so those can be retried for real.
    if (c.res.status < 500) {
      const body = await c.res.clone().text();
      store.set(scoped, { status: c.res.status, body, contentType: c.res.headers.get('Content-Type') ?? 'application/json', storedAt: now() });
    }
  };
  return Object.assign(middleware, { clear: () => store.clear() });
}
