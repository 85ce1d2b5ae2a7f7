import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import type { Logger } from '../logger.js';
import { applyAnswerHeaders, setAnswerHeader } from './answer-headers.js';

export interface RequestContextOptions {
  logger: Logger;
  /** Called as each request starts, before anything else is done for it (the housekeeping's poke). */
  onRequest?: () => void;
  /** Told of each answer and the seconds it took (the HTTP metrics). */
  onAnswer?: (c: Context<AppEnv>, seconds: number) => void;
}

/**
 * Gives each request its id (also in the `X-Request-Id` header and every log
 * line about it), and writes one access-log line. The hooks ride on it
 * rather than being middleware of their own: each layer of middleware is a
 * promise and a dispatch on every `GET /status`, the hot path.
 */
export function requestContext({ logger, onRequest, onAnswer }: RequestContextOptions): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    onRequest?.();
    // randomUUID draws from a buffered pool; randomBytes per request was a tenth of GET /status's CPU.
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    c.set('requestId', requestId);
    setAnswerHeader(c, 'X-Request-Id', requestId);
    const started = performance.now();
    await next();
    applyAnswerHeaders(c);
    const ms = performance.now() - started;
    onAnswer?.(c, ms / 1_000);
    logger.debug('request', {
      requestId,
      method: c.req.method,
      // The path only: callback query strings carry authorization codes.
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(ms * 10) / 10,
    });
  };
}
