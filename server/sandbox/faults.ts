import type { MiddlewareHandler } from 'hono';
import { stripeErrors } from './errors.js';
import { randomChars } from './ids.js';
import type { SandboxEnv, StripeRoute } from './types.js';

/**
 * `drop` cuts the connection before Stripe does anything; `drop_after` lets
 * Stripe do the work and cuts the connection before the answer, the case
 * idempotency keys exist for. `error_429` is Stripe's rate limit;
 * `error_401` refuses the platform's own key (a rolled or revoked secret key).
 */
export const FAULT_KINDS = ['error_500', 'error_429', 'error_401', 'timeout', 'drop', 'drop_after', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The Stripe calls a fault can target; `*` is any of them. */
export const FAULT_ROUTES = ['token', 'deauthorize', 'account', '*'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

export interface Fault {
  id: string;
  route: FaultRoute;
  kind: FaultKind;
  /** Calls still to be hit. */
  remaining: number;
  /** For `slow`: how long before the right answer. */
  delayMs: number | null;
}

export interface FaultSpec {
  route: FaultRoute;
  kind: FaultKind;
  count: number;
  delayMs?: number | null;
}

/**
 * Faults armed for the next N calls of a Stripe route, applied in the order
 * they were added. Also owns every request it holds open, so a reset or a
 * server close can let them all go at once.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private readonly holds = new Set<AbortController>();

  add(spec: FaultSpec): Fault {
    const fault = { id: `fault_${randomChars(10)}`, route: spec.route, kind: spec.kind, remaining: spec.count, delayMs: spec.delayMs ?? null };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes every fault and releases every held request. Answers how many faults were armed. */
  clear(): number {
    const count = this.faults.length;
    this.faults = [];
    this.releaseHolds();
    return count;
  }

  /** Consumes one hit of the first fault armed for this route, if any. */
  take(route: StripeRoute): Fault | null {
    const fault = this.faults.find((f) => f.route === route || f.route === '*');
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** Waits `ms`, or less if the client goes away or the sandbox releases its holds. */
  hold(ms: number, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    this.holds.add(controller);
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.holds.delete(controller);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      controller.signal.addEventListener('abort', done, { once: true });
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  releaseHolds(): void {
    for (const controller of [...this.holds]) controller.abort();
  }
}

export interface InjectFaultsOptions {
  registry: FaultRegistry;
  route: StripeRoute;
  /** How long a `timeout` fault holds the request (longer than any sane client timeout). */
  timeoutMs: number;
}

/** Middleware that plays the fault armed for this route, if any, before the real handler. */
export function injectFaults({ registry, route, timeoutMs }: InjectFaultsOptions): MiddlewareHandler<SandboxEnv> {
  return async function injectFaults(c, next) {
    const fault = registry.take(route);
    if (!fault) return next();
    switch (fault.kind) {
      case 'error_500':
        throw stripeErrors.internal();
      case 'error_429':
        throw stripeErrors.rateLimited();
      case 'error_401':
        throw stripeErrors.expiredApiKey();
      case 'slow':
        await registry.hold(fault.delayMs ?? 0, c.req.raw.signal);
        return next();
      case 'timeout':
        // Stripe that never answers in time; if the client is still there after the hold, it gets the real answer.
        await registry.hold(timeoutMs, c.req.raw.signal);
        return next();
      case 'drop_after': {
        await next();
        const socket = c.env?.incoming?.socket;
        if (!socket) throw stripeErrors.internal();
        socket.destroy();
        return;
      }
      case 'drop': {
        const socket = c.env?.incoming?.socket;
        // In-process (app.request) there is no socket to cut; the nearest thing is a failed answer.
        if (!socket) throw stripeErrors.internal();
        socket.destroy();
        return c.body(null, 500);
      }
    }
  };
}
