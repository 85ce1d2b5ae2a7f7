import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { systemClock, type Clock } from '../clock.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { MIN_SECRET_LENGTH } from '../option-checks.js';
import { readSession } from '../security/session-token.js';

function bearer(header: string | undefined): string | null {
  const match = /^Bearer +([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

export interface ApiKeyAuthOptions {
  /** The host backend's `RECONNECT_API_KEY`. */
  apiKey: string;
}

/** The host backend's routes: `Authorization: Bearer <RECONNECT_API_KEY>`, compared in constant time. */
export function apiKeyAuth({ apiKey }: ApiKeyAuthOptions): MiddlewareHandler<AppEnv> {
  if (apiKey.length < MIN_SECRET_LENGTH) throw new Error(`apiKeyAuth: the API key must be at least ${MIN_SECRET_LENGTH} characters`);
  const expected = createHash('sha256').update(apiKey).digest();
  return async function apiKeyAuth(c, next) {
    const given = bearer(c.req.header('Authorization'));
    const digest = createHash('sha256')
      .update(given ?? '')
      .digest();
    if (!given || !timingSafeEqual(digest, expected)) throw new ReconnectError('unauthorized', { message: 'A valid API key is required.' });
    await next();
  };
}

export interface SessionCheckOptions {
  sessionSecret: string;
  /** `ALLOWED_ORIGINS`: a token minted for any other page origin is refused. */
  allowedOrigins: ReadonlySet<string>;
  now?: Clock;
}

/**
 * The element's routes (run by widget-guard.ts): a session token bound to
 * one tenant and, when minted with one, to one page origin, which must
 * still be an allowed one. Throws the refusal, or sets `session`.
 */
export function sessionCheck({ sessionSecret, allowedOrigins, now = systemClock }: SessionCheckOptions): (c: Context<AppEnv>) => void {
  if (sessionSecret.length < MIN_SECRET_LENGTH) throw new Error(`sessionCheck: the session secret must be at least ${MIN_SECRET_LENGTH} characters`);
  return (c) => {
    const token = bearer(c.req.header('Authorization'));
    if (!token) throw new ReconnectError('unauthorized', { message: 'A session token is required.' });
    const result = readSession(token, sessionSecret, now);
    if (!result.ok) throw new ReconnectError(result.code);
    const bound = result.claims.origin;
    if (bound !== null && !allowedOrigins.has(bound)) {
      throw new ReconnectError('session_invalid', { message: 'This session token was issued for a site that is not allowed to use this API.' });
    }
    const origin = c.req.header('Origin');
    if (bound && origin && origin !== bound) {
      throw new ReconnectError('session_invalid', { message: 'This session token was issued for another site.' });
    }
    c.set('session', result.claims);
  };
}
