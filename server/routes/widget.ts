import { Hono } from 'hono';
import { CompleteRequest, ConnectRequest } from '../../contract/schemas.js';
import type { AppEnv } from '../env.js';
import { jsonAnswer } from '../middleware/answer-headers.js';
import { rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import { widgetGuard } from '../middleware/widget-guard.js';
import type { Connections } from '../reconnect/connections.js';
import { personOf } from '../reconnect/person.js';
import { validate } from '../errors.js';

export interface WidgetRoutesOptions {
  connections: Connections;
  sessionSecret: string;
  allowedOrigins: ReadonlySet<string>;
  limiter: RateLimiter;
  limits: { connectPerTenant: RateLimitRule; completePerTenant: RateLimitRule };
  now: () => Date;
  /** The host product's name, sent to the element in a header; none when the host did not configure one. */
  platformName?: string | undefined;
}

/** The element's routes: each one behind CORS and a session token, attached to the route itself. */
export function widgetRoutes(options: WidgetRoutesOptions) {
  const { connections, sessionSecret, allowedOrigins, limiter, limits, now } = options;
  const guard = widgetGuard({ sessionSecret, allowedOrigins, now, platformName: options.platformName });
  const perTenant = (name: string, rule: RateLimitRule) => rateLimit({ limiter, rules: [{ name, rule, key: (c) => c.get('session').tenantId }] });
  // CORS preflights reach the guard's CORS step and end there; nothing else is answered without a session.
  // GET /status, the hot path, admits its request itself: no layer of middleware of its own.
  return new Hono<AppEnv>()
    .on(['GET', 'OPTIONS'], '/status', async (c) => guard.admit(c) ?? jsonAnswer(c, await connections.statusJson(c.get('session').tenantId)))
    .on(['POST', 'OPTIONS'], '/status/check', guard.middleware, async (c) => {
      const { tenantId } = c.get('session');
      await connections.check(tenantId);
      return jsonAnswer(c, await connections.statusJson(tenantId));
    })
    .on(['POST', 'OPTIONS'], '/connect', guard.middleware, perTenant('connect-tenant', limits.connectPerTenant), validate('json', ConnectRequest), async (c) => {
      const { mode, returnUrl } = c.req.valid('json');
      return c.json(await connections.startFlow({ session: c.get('session'), origin: c.req.header('Origin') ?? null, mode, ...(returnUrl && { returnUrl }) }));
    })
    .on(['POST', 'OPTIONS'], '/connect/complete', guard.middleware, perTenant('complete-tenant', limits.completePerTenant), validate('json', CompleteRequest), async (c) => {
      const { completion } = c.req.valid('json');
      // Bound to the flow's page: a browser always sends Origin on a POST, so a request without one is not the widget's.
      return c.json(await connections.complete({ handle: completion, session: c.get('session'), origin: c.req.header('Origin') ?? null, requestId: c.get('requestId') }));
    })
    .on(['POST', 'OPTIONS'], '/disconnect', guard.middleware, async (c) => {
      const { tenantId, user } = c.get('session');
      await connections.disconnect(tenantId, c.get('requestId'), personOf(user));
      return jsonAnswer(c, await connections.statusJson(tenantId));
    });
}
