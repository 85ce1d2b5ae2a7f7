import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';

export interface StrictCorsOptions {
  allowedOrigins: ReadonlySet<string>;
}

/**
 * CORS for the widget's routes from `ALLOWED_ORIGINS` only. A browser request
 * from any other origin is refused outright, not just left unreadable.
 */
export function strictCors({ allowedOrigins }: StrictCorsOptions): MiddlewareHandler<AppEnv> {
  const headers = cors({
    origin: (origin) => (allowedOrigins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  return async function strictCors(c, next) {
    const origin = c.req.header('Origin');
    if (origin && !allowedOrigins.has(origin)) {
      throw new ReconnectError('unauthorized', { message: 'This origin is not allowed to use this API.' });
    }
    return headers(c, next);
  };
}
