import type Stripe from 'stripe';
import type { Services } from '../services.js';
import type { TenantRecord } from '../store/index.js';
import { StripeCallError } from '../stripe/gateway.js';
import { hostEventsOf } from './host-events.js';
import { broken, checkedOk } from './transitions.js';

/**
 * Applies a verified Stripe webhook event, once per event id. Events about
 * accounts no tenant holds are recorded and otherwise ignored.
 */
export async function applyStripeEvent(services: Services, event: Stripe.Event, requestId: string): Promise<'applied' | 'duplicate' | 'ignored'> {
  const { store } = services;
  const accountId = typeof event.account === 'string' ? event.account : null;
  const now = services.now();
  const tenantId = accountId && isConnectionEvent(event.type) ? (await store.tenants.tenantsWithAccount(accountId))[0] : undefined;
  if (!accountId || !tenantId || (await store.stripeEvents.seen(event.id))) {
    const fresh = await store.stripeEvents.record(event.id, event.type, accountId, now);
    return fresh ? 'ignored' : 'duplicate';
  }
  const tenant = await store.tenants.get(tenantId);
  // Ask Stripe only when the event could change something (it also keeps webhooks from spending Stripe calls).
  const decide = tenant && couldChange(event.type, tenant, accountId) ? await nextRecord(services, event, accountId) : () => null;
  const result = await store.tenants.transition({
    tenantId,
    now,
    decide,
    stripeEvent: { id: event.id, type: event.type, accountId },
    hostEvent: hostEventsOf(services, now),
  });
  services.logger.info('stripe event', { requestId, eventId: event.id, type: event.type, tenantId, changed: result.changed });
  return result.changed ? 'applied' : 'ignored';
}

function couldChange(type: string, tenant: TenantRecord, accountId: string): boolean {
  if (tenant.account?.id !== accountId) return false;
  if (type === 'account.application.deauthorized') return tenant.state === 'connected' || tenant.problem?.code === 'access_revoked';
  return tenant.state === 'needs_attention';
}

function isConnectionEvent(type: string): boolean {
  return type === 'account.application.deauthorized' || type === 'account.application.authorized';
}

/**
 * Events can arrive late and out of order with a reconnect (Stripe's
 * `created` has one-second precision), so the change is decided from what
 * Stripe says now: the tenant's state then matches Stripe's, whatever the order.
 */
async function nextRecord(services: Services, event: Stripe.Event, accountId: string): Promise<(current: TenantRecord) => TenantRecord | null> {
  const askedAt = services.now();
  const access = await hasAccess(services, accountId);
  if (event.type === 'account.application.deauthorized') {
    // Still connected in Stripe: a reconnect came after this event; nothing is broken.
    return (current) => (current.account?.id === accountId && access !== true ? broken(current, 'deauthorized', askedAt) : null);
  }
  return (current) =>
    current.account?.id === accountId && current.state === 'needs_attention' && access === true ? checkedOk(current, accountId, null, askedAt) : null;
}

/** True or false when Stripe answered; null when it could not be asked (then the event is taken at its word). */
async function hasAccess(services: Services, accountId: string): Promise<boolean | null> {
  try {
    await services.stripe.retrieveAccount(accountId);
    return true;
  } catch (error) {
    if (error instanceof StripeCallError && error.failure === 'no_access') return false;
    services.logger.warn('could not confirm a stripe event with stripe', { accountId, error });
    return null;
  }
}
