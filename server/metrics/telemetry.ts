/**
 * What the backend tells its metrics, in its own words: checks with Stripe,
 * flows that ended, and calls to Stripe. The rules call these; only
 * `server/metrics/` knows about Prometheus, so an app without metrics pays
 * for nothing but the no-op.
 */

/** What started a check with Stripe. */
export type CheckTrigger = 'request' | 'recheck' | 'webhook';

/**
 * What a check found: access lost (`broken`), payments paused (`paused`),
 * information due (`warning`), working again (`repaired`), working (`ok`),
 * or no definite answer from Stripe (`unavailable`: a timeout, 5xx, 429,
 * or the platform's own key refused).
 */
export type CheckResult = 'ok' | 'broken' | 'paused' | 'warning' | 'repaired' | 'unavailable';

/** How a call to Stripe ended: answered, refused (4xx), unanswered, or rate limited (429). */
export type StripeCallOutcome = 'ok' | 'error' | 'unavailable' | 'rate_limited';

export interface Telemetry {
  check(trigger: CheckTrigger, result: CheckResult): void;
  /** A flow ended: `success` or its error code (every attempt recorded is one). */
  flowEnded(outcome: string): void;
  stripeCall(operation: string, outcome: StripeCallOutcome, seconds: number): void;
}

export const noTelemetry: Telemetry = {
  check() {},
  flowEnded() {},
  stripeCall() {},
};
