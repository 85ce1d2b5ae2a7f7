import type { AccountRecord } from './seed.js';

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
  const currentlyDue = account.detailsSubmitted ? [] : ['business_profile.mcc', 'business_profile.url', 'external_account', 'tos_acceptance.date'];
  const requirements = {
    alternatives: [],
    current_deadline: null,
    currently_due: currentlyDue,
    disabled_reason: account.detailsSubmitted ? null : 'requirements.past_due',
    errors: [],
    eventually_due: currentlyDue,
    past_due: currentlyDue,
    pending_verification: [],
  };
  const capability = account.chargesEnabled ? 'active' : 'inactive';
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
    capabilities: { card_payments: capability, transfers: capability },
    charges_enabled: account.chargesEnabled,
    controller,
    country: account.country,
    created: account.created,
    default_currency: account.defaultCurrency,
    details_submitted: account.detailsSubmitted,
    email: account.email,
    future_requirements: { ...requirements, currently_due: [], disabled_reason: null, eventually_due: [], past_due: [] },
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
