import type { Person } from '../../contract/schemas.js';
import type { Services } from '../services.js';
import { ReconnectError } from '../errors.js';
import { connectionOf } from '../store/index.js';
import { StripeCallError } from '../stripe/gateway.js';
import { disconnected } from './transitions.js';

/**
 * The tenant disconnects on purpose: Stripe is told first, so that a failure
 * there leaves the record as it was; an account Stripe already considers
 * disconnected is fine.
 */
export async function disconnectTenant(services: Services, tenantId: string, requestId: string, by: Person | null = null): Promise<void> {
  const tenant = await services.store.tenants.get(tenantId);
  if (!tenant || !disconnected(tenant)) return;
  const account = connectionOf(tenant);
  if (account) {
    try {
      await services.stripe.deauthorize(account.id);
    } catch (error) {
      if (error instanceof StripeCallError && error.failure === 'unavailable') throw new ReconnectError('stripe_unavailable', { cause: error });
      throw error;
    }
  }
  const now = services.now();
  await services.store.tenants.transition({ tenantId, now, decide: disconnected, by });
  services.logger.info('tenant disconnected', { requestId, tenantId });
}
