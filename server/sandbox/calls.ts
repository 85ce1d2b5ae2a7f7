import type { MiddlewareHandler } from 'hono';
import { STRIPE_ROUTES, type CountedRoute, type SandboxEnv } from './types.js';

/** How many Stripe-shaped calls arrived, per route, since the start or the last reset. */
export class CallCounter {
  private counts = new Map<CountedRoute, number>();

  record(route: CountedRoute): void {
    this.counts.set(route, this.count(route) + 1);
  }

  count(route: CountedRoute): number {
    return this.counts.get(route) ?? 0;
  }

  all(): Record<CountedRoute, number> {
    return Object.fromEntries(STRIPE_ROUTES.map((route) => [route, this.count(route)])) as Record<CountedRoute, number>;
  }

  reset(): void {
    this.counts.clear();
  }
}

/** Counts the call before anything else can answer it, faults included, so a test sees every attempt a client made. */
export function countCalls(counter: CallCounter, route: CountedRoute): MiddlewareHandler<SandboxEnv> {
  return async function countCalls(_c, next) {
    counter.record(route);
    await next();
  };
}
