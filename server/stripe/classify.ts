import Stripe from 'stripe';

/**
 * What a failed Stripe call means for this product. Decided from the
 * stripe client's error classes and Stripe's codes, never from our own strings.
 */
export type StripeFailure =
  /** Network error, timeout, 5xx, 429: Stripe did not answer usefully; retrying later may work. */
  | 'unavailable'
  /** OAuth `invalid_grant`: the code is unknown, used, expired or another platform's. */
  | 'invalid_grant'
  /** OAuth `invalid_grant` refused because of the key's mode (live/test). */
  | 'invalid_grant_mode'
  /** 403 / `account_invalid`: the platform has no access to the account (revoked). */
  | 'no_access'
  /** OAuth `invalid_client` on deauthorize: the account is not connected to this platform. */
  | 'not_connected'
  /** Anything else: a configuration or programming problem. */
  | 'other';

/**
 * Stripe gives no structured field for a mode mismatch inside `invalid_grant`
 * (its error_description says e.g. "Passed in livemode API key but
 * authorization code only supports returning test keys"), so this is the one
 * place that reads Stripe's description.
 */
const MODE_WORDING = /\b(live ?mode|test ?mode)\b/i;

export function classifyStripeError(error: unknown): StripeFailure {
  if (!(error instanceof Stripe.errors.StripeError)) return 'other';
  if (error instanceof Stripe.errors.StripeConnectionError) return 'unavailable';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'unavailable';
  if (error instanceof Stripe.errors.StripeInvalidGrantError) {
    return MODE_WORDING.test(error.message ?? '') ? 'invalid_grant_mode' : 'invalid_grant';
  }
  if (error instanceof Stripe.errors.StripeInvalidClientError) return 'not_connected';
  if (error instanceof Stripe.errors.StripePermissionError || error.code === 'account_invalid') return 'no_access';
  if (error instanceof Stripe.errors.StripeAPIError && (error.statusCode ?? 500) >= 500) return 'unavailable';
  if (error.statusCode !== undefined && error.statusCode >= 500) return 'unavailable';
  return 'other';
}
