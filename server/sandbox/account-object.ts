import type { AccountRequirements, DisabledReason } from './requirements.js';
import type { AccountRecord } from './seed.js';

const PENDING_REASONS = new Set<DisabledReason | null>(['requirements.pending_verification', 'under_review']);

/** Stripe's `requirements` hash (or an empty `future_requirements` for null): keys in Stripe's order, `current_deadline` in unix seconds. */
function requirementsHash(r: AccountRequirements | null) {
  return {
    alternatives: [],
    current_deadline: r?.currentDeadline ?? null,
    currently_due: [...(r?.currentlyDue ?? [])],
    disabled_reason: r?.disabledReason ?? null,
    errors: [],
    eventually_due: [...(r?.eventuallyDue ?? [])],
    past_due: [...(r?.pastDue ?? [])],
    pending_verification: [...(r?.pendingVerification ?? [])],
  };
}

/**
 * Stripe's account object (`object: 'account'`) as a given platform sees it.
 * `controller` depends on who asks: an account created and controlled by a
 * platform reads `{ type: 'application', is_controller: true }` to that
 * platform and `is_controller: false` to any other, which is how a platform
 * learns that an account is not its to use.
 */
export function accountObject(account: AccountRecord, viewerClientId: string | null) {
  // A Standard account created through the API by a platform stays controlled by that platform.
  const controller = {
    fees: { payer: 'account' },
    is_controller: account.controlledBy !== null && account.controlledBy === viewerClientId,
    losses: { payments: 'stripe' },
    requirement_collection: 'stripe',
    stripe_dashboard: { type: 'full' },
    type: account.controlledBy !== null ? 'application' : 'account',
  };
  const requirements = requirementsHash(account.requirements);
  // Verification still running reads `pending`, as on Stripe; any other stop reads `inactive`.
  const stopped = PENDING_REASONS.has(account.requirements.disabledReason) ? 'pending' : 'inactive';
  return {
    id: account.id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: account.detailsSubmitted ? '5734' : null,
      minority_owned_business_designation: null,
      name: account.name,
      product_description: null,
      support_address: null,
      support_email: account.detailsSubmitted ? account.email : null,
      support_phone: null,
      support_url: null,
      url: account.url,
    },
    business_type: account.detailsSubmitted ? 'company' : null,
    capabilities: {
      card_payments: account.chargesEnabled ? 'active' : stopped,
      transfers: account.payoutsEnabled ? 'active' : stopped,
    },
    charges_enabled: account.chargesEnabled,
    controller,
    country: account.country,
    created: account.created,
    default_currency: account.defaultCurrency,
    details_submitted: account.detailsSubmitted,
    email: account.email,
    // Nothing announced for later: what the controls set is due now.
    future_requirements: requirementsHash(null),
    metadata: {},
    payouts_enabled: account.payoutsEnabled,
    requirements,
    settings: {
      bacs_debit_payments: { display_name: null, service_user_number: null },
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_issuing: { tos_acceptance: { date: null, ip: null } },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: account.name, timezone: 'Etc/UTC' },
      invoices: { default_account_tax_ids: null, hosted_payment_method_save: 'offer' },
      payments: {
        statement_descriptor: account.name.toUpperCase().slice(0, 22),
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
      },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null },
      sepa_debit_payments: {},
    },
    tos_acceptance: { date: account.detailsSubmitted ? account.created : null },
    type: 'standard',
  };
}

/** The account object's JSON shape, as the API and `account.updated` events carry it. */
export type AccountObject = ReturnType<typeof accountObject>;
