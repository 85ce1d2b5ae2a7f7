import { Hono } from 'hono';
import { z } from 'zod';
import { CreateSessionRequest, ImportLegacyRequest, TenantId } from '../../contract/schemas.js';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../env.js';
import { ReconnectError, validate } from '../errors.js';
import { apiKeyAuth } from '../middleware/auth.js';
import type { ClientAddress } from '../middleware/client-address.js';
import { rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import type { Connections } from '../reconnect/connections.js';
import { mintSession } from '../security/session-token.js';

export interface AdminRoutesOptions {
  connections: Connections;
  apiKey: string;
  sessionSecret: string;
  allowedOrigins: ReadonlySet<string>;
  limiter: RateLimiter;
  limits: { sessionsPerTenant: RateLimitRule; sessionsPerAddress: RateLimitRule };
  clientAddress: ClientAddress;
  now: Clock;
}

const TenantParam = z.object({ tenantId: TenantId });

/** The host backend's routes: each one behind `RECONNECT_API_KEY`, attached to the route itself. */
export function adminRoutes(options: AdminRoutesOptions) {
  const { connections, sessionSecret, allowedOrigins, limiter, limits, clientAddress, now } = options;
  const auth = apiKeyAuth({ apiKey: options.apiKey });
  return new Hono<AppEnv>()
    .post(
      '/sessions',
      auth,
      rateLimit({ limiter, rules: [{ name: 'sessions-address', rule: limits.sessionsPerAddress, key: clientAddress }] }),
      validate('json', CreateSessionRequest),
      async (c) => {
        const { tenantId, origin, ttlSeconds, user } = c.req.valid('json');
        await limiter.hit({ name: 'sessions-tenant', key: tenantId, rule: limits.sessionsPerTenant });
        if (origin && !allowedOrigins.has(origin)) throw new ReconnectError('validation_failed', { message: 'origin: must be one of ALLOWED_ORIGINS.' });
        const session = mintSession({ sessionSecret, tenantId, origin: origin ?? null, user: user ?? null, ...(ttlSeconds !== undefined && { ttlSeconds }), now });
        return c.json(session, 201);
      },
    )
    .put('/tenants/:tenantId/legacy', auth, validate('param', TenantParam), validate('json', ImportLegacyRequest), async (c) => {
      const { tenantId } = c.req.valid('param');
      await connections.importLegacy(tenantId, c.req.valid('json').publishableKey);
      return c.json(await connections.status(tenantId));
    })
    .get('/tenants/:tenantId', auth, validate('param', TenantParam), async (c) => c.json(await connections.details(c.req.valid('param').tenantId)));
}
