import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import type { ErrorBody } from '../contract/schemas.js';
import type { AppEnv } from './env.js';
import { ReconnectError, defaultMessage } from './errors.js';
import type { Logger } from './logger.js';

function errorBody(code: ErrorCode, message: string, requestId: string, account?: ErrorBody['error']['account']): ErrorBody {
  return { error: { code, message, retryable: ERROR_CODES[code].retryable, requestId, ...(account && { account }) } };
}

/** Hono's own HTTP errors (malformed JSON, a body over the limit) in the contract's words. */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'validation_failed';
  return 'internal';
}

export const notFound: NotFoundHandler<AppEnv> = (c) => c.json(errorBody('not_found', 'No such route.', c.get('requestId') ?? 'unknown'), 404);

/**
 * Every failure as the contract's error body, with its code's HTTP status:
 * ours as thrown, Hono's by status, anything else as `internal` with a
 * generic message (the log line has the error; the response never does).
 */
export function errorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const requestId = c.get('requestId') ?? 'unknown';
    let code: ErrorCode;
    let message: string;
    let account: ErrorBody['error']['account'];
    if (err instanceof ReconnectError) {
      code = err.code;
      message = err.message;
      account = err.account;
      if (err.retryAfter !== undefined) c.header('Retry-After', String(Math.max(1, err.retryAfter)));
    } else if (err instanceof HTTPException) {
      code = codeForStatus(err.status);
      // A body refused for its size is left unread on the socket, which Node then closes:
      // said outright, a client does not send its next request on a connection about to go.
      if (err.status === 413) c.header('Connection', 'close');
      message = code === 'internal' ? defaultMessage('internal') : err.message || defaultMessage(code);
    } else {
      code = 'internal';
      message = defaultMessage('internal');
    }
    const level = code === 'internal' ? 'error' : 'info';
    logger[level]('request failed', { requestId, method: c.req.method, path: c.req.path, code, error: err });
    return c.json(errorBody(code, message, requestId, account), ERROR_CODES[code].status as ContentfulStatusCode);
  };
}
