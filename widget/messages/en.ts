/**
 * The English texts of the card (what the first paint shows): the reference
 * every other locale must match (`fr: Messages`, the type in `../model.ts`). The panels' texts are in
 * `en-help.ts`, loaded with the first panel.
 *
 * Placeholders, filled in by the element: `{date}`; `{platform}`, the host
 * product's name; `{account}`, the Stripe account's name; `{name}`, a
 * person's (who connected). `{name|words}`
 * reads `words` where the name is not known, so that every text reads well
 * without it.
 */

export const en = {
  stripe: 'Stripe',
  state: {
    not_connected: 'Not connected',
    connected: 'Connected',
    needs_attention: 'Needs attention',
    legacy: 'Update needed',
    disconnected: 'Disconnected',
  },
  loading: 'Checking…',
  unknown: 'Unknown',
  problem: {
    deauthorized: '{platform|The connection} was removed from your Stripe account on {date}. Reconnect to take payments again.',
    access_revoked: 'Since {date}, {platform|we} can no longer use your Stripe account. Reconnect to take payments again.',
    payments_paused: 'Since {date}, Stripe has paused {paused|payments} on this account.',
    legacy_setup: 'This connection uses an older setup (pasted API keys). Reconnect through Stripe to keep payments working.',
  },
  /** What Stripe paused, in `problem.payments_paused`. */
  paused: { both: 'payments and payouts', charges: 'payments', payouts: 'payouts' },
  intro: {
    not_connected: 'Connect your Stripe account to take payments.',
    disconnected: 'Connect again when you are ready.',
  },
  field: {
    name: 'Account',
    id: 'Account ID',
    key: 'Publishable key',
  },
  dates: {
    connected: 'Connected on {date}.',
    connectedBy: 'Connected by {name} on {date}.',
    checked: 'Last checked {date}.',
  },
  action: {
    check: 'Check again',
    connect: 'Connect Stripe',
    reconnect: 'Reconnect',
    disconnect: 'Disconnect',
  },
};
