/**
 * The English catalog: the reference every other locale must match
 * (`satisfies Messages`). `{date}` is filled in by the element.
 *
 * The troubleshooting texts are in `en-help.ts`, loaded with the first panel.
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
    deauthorized: 'This app was removed from your Stripe account on {date}. Reconnect to take payments again.',
    access_revoked: 'Stripe refused access on {date}. Reconnect to restore it.',
    payments_paused: 'Stripe paused payments on this account on {date}. Open your Stripe Dashboard to see what Stripe needs.',
    legacy_setup: 'This connection uses an older setup (pasted API keys). Reconnect through Stripe to keep payments working.',
  },
  intro: {
    not_connected: 'Connect your Stripe account to take payments.',
    disconnected: 'Connect again when you are ready.',
  },
  field: {
    name: 'Account',
    id: 'Account ID',
    key: 'Publishable key',
    connectedAt: 'Connected',
    checkedAt: 'Last checked',
  },
  action: {
    check: 'Check again',
    connect: 'Connect Stripe',
    reconnect: 'Reconnect',
    disconnect: 'Disconnect',
    cancel: 'Cancel',
    start: 'Continue to Stripe',
    retry: 'Try again',
    here: 'Continue in this window',
    copy: 'Copy details for support',
    support: 'Contact support',
    close: 'Close',
  },
  prepare: {
    title: 'Before you start',
    access: 'You need access to the Stripe account and the Administrator role in it.',
    pick: 'In Stripe, pick this account:',
    any: 'In Stripe, pick the account to use, or create one.',
    popup: 'Stripe opens in a new window.',
    redirect: 'Stripe opens in this window, then brings you back.',
  },
  wait: {
    popup: 'Waiting for Stripe… Finish in the Stripe window.',
    redirect: 'Opening Stripe…',
  },
  confirm: {
    title: 'Disconnect Stripe?',
    body: 'Payments through Stripe stop until you connect again. Your Stripe account does not change.',
  },
  copied: 'Details copied.',
  copyHand: 'The clipboard is not available: copy these details by hand.',
  details: 'Details for support',
};

export type Messages = typeof en;
