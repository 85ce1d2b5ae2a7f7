import { Hono } from 'hono';
import { ConnectRequest, type ConnectOutput } from '../../contract/schemas.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { sessionAuth } from '../middleware/auth.js';
import { strictCors } from '../middleware/cors.js';
import { clientAddress, rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import { disconnectTenant } from '../reconnect/disconnect.js';
import type { StatusChecker } from '../reconnect/status-check.js';
import { toStatus } from '../reconnect/status.js';
import { issueState } from '../security/oauth-state.js';
import type { Services } from '../services.js';
import type { TenantView } from '../store/tenant-store.js';
import { validate } from '../validation.js';

export interface WidgetRoutesOptions {
  sessionSecret: string;
  allowedOrigins: ReadonlySet<string>;
  checker: StatusChecker;
  limiter: RateLimiter;
  limits: { connectPerTenant: RateLimitRule; connectPerAddress: RateLimitRule };
  now: () => number;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** The Status JSON of each cached view, written once: a polled status is served without rebuilding it. */
const statusJson = new WeakMap<TenantView, string>();

async function currentStatusJson(services: Services, tenantId: string): Promise<string> {
  const view = await services.store.tenants.view(tenantId);
  let json = statusJson.get(view);
  if (json === undefined) {
    json = JSON.stringify(toStatus(view.tenant, view.lastAttempt));
    statusJson.set(view, json);
  }
  return json;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** The element's routes, behind a session token. */
export function widgetRoutes(options: WidgetRoutesOptions) {
  const { sessionSecret, allowedOrigins, checker, limiter, limits, now } = options;
  const guard = [strictCors({ allowedOrigins }), sessionAuth({ sessionSecret, now })] as const;
  // Middleware by path, not `use('*')`: these sub-apps share the root with the admin routes.
  return new Hono<AppEnv>()
    .use('/status', ...guard)
    .use('/status/check', ...guard)
    .use('/connect', ...guard)
    .use('/disconnect', ...guard)
    .get('/status', async (c) => c.body(await currentStatusJson(c.get('services'), c.get('session').tenantId), 200, JSON_TYPE))
    .post('/status/check', async (c) => {
      const services = c.get('services');
      const { tenantId } = c.get('session');
      await checker.check(await services.store.tenants.get(tenantId));
      return c.body(await currentStatusJson(services, tenantId), 200, JSON_TYPE);
    })
    .post(
      '/connect',
      rateLimit({
        limiter,
        rules: [
          { name: 'connect-address', rule: limits.connectPerAddress, key: clientAddress },
          { name: 'connect-tenant', rule: limits.connectPerTenant, key: (c) => c.get('session').tenantId },
        ],
      }),
      validate('json', ConnectRequest),
      async (c) => {
        const services = c.get('services');
        const session = c.get('session');
        const { mode, returnUrl } = c.req.valid('json');
        // The popup's answer goes to exactly this origin, so it must be known and allowed.
        const origin = session.origin ?? c.req.header('Origin') ?? (returnUrl ? originOf(returnUrl) : null);
        if (!origin || !allowedOrigins.has(origin)) {
          throw new ReconnectError('validation_failed', { message: 'The page origin is unknown or not in ALLOWED_ORIGINS.' });
        }
        if (mode === 'redirect') {
          if (!returnUrl) throw new ReconnectError('validation_failed', { message: 'returnUrl: required in redirect mode.' });
          if (!allowedOrigins.has(originOf(returnUrl))) {
            throw new ReconnectError('validation_failed', { message: 'returnUrl: its origin must be in ALLOWED_ORIGINS.' });
          }
        }
        const { state, claims } = issueState(
          sessionSecret,
          { tenantId: session.tenantId, origin, mode, returnUrl: mode === 'redirect' ? (returnUrl ?? null) : null },
          now,
        );
        await services.store.states.issue(claims.nonce, claims.tenantId, claims.expiresAt);
        const body: ConnectOutput = {
          authorizeUrl: services.stripe.authorizeUrl({ state, redirectUri: services.callbackUrl }),
          expiresAt: claims.expiresAt.toISOString(),
        };
        return c.json(body);
      },
    )
    .post('/disconnect', async (c) => {
      const services = c.get('services');
      const { tenantId } = c.get('session');
      await disconnectTenant(services, tenantId, c.get('requestId'));
      return c.body(await currentStatusJson(services, tenantId), 200, JSON_TYPE);
    });
}
