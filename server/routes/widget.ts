import { Hono, type MiddlewareHandler } from 'hono';
import { CompleteRequest, ConnectRequest, type ConnectOutput } from '../../contract/schemas.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { sessionAuth } from '../middleware/auth.js';
import { strictCors } from '../middleware/cors.js';
import { platformName } from '../middleware/platform-name.js';
import { rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import { completeFlow } from '../reconnect/complete.js';
import { disconnectTenant } from '../reconnect/disconnect.js';
import { personOf } from '../reconnect/person.js';
import type { StatusChecker } from '../reconnect/status-check.js';
import { toStatus } from '../reconnect/status.js';
import { issueState, STATE_TTL_SECONDS } from '../security/oauth-state.js';
import type { Services } from '../services.js';
import type { TenantView } from '../store/tenant-store.js';
import { validate } from '../validation.js';

export interface WidgetRoutesOptions {
  sessionSecret: string;
  allowedOrigins: ReadonlySet<string>;
  checker: StatusChecker;
  limiter: RateLimiter;
  limits: { connectPerTenant: RateLimitRule; completePerTenant: RateLimitRule };
  now: () => number;
  /** The host product's name, sent to the element in a header; none when the host did not configure one. */
  platformName?: string | undefined;
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
  const name: MiddlewareHandler<AppEnv> = options.platformName ? platformName({ name: options.platformName }) : (_c, next) => next();
  const guard = [strictCors({ allowedOrigins }), name, sessionAuth({ sessionSecret, allowedOrigins, now })] as const;
  const perTenant = (name: string, rule: RateLimitRule) => rateLimit({ limiter, rules: [{ name, rule, key: (c) => c.get('session').tenantId }] });
  // Middleware by path, not `use('*')`: these sub-apps share the root with the admin routes.
  return new Hono<AppEnv>()
    .use('/status', ...guard)
    .use('/status/check', ...guard)
    .use('/connect', ...guard)
    .use('/connect/complete', ...guard)
    .use('/disconnect', ...guard)
    .get('/status', async (c) => c.body(await currentStatusJson(c.get('services'), c.get('session').tenantId), 200, JSON_TYPE))
    .post('/status/check', async (c) => {
      const services = c.get('services');
      const { tenantId } = c.get('session');
      await checker.check(await services.store.tenants.get(tenantId));
      return c.body(await currentStatusJson(services, tenantId), 200, JSON_TYPE);
    })
    .post('/connect', perTenant('connect-tenant', limits.connectPerTenant), validate('json', ConnectRequest), async (c) => {
      const services = c.get('services');
      const session = c.get('session');
      const { mode, returnUrl } = c.req.valid('json');
      // The popup's answer goes to exactly this origin, and the completion must come from it: it must be known and allowed.
      const origin = session.origin ?? c.req.header('Origin') ?? (returnUrl ? originOf(returnUrl) : null);
      if (!origin || !allowedOrigins.has(origin)) {
        throw new ReconnectError('validation_failed', { message: 'The page origin is unknown or not in ALLOWED_ORIGINS.' });
      }
      if (mode === 'redirect' && !returnUrl) throw new ReconnectError('validation_failed', { message: 'returnUrl: required in redirect mode.' });
      if (returnUrl && !allowedOrigins.has(originOf(returnUrl))) {
        throw new ReconnectError('validation_failed', { message: 'returnUrl: its origin must be in ALLOWED_ORIGINS.' });
      }
      const { state, key } = issueState(sessionSecret);
      const expiresAt = new Date(Math.floor(now() / 1000) * 1000 + STATE_TTL_SECONDS * 1000);
      await services.store.flows.issueState(key, { tenantId: session.tenantId, origin, mode, returnUrl: returnUrl ?? null, user: session.user, expiresAt });
      const body: ConnectOutput = {
        authorizeUrl: services.stripe.authorizeUrl({ state, redirectUri: services.callbackUrl }),
        expiresAt: expiresAt.toISOString(),
      };
      return c.json(body);
    })
    .post('/connect/complete', perTenant('complete-tenant', limits.completePerTenant), validate('json', CompleteRequest), async (c) => {
      const services = c.get('services');
      const session = c.get('session');
      const { completion } = c.req.valid('json');
      // Bound to the flow's page: a browser always sends Origin on a POST, so a request without one is not the widget's.
      return c.json(await completeFlow(services, { handle: completion, session, origin: c.req.header('Origin') ?? null, requestId: c.get('requestId') }));
    })
    .post('/disconnect', async (c) => {
      const services = c.get('services');
      const { tenantId, user } = c.get('session');
      await disconnectTenant(services, tenantId, c.get('requestId'), personOf(user));
      return c.body(await currentStatusJson(services, tenantId), 200, JSON_TYPE);
    });
}
