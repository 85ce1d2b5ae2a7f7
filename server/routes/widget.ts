import { Hono } from 'hono';
import { every } from 'hono/combine';
import { CompleteRequest, ConnectRequest } from '../../contract/schemas.js';
import type { AppEnv } from '../env.js';
import { jsonAnswer } from '../middleware/answer-headers.js';
import { sessionAuth } from '../middleware/auth.js';
import { strictCors } from '../middleware/cors.js';
import { platformName } from '../middleware/platform-name.js';
import { rateLimit, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
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
  const auth = sessionAuth({ sessionSecret, allowedOrigins, now });
  // Without a name, no middleware for it at all: each layer costs the hot path a dispatch.
  const session = [strictCors({ allowedOrigins }), options.platformName ? every(platformName({ name: options.platformName }), auth) : auth] as const;
  const perTenant = (name: string, rule: RateLimitRule) => rateLimit({ limiter, rules: [{ name, rule, key: (c) => c.get('session').tenantId }] });
  // CORS preflights reach the guard's CORS step and end there; nothing else is answered without a session.
  return new Hono<AppEnv>()
    .on(['GET', 'OPTIONS'], '/status', ...session, async (c) => jsonAnswer(c, await connections.statusJson(c.get('session').tenantId)))
    .on(['POST', 'OPTIONS'], '/status/check', ...session, async (c) => {
      const { tenantId } = c.get('session');
      await connections.check(tenantId);
      return jsonAnswer(c, await connections.statusJson(tenantId));
    })
    .on(['POST', 'OPTIONS'], '/connect', ...session, perTenant('connect-tenant', limits.connectPerTenant), validate('json', ConnectRequest), async (c) => {
      const { mode, returnUrl } = c.req.valid('json');
      return c.json(await connections.startFlow({ session: c.get('session'), origin: c.req.header('Origin') ?? null, mode, ...(returnUrl && { returnUrl }) }));
    })
    .on(['POST', 'OPTIONS'], '/connect/complete', ...session, perTenant('complete-tenant', limits.completePerTenant), validate('json', CompleteRequest), async (c) => {
      const { completion } = c.req.valid('json');
      // Bound to the flow's page: a browser always sends Origin on a POST, so a request without one is not the widget's.
      return c.json(await connections.complete({ handle: completion, session: c.get('session'), origin: c.req.header('Origin') ?? null, requestId: c.get('requestId') }));
    })
    .on(['POST', 'OPTIONS'], '/disconnect', ...session, async (c) => {
      const { tenantId, user } = c.get('session');
      await connections.disconnect(tenantId, c.get('requestId'), personOf(user));
      return jsonAnswer(c, await connections.statusJson(tenantId));
    });
}
