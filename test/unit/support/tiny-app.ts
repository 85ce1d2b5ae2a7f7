/** A tiny Hono app around the middleware under test, called in-process with `app.request()`. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../../server/env.js';
import { ReconnectError } from '../../../server/errors.js';


/** A tiny app: the middleware, then a route that says what it saw; errors as the contract's code. */
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
  app.onError((err, c) => {
    if (!(err instanceof ReconnectError)) throw err;
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    return c.json({ code: err.code, message: err.message }, err.status as ContentfulStatusCode);
  });
  return { app, reached: () => reached };
}

export async function codeOf(res: Response): Promise<string | null> {
  if (res.ok) return null;
  return ((await res.json()) as { code: string }).code;
}

/** What @hono/node-server gives a request: its socket's peer. */
export const peer = (remoteAddress: string | undefined) => ({ incoming: { socket: { remoteAddress } } });
