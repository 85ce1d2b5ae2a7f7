import { Hono } from 'hono';
import { z } from 'zod';
import { CreateSessionRequest, ImportLegacyRequest, TenantId, type TenantDetails } from '../../contract/schemas.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { apiKeyAuth } from '../middleware/auth.js';
import type { ClientAddress } from '../middleware/client-address.js';
import { rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import { legacyImported } from '../reconnect/transitions.js';
import { toStatus } from '../reconnect/status.js';
import { mintSession } from '../security/session-token.js';
import { validate } from '../validation.js';
import { toAttempt, toDelivery } from './views.js';

export interface AdminRoutesOptions {
  apiKey: string;
  limiter: RateLimiter;
  limits: { sessionsPerTenant: RateLimitRule; sessionsPerAddress: RateLimitRule };
  clientAddress: ClientAddress;
}

const TenantParam = z.object({ tenantId: TenantId });

/** The host backend's routes, behind `RECONNECT_API_KEY`. */
export function adminRoutes({ apiKey, limiter, limits, clientAddress }: AdminRoutesOptions) {
  const auth = apiKeyAuth({ apiKey });
  // Middleware by path, not `use('*')`: these sub-apps share the root with the widget's routes.
  return new Hono<AppEnv>()
    .use('/sessions', auth)
    .use('/tenants/*', auth)
    .post(
      '/sessions',
      rateLimit({ limiter, rules: [{ name: 'sessions-address', rule: limits.sessionsPerAddress, key: clientAddress }] }),
      validate('json', CreateSessionRequest),
      async (c) => {
        const { tenantId, origin, ttlSeconds, user } = c.req.valid('json');
        const services = c.get('services');
        await limiter.hit({ name: 'sessions-tenant', key: tenantId, rule: limits.sessionsPerTenant });
        if (origin && !services.allowedOrigins.has(origin)) {
          throw new ReconnectError('validation_failed', { message: 'origin: must be one of ALLOWED_ORIGINS.' });
        }
        const session = mintSession({
          sessionSecret: services.sessionSecret,
          tenantId,
          origin: origin ?? null,
          user: user ?? null,
          ...(ttlSeconds !== undefined && { ttlSeconds }),
          now: () => services.now().getTime(),
        });
        return c.json(session, 201);
      },
    )
    .put('/tenants/:tenantId/legacy', validate('param', TenantParam), validate('json', ImportLegacyRequest), async (c) => {
      const { tenantId } = c.req.valid('param');
      const { publishableKey } = c.req.valid('json');
      const services = c.get('services');
      if (publishableKey.startsWith('pk_live_') !== services.stripe.livemode) {
        const mode = services.stripe.livemode ? 'live' : 'test';
        throw new ReconnectError('validation_failed', {
          message: `publishableKey: the platform runs in ${mode} mode, so the key must be a pk_${mode}_ key.`,
        });
      }
      const now = services.now();
      await services.store.tenants.transition({ tenantId, now, decide: (current) => legacyImported(current, publishableKey, now) });
      const view = await services.store.tenants.view(tenantId);
      return c.json(toStatus(view.tenant, view.lastAttempt));
    })
    .get('/tenants/:tenantId', validate('param', TenantParam), async (c) => {
      const { tenantId } = c.req.valid('param');
      const { store } = c.get('services');
      const [view, attempts, deliveries] = await Promise.all([
        store.tenants.view(tenantId),
        store.tenants.attempts(tenantId),
        store.outbox.recent(tenantId),
      ]);
      if (!view.tenant && attempts.length === 0) throw new ReconnectError('not_found', { message: 'No such tenant.' });
      const details: TenantDetails = {
        tenantId,
        status: toStatus(view.tenant, view.lastAttempt),
        attempts: attempts.map(toAttempt),
        deliveries: deliveries.map(toDelivery),
      };
      return c.json(details);
    });
}
