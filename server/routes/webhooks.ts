import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type Stripe from 'stripe';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { Connections } from '../reconnect/connections.js';
import type { StripeGateway } from '../stripe/gateway.js';

/** Stripe's account objects can be large (many persons, capabilities, requirements): an event is taken up to 1 MB. */
export const MAX_EVENT_BYTES = 1024 * 1024;

export interface WebhookRoutesOptions {
  connections: Connections;
  /** Verifies `Stripe-Signature` with the Connect endpoint's secret. */
  stripe: Pick<StripeGateway, 'constructEvent'>;
}

/** Stripe's Connect webhooks: signature checked by the stripe client with a 5-minute tolerance. */
export function webhookRoutes({ connections, stripe }: WebhookRoutesOptions) {
  return new Hono<AppEnv>().post('/webhooks/stripe', bodyLimit({ maxSize: MAX_EVENT_BYTES }), async (c) => {
    const signature = c.req.header('Stripe-Signature');
    if (!signature) throw new ReconnectError('unauthorized', { message: 'Missing Stripe-Signature header.' });
    const payload = await c.req.text();
    let event: Stripe.Event;
    try {
      event = stripe.constructEvent(payload, signature);
    } catch (error) {
      throw new ReconnectError('unauthorized', { message: 'The Stripe signature does not verify.', cause: error });
    }
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.created !== 'number') {
      throw new ReconnectError('validation_failed', { message: 'Not a Stripe event.' });
    }
    return c.json({ received: true, result: await connections.applyStripeEvent(event, c.get('requestId')) });
  });
}
