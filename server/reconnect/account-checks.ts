import type { CallbackCode } from '../../contract/codes.js';
import type { ExpectedAccount } from '../../contract/schemas.js';
import type { StripeFailure } from '../stripe/classify.js';
import type { AccountFacts, Grant } from '../stripe/gateway.js';

/**
 * The account checks of docs/design.md, as pure functions over Stripe's answers.
 * `callback.ts` runs them in the table's order and does the I/O between them.
 */

/** What a failed code exchange means for the person. */
export function exchangeFailureCode(failure: StripeFailure): CallbackCode | null {
  switch (failure) {
    case 'invalid_grant':
      return 'authorization_expired';
    case 'invalid_grant_mode':
      return 'livemode_mismatch';
    case 'unavailable':
      return 'stripe_unavailable';
    default:
      return null;
  }
}

/**
 * The account cannot serve this tenant: it is the platform itself ("Account
 * cannot connect to itself"), or Stripe shows another platform controls it.
 */
export function isIneligible(grant: Grant, platformAccountId: string, facts: AccountFacts): boolean {
  return grant.accountId === platformAccountId || facts.controlledByOtherPlatform;
}

/**
 * The chosen account is not the one the tenant must pick. A legacy tenant is
 * known only by its publishable key, which Stripe returns with the grant.
 */
export function isMismatch(expected: ExpectedAccount | null, grant: Grant): boolean {
  if (!expected) return false;
  if (expected.id) return expected.id !== grant.accountId;
  if (expected.publishableKey) return expected.publishableKey !== grant.publishableKey;
  return false;
}

/** Another tenant of this product already owns the chosen account. */
export function isTakenByAnother(owner: string | null, tenantId: string): boolean {
  return owner !== null && owner !== tenantId;
}

/** The token's mode differs from the platform key's. */
export function isWrongMode(grant: Grant, platformLivemode: boolean): boolean {
  return grant.livemode !== platformLivemode;
}
