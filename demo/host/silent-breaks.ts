import type { Sandbox } from '../../server/sandbox/index.js';

/**
 * What Stripe can do to an account without telling the platform: the
 * webhook that would say it is lost (an endpoint disabled after failures, a
 * deploy that dropped it). Only a re-check of the connection can find these.
 * `restore` is the way back, just as silent: a re-check finds the repair.
 */
export const SILENT_BREAKS = ['revoke', 'pause_charges', 'pause_payouts', 'information_due', 'restore'] as const;
export type SilentBreak = (typeof SILENT_BREAKS)[number];

/** The last silent change of the workspace's account, as the QA drawer shows it. */
export interface SilentChange {
  kind: SilentBreak;
  accountId: string;
  at: string;
}

/** Days until the deadline of "information due", as the scenario with a webhook. */
const DUE_IN_DAYS = 6;

/**
 * Does it in the sandbox, every time with `webhook: false`: the state of the
 * connection on record does not change until something asks Stripe.
 */
export function breakSilently(sandbox: Sandbox, accountId: string, kind: SilentBreak, now = new Date()): SilentChange {
  const webhook = false;
  switch (kind) {
    case 'revoke':
      sandbox.revoke(accountId, { webhook });
      break;
    case 'pause_charges':
      // Payouts go on: what the owner still has is part of what the card explains.
      sandbox.pauseAccount(accountId, { chargesEnabled: false, payoutsEnabled: true, reason: 'requirements.past_due', webhook });
      break;
    case 'pause_payouts':
      sandbox.pauseAccount(accountId, { chargesEnabled: true, payoutsEnabled: false, reason: 'requirements.past_due', webhook });
      break;
    case 'information_due':
      sandbox.requireInformation(accountId, { deadline: new Date(now.getTime() + DUE_IN_DAYS * 86_400_000).toISOString(), webhook });
      break;
    case 'restore':
      sandbox.clearAccount(accountId, { webhook });
      break;
  }
  return { kind, accountId, at: now.toISOString() };
}
