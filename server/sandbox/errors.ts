import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { maskKey } from './ids.js';

/**
 * Stripe speaks two error dialects, and the stripe npm client tells them apart
 * by shape: the API's `{ error: { type, code, message } }` and Connect OAuth's
 * flat `{ error: "invalid_grant", error_description }`. Handlers throw one of
 * these two classes; the sandbox's single `onError` writes the body.
 */
export abstract class SandboxHttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
  abstract body(requestId: string): unknown;
}

/** Stripe's API error object (the `/v1` dialect). */
export class StripeApiError extends SandboxHttpError {
  constructor(
    status: ContentfulStatusCode,
    readonly type: 'invalid_request_error' | 'api_error' | 'authentication_error',
    message: string,
    readonly code: string | null = null,
    readonly livemode = false,
  ) {
    super(status, message);
  }

  body(requestId: string) {
    return {
      error: {
        ...(this.code && { code: this.code, doc_url: `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}` }),
        message: this.message,
        ...(this.status !== 401 && {
          request_log_url: `https://dashboard.stripe.com/${this.livemode ? '' : 'test/'}logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`,
        }),
        type: this.type,
      },
    };
  }
}

/** Connect OAuth's error object (the `/oauth` dialect). */
export class OAuthError extends SandboxHttpError {
  constructor(
    status: ContentfulStatusCode,
    readonly error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unsupported_grant_type' | 'invalid_scope',
    description: string,
  ) {
    super(status, description);
  }

  body() {
    return { error: this.error, error_description: this.message };
  }
}

/** The error bodies this sandbox answers with, worded as Stripe words them. */
export const stripeErrors = {
  noApiKey: () =>
    new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    ),
  invalidApiKey: (key: string) => new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${maskKey(key)}`),
  accountInvalid: (key: string, accountId: string, livemode: boolean) =>
    new StripeApiError(
      403,
      'invalid_request_error',
      `The provided key '${maskKey(key)}' does not have access to account '${accountId}' (or that account does not exist). Application access may have been revoked.`,
      'account_invalid',
      livemode,
    ),
  unrecognizedUrl: (method: string, path: string) =>
    new StripeApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    ),
  /** The injected `error_429` fault: Stripe's rate limit. */
  rateLimited: () =>
    new StripeApiError(
      429,
      'invalid_request_error',
      'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      'rate_limit',
    ),
  /** The injected `error_401` fault: the platform's key no longer works (rolled or revoked in the Dashboard). */
  expiredApiKey: () => new StripeApiError(401, 'authentication_error', 'Expired API Key provided. Roll your API key in the Dashboard.', 'api_key_expired'),
  /** The injected `error_500` fault. */
  internal: () =>
    new StripeApiError(
      500,
      'api_error',
      'An unknown error occurred. Please try again later, or contact us at https://support.stripe.com/ if the problem persists.',
    ),
};

export const oauthErrors = {
  noCredentials: () =>
    new OAuthError(
      401,
      'invalid_request',
      'No authentication was provided. Send your secret API key using the Authorization header, or as a client_secret POST parameter.',
    ),
  noSuchKey: (key: string) => new OAuthError(401, 'invalid_client', `No such API key: ${maskKey(key)}`),
  missingParam: (name: string) => new OAuthError(400, 'invalid_request', `Missing required param: ${name}.`),
  unsupportedGrant: (grant: string) =>
    new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grant}. Use authorization_code or refresh_token.`),
  codeUnknown: (code: string) => new OAuthError(400, 'invalid_grant', `Authorization code does not exist: ${code}`),
  codeNotYours: () => new OAuthError(400, 'invalid_grant', 'Authorization code provided does not belong to you'),
  codeUsed: () =>
    new OAuthError(400, 'invalid_grant', 'This authorization code has already been used. All tokens issued with this code have been revoked.'),
  codeExpired: (code: string) => new OAuthError(400, 'invalid_grant', `Authorization code expired: ${code}`),
  /**
   * Stripe's wording, e.g. "Passed in livemode API key but authorization code
   * only supports returning test keys"; the other direction mirrors it.
   */
  modeMismatch: (what: 'authorization code' | 'refresh token', keyLivemode: boolean) =>
    new OAuthError(
      400,
      'invalid_grant',
      `Passed in ${keyLivemode ? 'livemode' : 'testmode'} API key but ${what} only supports returning ${keyLivemode ? 'test' : 'live'} keys`,
    ),
  refreshUnknown: (token: string) => new OAuthError(400, 'invalid_grant', `Refresh token does not exist: ${token}`),
  refreshNotYours: () => new OAuthError(400, 'invalid_grant', 'Refresh token provided does not belong to you'),
  invalidScope: (scope: string) => new OAuthError(400, 'invalid_scope', `Invalid scope: ${scope}. Use read_write or read_only.`),
  noSuchApplication: (clientId: string) => new OAuthError(401, 'invalid_client', `No such application: '${clientId}'`),
  notConnected: (accountId: string) =>
    new OAuthError(401, 'invalid_client', `This application is not connected to stripe account ${accountId}, or that account does not exist.`),
};
