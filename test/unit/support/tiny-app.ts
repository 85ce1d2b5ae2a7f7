/** A tiny Hono app around the middleware under test, called in-process with `app.request()`, answering errors as the real app does. */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { ErrorBody } from '../../../contract/schemas.js';
import type { AppEnv } from '../../../server/env.js';
import { errorHandler, ReconnectError } from '../../../server/errors.js';
import { createLogger } from '../../../server/logger.js';
import { requestContext } from '../../../server/middleware/request-context.js';

const quiet = createLogger({ level: 'error', sink: () => {} });

/** A tiny app: the middleware, then a route that says what it saw; errors through the backend's own handler. */
export function tinyApp(...middleware: MiddlewareHandler<AppEnv>[]) {
  const app = new Hono<AppEnv>();
  let reached = 0;
  for (const m of middleware) app.use(m);
  app.all('/', (c) => {
    reached += 1;
    return c.json({ session: c.get('session') ?? null, requestId: c.get('requestId') ?? null });
  });
  app.get('/fails', () => {
    throw new ReconnectError('not_found');
  });
  app.onError(errorHandler(quiet));
  return { app, reached: () => reached };
}

/**
 * A tiny app around one of the element guard's checks, framed as the backend
 * frames it: the request context outside (it puts the answer headers the
 * check leaves pending on the answer), then the check, then the route.
 */
export function checkApp(check: (c: Context<AppEnv>) => Response | void) {
  return tinyApp(requestContext({ logger: quiet }), async (c, next) => {
    const early = check(c);
    if (early) return early;
    await next();
  });
}

/**
 * The contract's code of a failed answer, after checking that the body is
 * exactly the contract's error shape (`{ error: { code, message, retryable, requestId } }`).
 */
export async function codeOf(res: Response): Promise<string | null> {
  if (res.ok) return null;
  const body = ErrorBody.parse(await res.json());
  return body.error.code;
}

/** What @hono/node-server gives a request: its socket's peer. */
export const peer = (remoteAddress: string | undefined) => ({ incoming: { socket: { remoteAddress } } });
