import type { StripeGateway } from '../stripe/gateway.js';
import { StripeCallError } from '../stripe/gateway.js';
import type { StripeCallOutcome, Telemetry } from './telemetry.js';

/** The stripe client's status code, down the cause chain of a failed call. */
function statusOf(error: unknown): number | null {
  const status = (error instanceof StripeCallError ? (error.cause as { statusCode?: unknown } | undefined) : null)?.statusCode;
  return typeof status === 'number' ? status : null;
}

function outcomeOf(error: unknown): StripeCallOutcome {
  if (statusOf(error) === 429) return 'rate_limited';
  return error instanceof StripeCallError && error.failure === 'unavailable' ? 'unavailable' : 'error';
}

/**
 * The gateway with every call to Stripe timed into
 * `stripe_reconnect_stripe_request_duration_seconds` (operation, outcome).
 * The operation is the gateway's method: a fixed set, never an id.
 */
export function instrumentGateway(gateway: StripeGateway, telemetry: Telemetry): StripeGateway {
  async function timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await call();
      telemetry.stripeCall(operation, 'ok', (performance.now() - started) / 1_000);
      return result;
    } catch (error) {
      telemetry.stripeCall(operation, outcomeOf(error), (performance.now() - started) / 1_000);
      throw error;
    }
  }
  return {
    livemode: gateway.livemode,
    authorizeUrl: (params) => gateway.authorizeUrl(params),
    constructEvent: (payload, signature) => gateway.constructEvent(payload, signature),
    exchangeCode: (code, options) => timed('oauth.token', () => gateway.exchangeCode(code, options)),
    deauthorize: (accountId) => timed('oauth.deauthorize', () => gateway.deauthorize(accountId)),
    retrieveAccount: (accountId, options) => timed('accounts.retrieve', () => gateway.retrieveAccount(accountId, options)),
    platformAccountId: () => timed('accounts.retrieveCurrent', () => gateway.platformAccountId()),
  };
}
