/**
 * The English texts of the panels: a chunk of their own, loaded when the
 * first panel opens, so a page whose connection works never downloads them.
 * Their shape, placeholders and bold words are described by `Help` in
 * `../model.ts`.
 */
import type { Help } from '../model.js';

const INELIGIBLE =
  'If Stripe showed your account as ineligible, it was created through another app: use an account created directly with Stripe.';
const RELOAD = 'Reload this page and try again, or sign in again.';
const SUPPORT = 'If it keeps happening, copy the details for support and contact support.';
const UNCHANGED = 'Nothing changed.';
const DEAD_END = "You can't fix this from your side: copy the details for support and contact {platform|our} support.";

export const enHelp = {
  locale: 'en',
  action: {
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
    access: 'Access to the Stripe account.',
    role: 'The Administrator role in that account.',
    pick: 'In Stripe, pick the account shown above: same name and publishable key.',
    any: 'In Stripe, pick the account to use, or create one.',
    popup: 'Stripe opens in a new window.',
    redirect: 'Stripe opens in this window, then brings you back.',
  },
  wait: {
    title: 'Waiting for Stripe…',
    popup: 'Finish in the Stripe window.',
    redirect: 'Opening Stripe…',
    elsewhere: 'Finish in the Stripe window: this page updates by itself when you are done. If you closed that window, press Cancel.',
    finishing: 'Back from Stripe in the other window: finishing there…',
  },
  confirm: {
    title: 'Disconnect Stripe?',
    body: 'Payments through Stripe stop until you connect again. Your Stripe account does not change.',
  },
  done: {
    connected: 'Connected to {account}.',
    reconnected: 'Reconnected to {account}. Subscriptions and settings are unchanged.',
  },
  closeThis: 'Back from Stripe. You can close this window: the page where you started shows the outcome.',
  copied: 'Details copied.',
  copyHand: 'The clipboard is not available: copy these details by hand.',
  details: 'Details for support',
  again:
    'Still failing? In Stripe, open Settings > Team and security > Installed apps, find {platform|the app of this site}, click **Revoke access**, then reconnect here.',
  switch: 'To use another Stripe account on purpose: Disconnect, then Connect Stripe.',
  works: 'Your connection to {account|Stripe} still works.',
  broken: 'Your {account|Stripe} connection still needs reconnecting.',
  who: 'Ask {name}: they connected Stripe here, so they most likely have access to the right Stripe account.',
  compare: { picked: 'You picked', expected: 'Pick instead' },
  paused: {
    title: {
      both: 'Stripe paused payments and payouts',
      charges: 'Stripe paused payments',
      payouts: 'Stripe paused payouts',
    },
    reason: {
      due: 'Stripe is waiting for information about your business or identity.',
      review: 'Stripe is reviewing this account.',
      rejected: 'Stripe has closed this account to payments.',
      platform: '{platform|We} paused payments on this account.',
      other: 'Stripe needs you to act in your Stripe account.',
    },
    deadline: { future: 'Stripe asks for it by {date}.', past: 'It was due on {date}.' },
    works: {
      both: "Customers can't pay you, and payouts to your bank are on hold: money already in your Stripe balance stays there.",
      charges: "Customers can't pay you. Money already in your Stripe balance is still paid out to your bank.",
      payouts: 'Customers can still pay you, but the money stays in your Stripe balance: nothing is paid out to your bank until this is fixed.',
    },
    act: {
      due: 'Open your Stripe Dashboard, follow the banner at the top and give Stripe what it asks for. Then press Check again.',
      review: "Nothing to do unless Stripe asks: watch for Stripe's email. A review usually takes a few business days; then press Check again.",
      rejected: 'Reconnecting will not change this. Only Stripe can explain or lift it: contact Stripe support.',
      platform: 'Reconnecting will not change this: contact {platform|our} support to find out why.',
    },
  },
  warning: 'Stripe needs information from you by {date}. Payments work until then; after that date, Stripe may pause them.',
  link: { dashboard: 'Open your Stripe Dashboard', stripeSupport: 'Contact Stripe support' },
  code: {
    access_denied: ['The connection was not finished', `You left Stripe before approving. ${UNCHANGED}`, 'Start again and finish in Stripe.', INELIGIBLE],
    invalid_state: [
      'This link is no longer valid',
      'It expired, was used already, or came from another window, so this page did not use it.',
      'If the status above says Connected, Stripe finished the job: nothing more to do.',
      'Otherwise, start again and finish within 10 minutes, in the newest Stripe window.',
    ],
    authorization_expired: ["Stripe's approval expired", `It came too late or was used already. ${UNCHANGED}`, 'Start again and finish without a pause.'],
    account_ineligible: [
      "This account can't be connected",
      'Stripe does not allow it here: it is the Stripe account of {platform|this site} itself ("Account cannot connect to itself"), or one created through another app, which can only be used there.',
      'Pick another Stripe account, or create a new one in the Stripe window.',
      'To use this account here, ask the app that created it to release it first.',
    ],
    stripe_unavailable: ["Stripe isn't answering", `We couldn't reach Stripe. ${UNCHANGED}`, 'Wait a minute, then try again.'],
    account_mismatch: [
      'A different account was picked',
      'We did not link {picked|the account you picked}.',
      'In Stripe, pick the account shown above: same name and publishable key.',
      "Stripe shows an account's name in the account menu at the top left, its ID in Settings > Business > Account details, and its publishable key in Developers > API keys.",
      INELIGIBLE,
    ],
    account_already_integrated: [
      'This account is already in use',
      `{picked|It} is already linked to another account on {platform|this site}. ${UNCHANGED}`,
      'Pick another Stripe account, or take payments from the account here that already uses it.',
    ],
    livemode_mismatch: [
      'Test and live modes differ',
      `The account came back in Stripe's test mode while {platform|this site} takes live payments, or the other way round. ${UNCHANGED}`,
      DEAD_END,
    ],
    flow_cancelled: ['The Stripe window closed', `It closed before the end. ${UNCHANGED}`, 'Try again, or continue in this window if it keeps closing.', INELIGIBLE],
    popup_blocked: [
      'The Stripe window was blocked',
      'Your browser blocked it.',
      'Continue in this window, or allow pop-ups for this site and try again.',
    ],
    session_invalid: ["Your sign-in couldn't be checked", "This page couldn't confirm that it is you.", RELOAD],
    session_expired: ['Your sign-in on this page timed out', 'This page was open a long time.', RELOAD],
    unauthorized: ['You are not signed in', "This page couldn't confirm who you are.", RELOAD],
    validation_failed: ["This page isn't set up for Stripe", "Often because this page's address isn't allowed.", DEAD_END],
    not_found: ["The connection wasn't found", 'Your Stripe settings were not found.', RELOAD, SUPPORT],
    rate_limited: ['Too many attempts', 'There were many attempts in a short time.', 'Wait a minute, then try again.'],
    internal: ['Something went wrong', `We hit a problem, or the network dropped. ${UNCHANGED}`, 'Try again in a moment.', SUPPORT],
  },
  ineligibleExpected: [
    "This account can't be connected",
    'Stripe does not allow it here: it is controlled by another app, which is the only one that can use it.',
    DEAD_END,
  ],
} satisfies Help;
