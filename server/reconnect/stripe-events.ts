import type Stripe from 'stripe';
import type { Services } from '../services.js';
import { connectionOf, type TenantRecord } from '../store/index.js';
import { ReconnectError } from '../errors.js';
import { StripeCallError } from '../stripe/gateway.js';
import { findingOf } from './status-check.js';
import { broken, checked, type ObservedFacts } from './transitions.js';

/** The Stripe events acted on: the Connect webhook endpoint must be subscribed to each. */
export const HANDLED_STRIPE_EVENTS = ['account.application.deauthorized', 'account.application.authorized', 'account.updated'] as const;
type HandledEvent = (typeof HANDLED_STRIPE_EVENTS)[number];

/**
 * Applies a verified Stripe webhook event, once per event id. Events about
 * accounts no tenant holds are recorded and otherwise ignored.
 */
export async function applyStripeEvent(services: Services, event: Stripe.Event, requestId: string): Promise<'applied' | 'duplicate' | 'ignored'> {
  const { store } = services;
  const accountId = typeof event.account === 'string' ? event.account : null;
  const now = services.now();
  const type = isHandled(event.type) ? event.type : null;
  const tenantId = accountId && type ? await store.tenants.connectionHolder(accountId) : null;
  if (!accountId || !type || !tenantId || (await store.stripeEvents.seen(event.id))) {
    const fresh = await store.stripeEvents.record({ id: event.id, type: event.type, accountId }, now);
    return fresh ? 'ignored' : 'duplicate';
  }
  const tenant = await store.tenants.get(tenantId);
  // Ask Stripe only when the event could change something (it also keeps webhooks from spending Stripe calls).
  const askedAt = services.now();
  const answer = tenant && couldChange(type, tenant, accountId) ? await ask(services, accountId) : null;
  if (answer?.access === null) services.telemetry?.check('webhook', 'unavailable');
  const decide = answer ? nextRecord(type, accountId, answer, askedAt) : () => null;
  const result = await store.tenants.transition({
    tenantId,
    now,
    decide,
    stripeEvent: { id: event.id, type: event.type, accountId },
  });
  if (answer && answer.access !== null) services.telemetry?.check('webhook', findingOf(answer.access, result.previous, result.current));
  services.logger.info('stripe event', { requestId, eventId: event.id, type: event.type, tenantId, changed: result.changed });
  return result.changed ? 'applied' : 'ignored';
}

function couldChange(type: HandledEvent, tenant: TenantRecord, accountId: string): boolean {
  if (connectionOf(tenant)?.id !== accountId) return false;
  switch (type) {
    case 'account.application.deauthorized':
      return tenant.problem?.code !== 'deauthorized';
    case 'account.application.authorized':
      return tenant.state === 'needs_attention';
    case 'account.updated':
      // Payments may have been paused, resumed, or information asked for: only Stripe's answer tells.
      return true;
  }
}

function isHandled(type: string): type is HandledEvent {
  return (HANDLED_STRIPE_EVENTS as readonly string[]).includes(type);
}

/** What Stripe answered about the account: its facts, no access, or nothing (it could not be asked). */
type Answer = { access: true; facts: ObservedFacts } | { access: false } | { access: null };

/**
 * Events can arrive late and out of order with a reconnect or with each
 * other (Stripe's `created` has one-second precision), so the change is
 * decided from what Stripe says now: the tenant's state then matches
 * Stripe's, whatever the order. The event itself is never read for facts.
 */
function nextRecord(type: HandledEvent, accountId: string, answer: Answer, askedAt: Date): (current: TenantRecord) => TenantRecord | null {
  if (type === 'account.application.deauthorized') {
    // Still connected in Stripe: a reconnect came after this event; nothing is broken. Unconfirmed: taken at its word.
    return (current) => (current.account?.id === accountId && answer.access !== true ? broken(current, 'deauthorized', askedAt) : null);
  }
  if (answer.access === null) {
    // An account.updated unconfirmed is not applied, nor recorded: Stripe delivers it again later.
    if (type === 'account.updated') throw new ReconnectError('stripe_unavailable');
    return () => null;
  }
  // No access, confirmed by Stripe: what a check would find.
  if (!answer.access) return (current) => (type === 'account.updated' && current.account?.id === accountId ? broken(current, 'access_revoked', askedAt) : null);
  return (current) => checked(current, accountId, answer.facts, askedAt);
}

async function ask(services: Services, accountId: string): Promise<Answer> {
  try {
    return { access: true, facts: await services.stripe.retrieveAccount(accountId) };
  } catch (error) {
    if (error instanceof StripeCallError && error.failure === 'no_access') return { access: false };
    services.logger.warn('could not confirm a stripe event with stripe', { accountId, error });
    return { access: null };
  }
}
