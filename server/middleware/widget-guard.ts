import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../env.js';
import { sessionCheck } from './auth.js';
import { corsCheck } from './cors.js';
import { platformNameHeader } from './platform-name.js';

export interface WidgetGuardOptions {
  sessionSecret: string;
  allowedOrigins: ReadonlySet<string>;
  /** The host product's name, for the element's texts; no header when absent. */
  platformName?: string | undefined;
  now?: Clock;
}

export interface WidgetGuard {
  /**
   * Lets a request in or not: throws the refusal, returns the answer to a
   * CORS preflight, or returns nothing once `session` is set.
   */
  admit(c: Context<AppEnv>): Response | undefined;
  /** `admit` as middleware, for routes with more middleware after it. */
  middleware: MiddlewareHandler<AppEnv>;
}

/**
 * The door of the element's routes, in one function: CORS from
 * `ALLOWED_ORIGINS` (a preflight ends here), the platform name, then the
 * session token. One function rather than three layers of middleware
 * because every layer is a promise and a dispatch, and `GET /status`, which
 * every open settings page polls, calls `admit` from its handler and goes
 * through no middleware of its own.
 */
export function widgetGuard({ sessionSecret, allowedOrigins, platformName, now }: WidgetGuardOptions): WidgetGuard {
  const cors = corsCheck({ allowedOrigins });
  const announce = platformName ? platformNameHeader({ name: platformName }) : null;
  const authenticate = sessionCheck({ sessionSecret, allowedOrigins, ...(now && { now }) });
  const admit = (c: Context<AppEnv>) => {
    const preflight = cors(c);
    if (preflight) return preflight;
    announce?.(c);
    authenticate(c);
    return undefined;
  };
  return {
    admit,
    middleware: async function widgetGuard(c, next) {
      const preflight = admit(c);
      if (preflight) return preflight;
      await next();
    },
  };
}
