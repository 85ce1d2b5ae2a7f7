import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import type { PickedAccount } from '../contract/schemas.js';

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
  /** Safe, structured details for the client (e.g. which fields failed validation). */
  details?: unknown;
  /** The account picked in Stripe, for the account errors of a completion: answered as `error.account`. */
  account?: PickedAccount;
}

/**
 * The one error type of the backend: a code of the contract, its HTTP status,
 * and the cause kept for the log only.
 */
export class ReconnectError extends HTTPException {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly details: unknown;
  readonly account: PickedAccount | undefined;

  constructor(code: ErrorCode, options: ReconnectErrorOptions = {}) {
    const info = ERROR_CODES[code];
    super(info.status as ContentfulStatusCode, {
      message: options.message ?? DEFAULT_MESSAGES[code],
      cause: options.cause,
    });
    this.name = 'ReconnectError';
    this.code = code;
    this.retryable = info.retryable;
    this.retryAfter = options.retryAfter;
    this.details = options.details;
    this.account = options.account;
  }
}

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}
