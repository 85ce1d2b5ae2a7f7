/**
 * The English troubleshooting texts: a chunk of their own, loaded when the
 * first panel opens, so a page whose connection works never downloads them.
 * Each entry is `[title, what happened, ...steps]`.
 */
import type { ErrorCode } from '../../contract/codes.js';

const INELIGIBLE =
  'If Stripe showed your account as ineligible, it was created through another app: use an account created directly with Stripe.';
const RELOAD = 'Reload this page and try again, or sign in again.';
const SUPPORT = 'If it keeps happening, copy the details for support and contact support.';
const UNCHANGED = 'Nothing changed.';

export const enHelp = {
  again: 'If it keeps failing: in Stripe, open Settings > Installed apps, remove this app, then reconnect.',
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
      'It is this app\'s own account (Stripe says "Account cannot connect to itself") or one controlled by another platform.',
      'Disconnect it from the other platform, or use another account.',
    ],
    stripe_unavailable: ["Stripe isn't answering", `We couldn't reach Stripe. ${UNCHANGED}`, 'Wait a minute, then try again.'],
    account_mismatch: [
      'A different account was picked',
      'It is not the account of this connection, so we disconnected it. Your connection is unchanged.',
      'In Stripe, compare the accounts with this one: pick the one whose name and publishable key match.',
      INELIGIBLE,
    ],
    account_already_integrated: [
      'This account is already in use',
      `It is connected to another workspace here. ${UNCHANGED}`,
      'Pick another account, or use the workspace that has it.',
    ],
    livemode_mismatch: [
      'Test and live modes differ',
      `The account was connected in the wrong mode. ${UNCHANGED}`,
      'In Stripe, switch Test mode to match this app, then try again.',
    ],
    flow_cancelled: [
      'The Stripe window closed',
      `It closed before the end. ${UNCHANGED}`,
      'Try again, or continue in this window if it keeps closing.',
      INELIGIBLE,
    ],
    popup_blocked: [
      'The Stripe window was blocked',
      'Your browser blocked it.',
      'Continue in this window, or allow pop-ups for this site and try again.',
    ],
    session_invalid: ['Your session is not valid', 'This page could not prove your session.', RELOAD],
    session_expired: ['Your session expired', 'This page was open a long time.', RELOAD],
    unauthorized: ['You are not signed in', "This page couldn't confirm who you are.", RELOAD],
    validation_failed: ['The request was refused', "Often because this page's address isn't allowed.", SUPPORT],
    not_found: ["The connection wasn't found", 'Your Stripe settings were not found.', RELOAD, SUPPORT],
    rate_limited: ['Too many attempts', 'There were many attempts in a short time.', 'Wait a minute, then try again.'],
    internal: ['Something went wrong', `The server failed or couldn't be reached. ${UNCHANGED}`, 'Try again in a moment.', SUPPORT],
  },
} satisfies Help;

export interface Help {
  /** The last step of a flow that fails the same way twice. */
  again: string;
  code: Record<ErrorCode, readonly [title: string, what: string, ...steps: string[]]>;
}
