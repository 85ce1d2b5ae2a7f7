import { ReconnectError } from '../errors.js';
import { StripeCallError } from '../stripe/gateway.js';

/**
 * Why a re-check got no definite answer: Stripe's rate limit (slow down),
 * the platform's own key refused (no tenant's problem: an error to log),
 * Stripe unreachable (try later), or something of ours (the database).
 */
export type RecheckFailure = 'rate_limited' | 'platform_key' | 'unavailable' | 'internal';

/** The HTTP status Stripe answered, read down the cause chain (our errors wrap the stripe client's). */
function stripeStatus(error: unknown): number | null {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const status = (cause as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return status;
  }
  return null;
}

export function classifyRecheckFailure(error: unknown): RecheckFailure {
  const status = stripeStatus(error);
  if (status === 429) return 'rate_limited';
  if (status === 401) return 'platform_key';
  if (error instanceof ReconnectError && error.code === 'stripe_unavailable') return 'unavailable';
  // Any other answer Stripe gave that is not about the account (a 400 on our request, a 404): not the tenant's doing either.
  if (error instanceof StripeCallError) return 'unavailable';
  return 'internal';
}
