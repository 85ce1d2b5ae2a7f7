import type { HttpBindings } from '@hono/node-server';
import type { Caller } from './state.js';

/** The Stripe-shaped calls the sandbox counts and can inject faults into. `account` is both account routes. */
export const STRIPE_ROUTES = ['authorize', 'token', 'deauthorize', 'account', 'unrecognized'] as const;
export type CountedRoute = (typeof STRIPE_ROUTES)[number];
export type StripeRoute = Exclude<CountedRoute, 'authorize' | 'unrecognized'>;

/** Hono env of the sandbox. Bindings are absent when the app runs in-process (`app.request`). */
export interface SandboxEnv {
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    caller: Caller;
  };
}
