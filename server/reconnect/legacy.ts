import { ReconnectError } from '../errors.js';
import type { Services } from '../services.js';
import { legacyImported } from './transitions.js';

/**
 * `PUT /tenants/:id/legacy`: records a tenant that pasted API keys before
 * OAuth existed, so the element asks them to reconnect the account of that
 * publishable key. The key's mode must be the platform's.
 */
export async function importLegacy(services: Services, tenantId: string, publishableKey: string): Promise<void> {
  const { livemode } = services.stripe;
  if (publishableKey.startsWith('pk_live_') !== livemode) {
    const mode = livemode ? 'live' : 'test';
    throw new ReconnectError('validation_failed', { message: `publishableKey: the platform runs in ${mode} mode, so the key must be a pk_${mode}_ key.` });
  }
  const now = services.now();
  await services.store.tenants.transition({ tenantId, now, decide: (current) => legacyImported(current, publishableKey, now) });
}
