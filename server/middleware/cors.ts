import type { Context } from 'hono';
import { PLATFORM_NAME_HEADER } from '../../contract/codes.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { setAnswerHeader } from './answer-headers.js';

export interface CorsCheckOptions {
  allowedOrigins: ReadonlySet<string>;
}

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';
const EXPOSE_HEADERS = `X-Request-Id, Retry-After, ${PLATFORM_NAME_HEADER}`;

/**
 * CORS for the widget's routes from `ALLOWED_ORIGINS` only. A browser request
 * from any other origin is refused outright, not just left unreadable.
 *
 * Written here rather than with `hono/cors`, which adds `Vary` after the
 * handler: a header set on a finished response makes Hono copy it into a
 * streamed one, and that alone cut `GET /status` throughput by two thirds.
 * Its headers are decided before the handler runs and kept as answer
 * headers (see answer-headers.ts); a refusal and a preflight, answered here,
 * carry theirs the usual way.
 *
 * Run by the element's guard (widget-guard.ts) on each request: it throws
 * the refusal, answers a preflight (the Response it returns), or returns
 * nothing and leaves the CORS headers pending for the answer.
 */
export function corsCheck({ allowedOrigins }: CorsCheckOptions): (c: Context<AppEnv>) => Response | undefined {
  return (c) => {
    const origin = c.req.header('Origin');
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      c.header('Vary', 'Origin');
      throw new ReconnectError('unauthorized', { message: 'This origin is not allowed to use this API.' });
    }
    if (origin !== undefined && c.req.method === 'OPTIONS') {
      c.header('Vary', 'Origin');
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    setAnswerHeader(c, 'Vary', 'Origin');
    if (origin !== undefined) {
      setAnswerHeader(c, 'Access-Control-Allow-Origin', origin);
      setAnswerHeader(c, 'Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    return undefined;
  };
}
