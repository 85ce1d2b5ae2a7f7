/**
 * Every failure of the API, in one place: the one error type routes and
 * services throw (a code of the contract), the validation of route inputs
 * that throws it, and the handler that turns anything thrown into the
 * contract's error body with a request id. Messages are plain words and
 * never hold a secret; the cause goes to the log only.
 */
import { zValidator } from '@hono/zod-validator';
import type { ErrorHandler, NotFoundHandler, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import type { ErrorBody, PickedAccount } from '../contract/schemas.js';
import type { AppEnv } from './env.js';
import type { Logger } from './logger.js';

/** Plain-words default messages; a thrower may give a more precise one. Never include a secret. */
const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  access_denied: 'The connection was cancelled in Stripe.',
  invalid_state: 'This connection attempt is no longer valid. Start again.',
  authorization_expired: 'Stripe no longer accepts this authorization. Start again.',
  account_ineligible: 'This Stripe account cannot be connected to this product.',
  stripe_unavailable: 'Stripe could not be reached. Nothing was changed; try again in a moment.',
  account_mismatch: 'The Stripe account chosen is not the one this connection belongs to.',
  account_already_integrated: 'This Stripe account is already connected to another workspace of this product.',
  livemode_mismatch: 'The Stripe account was connected in the wrong mode (live or test).',
  flow_cancelled: 'The connection window was closed before it finished.',
  popup_blocked: 'The browser blocked the connection window.',
  session_invalid: 'The session token is not valid.',
  session_expired: 'The session token has expired.',
  unauthorized: 'Missing or wrong credentials.',
  validation_failed: 'The request is not valid.',
  not_found: 'Not found.',
  rate_limited: 'Too many requests. Try again shortly.',
  internal: 'Something went wrong on our side. Nothing was changed.',
};

export interface ReconnectErrorOptions {
  message?: string;
  cause?: unknown;
  /** Seconds a client should wait before retrying (rate limits). */
  retryAfter?: number;
  /** The account picked in Stripe, for the account errors of a completion: answered as `error.account`. */
  account?: PickedAccount;
}

/**
 * The one error type of the backend: a code of the contract, its HTTP status,
 * and the cause kept for the log only.
 */
export class ReconnectError extends HTTPException {
  readonly code: ErrorCode;
  readonly retryAfter: number | undefined;
  readonly account: PickedAccount | undefined;

  constructor(code: ErrorCode, options: ReconnectErrorOptions = {}) {
    super(ERROR_CODES[code].status as ContentfulStatusCode, { message: options.message ?? DEFAULT_MESSAGES[code], cause: options.cause });
    this.name = 'ReconnectError';
    this.code = code;
    this.retryAfter = options.retryAfter;
    this.account = options.account;
  }
}

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}

/** Plain words naming each bad field, without echoing the value (which may be a secret pasted by mistake). */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): string {
  const parts = error.issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}`);
  return `Invalid request. ${parts.join('; ')}.`;
}

/** zod validation for a route input; a failure throws `validation_failed` into the one error handler. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ReconnectError('validation_failed', { message: describeIssues(result.error) });
  });
}

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
