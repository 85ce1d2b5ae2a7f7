import type { ConnectionWarning, StoredPauseDetails } from '../store/index.js';
import type { AccountFacts } from '../stripe/gateway.js';

/**
 * Payments paused, and the warning before it (docs/design.md), as pure functions
 * of Stripe's account facts: whether the account can take payments and pay
 * out, and whether Stripe needs information soon.
 */

/** A deadline at most this far from the observation shows as a warning; a later one does not yet. */
export const WARNING_WINDOW_MS = 14 * 86_400_000;

/** The facts these rules read. */
export type PaymentFacts = Pick<AccountFacts, 'chargesEnabled' | 'payoutsEnabled' | 'requirements'>;

export interface PaymentsHealth {
  /** Set when charges or payouts are off. */
  paused: StoredPauseDetails | null;
  /** Set only while payments work (a pause already carries the deadline). */
  warning: ConnectionWarning | null;
}

/** What Stripe's facts, read at `observedAt`, say about taking payments. */
export function paymentsHealth(facts: PaymentFacts, observedAt: Date): PaymentsHealth {
  const { chargesEnabled, payoutsEnabled, requirements } = facts;
  if (!chargesEnabled || !payoutsEnabled) {
    return {
      paused: { charges: chargesEnabled, payouts: payoutsEnabled, reason: requirements.disabledReason, deadline: requirements.currentDeadline },
      warning: null,
    };
  }
  const deadline = requirements.currentDeadline;
  // A deadline already past still warns: payments work for now, and it is the most urgent case.
  const due = requirements.currentlyDue.length > 0 && deadline !== null && deadline.getTime() - observedAt.getTime() <= WARNING_WINDOW_MS;
  return { paused: null, warning: due ? { code: 'requirements_due', deadline } : null };
}

/** Same warning (code and deadline), or both none: a host hears of a warning once. */
export function sameWarning(a: ConnectionWarning | null, b: ConnectionWarning | null): boolean {
  if (!a || !b) return a === b;
  return a.code === b.code && a.deadline.getTime() === b.deadline.getTime();
}
