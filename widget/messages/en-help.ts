/**
 * The English texts of the panels: a chunk of their own, loaded when the
 * first panel opens, so a page whose connection works never downloads them.
 * Their shape, placeholders and bold words are described by `Help` in
 * `../model.ts`.
 */
import type { Help } from '../model.js';

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
    login: 'Log in to Stripe in this browser first.',
    role: 'You need the Administrator role in the Stripe account.',
    pick: "Stripe's list shows your accounts by name: pick {account}, the account shown above.",
    pickKey:
      "This page knows the account only by its publishable key, shown above. Stripe's list shows accounts by name: if you are not sure which one it is, look for that key in each account under Developers > API keys.",
    any: 'In Stripe, pick the account to use, or create one.',
    who: "{name} connected Stripe here on {date}: if you can't find the account, ask them.",
    legacy: 'No API keys or webhooks to paste any more: Stripe connects the account for you.',
    subscriptions: {
      kept: 'Your subscriptions and customers stay in your Stripe account: pick this same account and renewals carry on as before.',
      broken: 'Your subscriptions stay in your Stripe account, but the renewals charged through {platform|us} fail until it is reconnected: pick this same account and they go through again.',
      left: 'Subscriptions stay in the Stripe account they were made in: the renewals charged through {platform|us} go through only while that account is connected here.',
    },
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
    body: 'Payments through Stripe stop until you connect again, and the renewals of your subscriptions charged through {platform|us} fail meanwhile. Your subscriptions, customers and Stripe account stay as they are.',
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
    "Still failing? In Stripe, open Settings > Team and security > Installed apps and find {platform|this service's name} in the list. Click **Revoke access** (Stripe's word for uninstalling it), then reconnect here.",
  switch: 'To use another Stripe account on purpose: Disconnect, then Connect Stripe. Your subscriptions stay in the old account, and from then on the renewals charged there through {platform|us} fail.',
  works: 'Your connection to {account|Stripe} still works.',
  broken: 'Your {account|Stripe} connection still needs reconnecting.',
  who: 'Ask {name}: they connected Stripe here, so they most likely have access to the right Stripe account.',
  ineligible: 'If Stripe showed your account as ineligible, it was created through another app: use an account created directly with Stripe.',
  invalidConnected: 'Stripe is connected, as the card above shows: nothing more to do.',
  livemode: {
    test: `This is a test account; {platform|this service} takes live payments. ${UNCHANGED}`,
    live: `This is a live account; {platform|this service} is set up for test payments only. ${UNCHANGED}`,
  },
  compare: { picked: 'You picked', expected: 'Pick instead' },
  paused: {
    title: {
      both: "Customers can't pay you, and payouts are on hold",
      charges: "Customers can't pay you",
      payouts: 'Payouts to your bank are on hold',
    },
    reason: {
      due: 'Stripe is waiting for information about your business or identity.',
      review: 'Stripe is reviewing this account.',
      rejected: 'Stripe has closed this account to payments.',
      platform: '{platform|We} paused payments on this account.',
      other: 'Stripe needs you to act in your Stripe account.',
    },
    deadline: { future: "Stripe's deadline: {date}.", past: "Stripe's deadline was {date}." },
    works: {
      both: 'Money already in your Stripe balance stays there until this is fixed.',
      charges: 'Money already in your Stripe balance is still paid out to your bank.',
      payouts: 'Customers can still pay you: the money waits in your Stripe balance until this is fixed.',
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
    access_denied: ['The connection was not finished', `You left Stripe before approving. ${UNCHANGED}`, 'Start again and finish in Stripe.'],
    invalid_state: [
      'This attempt has ended',
      `It expired, or it was finished in another window, so this page did nothing with it. ${UNCHANGED}`,
      'Start again if you still need to, and finish within 10 minutes in the Stripe window that opens.',
    ],
    authorization_expired: [
      "Stripe's approval came too late",
      `Stripe's approval is good for a few minutes only, and this one came back too late, or twice. ${UNCHANGED}`,
      'Start again and go through Stripe without stopping halfway.',
    ],
    account_ineligible: [
      "This account can't be connected here",
      "Stripe won't connect it to {platform|this service}: another service created it or controls it, or it is {platform|this service}'s own account.",
      'Pick another Stripe account, or create one in the Stripe window.',
      'To use this account anyway: open it in Stripe, Settings > Team and security > Installed apps, find that other service and click **Revoke access**. Then try again here.',
    ],
    stripe_unavailable: ["Stripe isn't answering", `We couldn't reach Stripe. ${UNCHANGED}`, 'Wait a minute, then try again.'],
    account_mismatch: [
      'A different account was picked',
      'We did not link {picked|the account you picked}.',
      "In Stripe's list of accounts, pick {account|the account whose publishable key is shown above (this page knows it only by its key)}.",
      "Stripe's list shows each account's name and email. Still not sure? In Stripe, Developers > API keys shows an account's publishable key: it must be the one above.",
    ],
    account_already_integrated: [
      'This account is already in use',
      `{picked|This Stripe account} is already connected to another workspace on {platform|this service}. ${UNCHANGED}`,
      'Pick another Stripe account. If that other workspace is yours too, take payments there, or disconnect Stripe in it first and then connect the account here.',
    ],
    livemode_mismatch: [
      "Test and live accounts don't mix",
      `The account you picked is in Stripe's other mode: a test account where live payments are taken, or the other way round. ${UNCHANGED}`,
      DEAD_END,
    ],
    flow_cancelled: ['The Stripe window closed', `It closed before the end. ${UNCHANGED}`, 'Try again, and finish in the Stripe window before closing it.'],
    popup_blocked: [
      'The Stripe window was blocked',
      'Your browser blocked it.',
      'Continue in this window: Stripe opens here, then brings you back. Or allow pop-ups for this site and start again.',
    ],
    session_invalid: ["Your sign-in couldn't be checked", "This page couldn't confirm that it is you.", RELOAD],
    session_expired: ['Your sign-in on this page timed out', 'This page was open a long time.', RELOAD],
    unauthorized: ['You are not signed in', "This page couldn't confirm who you are.", RELOAD],
    validation_failed: ["This page isn't set up for Stripe", "Often because this page's address isn't allowed.", DEAD_END],
    not_found: ["Your Stripe settings couldn't be loaded", `This page asked for this workspace's Stripe settings and got nothing it could use. ${UNCHANGED}`, RELOAD, SUPPORT],
    rate_limited: ['Too many attempts', 'There were many attempts in a short time.', 'Wait a minute, then try again.'],
    internal: ['Something went wrong', `We hit a problem, or the network dropped. ${UNCHANGED}`, 'Try again in a moment.', SUPPORT],
  },
  ineligibleExpected: [
    "This account can't be connected",
    "Stripe won't connect it to {platform|this service}: it is {platform|this service}'s own account, or another service controls it, and only that service can use it.",
    DEAD_END,
  ],
} satisfies Help;
