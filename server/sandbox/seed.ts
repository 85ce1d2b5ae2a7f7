/**
 * The sandbox's fixed world: the platform's credentials, a second platform
 * ("Rocket Rides") that controls one account, and the accounts a person can
 * pick on the authorize page. Ids and keys are constants so that separate
 * processes, the docs and the tests all agree on them.
 *
 * Payments paused and information due, for the demo's QA drawer and the
 * backend's tests, come two ways: an account connected healthy and then
 * changed by a control (`pauseAccount`, `requireInformation`, `clearAccount`:
 * Stripe's `account.updated` tells the platform), or an account already in
 * that condition when it is picked (Epsilon Events, Zeta Studio below: the
 * platform finds out at connect time). Every other seed account is healthy.
 */
import { healthyFacts, informationDueFacts, pausedFacts, type AccountFacts } from './requirements.js';

/** The platform's credentials in the sandbox. Constant, so a backend and a standalone sandbox agree without configuration. */
export const SANDBOX_CREDENTIALS = {
  secretKey: 'sk_test_51SandboxReconnectPlatformSecretKey000000000000',
  clientId: 'ca_SandboxReconnectPlatformClient00',
  webhookSecret: 'whsec_SandboxReconnectWebhookSigningSecret0000',
  platformAccountId: 'acct_1SandboxPlatform',
};

export type SandboxCredentials = typeof SANDBOX_CREDENTIALS;

/** The seed accounts' ids, by role, so tests and the demo can name them. */
export const SANDBOX_ACCOUNTS = {
  /** "Acme Inc": the demo tenant's original account. */
  acme: 'acct_1SandboxAcme0001',
  /** "Beta LLC": a different, eligible account (picking it for Acme's tenant is a mismatch). */
  beta: 'acct_1SandboxBeta0002',
  /** "Partner Shop": created and controlled by another platform (Rocket Rides); ineligible on the picker. */
  partner: 'acct_1SandboxPartner3',
  /** "Gamma Goods": meant to be another tenant's connection. */
  gamma: 'acct_1SandboxGamma004',
  /** "Delta Live": a live-mode account; picking it issues a live-mode code. */
  live: 'acct_1SandboxDelta005',
  /**
   * "Epsilon Events": payments paused by Stripe from the start (charges and
   * payouts off, `requirements.past_due`): connecting it shows the problem at
   * connect time, where pausing a connected account shows it through `account.updated`.
   */
  paused: 'acct_1SandboxEpsln006',
  /**
   * "Zeta Studio": Stripe needs information by a deadline 7 days after the
   * sandbox starts or resets (`currently_due` with a `current_deadline`);
   * charges and payouts still work. Connecting it shows the warning at connect time.
   */
  due: 'acct_1SandboxZeta0007',
  /** The platform's own account, shown as "(your platform)". */
  platform: SANDBOX_CREDENTIALS.platformAccountId,
} as const;

/** The other Connect platform, which created and controls the partner account. */
export const SANDBOX_OTHER_PLATFORM = {
  name: 'Rocket Rides',
  secretKey: 'sk_test_51SandboxRocketRidesSecretKey00000000000000000',
  clientId: 'ca_SandboxRocketRidesPlatform00000',
  accountId: 'acct_1SandboxRocketRd',
} as const;

/** A Connect platform the sandbox knows: its application and its own account. */
export interface SandboxPlatform {
  name: string;
  clientId: string;
  /** The platform's test-mode secret key; its `sk_live_` twin is accepted as the live key. */
  secretKey: string;
  accountId: string;
}

/** One Stripe account as the sandbox keeps it; `AccountFacts` say whether it can take payments. */
export interface AccountRecord extends AccountFacts {
  id: string;
  name: string;
  email: string;
  url: string | null;
  country: string;
  defaultCurrency: string;
  /** The mode the picker connects it in (its Test/Live badge). */
  livemode: boolean;
  publishableKeys: { test: string; live: string };
  /** Unix seconds. */
  created: number;
  /** The client id of the platform that created and controls it; null for an account its owner controls. */
  controlledBy: string | null;
  /** Listed on the authorize page (the person pretends to be a user of every listed account). */
  listed: boolean;
}

function seedAccount(
  id: string,
  name: string,
  slug: string,
  extra: Partial<AccountRecord> & { created: number },
): AccountRecord {
  return {
    id,
    name,
    email: `owner@${slug}.example.com`,
    url: `https://${slug}.example.com`,
    country: 'US',
    defaultCurrency: 'usd',
    livemode: false,
    publishableKeys: { test: `pk_test_51Sandbox${id.slice(13)}PublishableKey`, live: `pk_live_51Sandbox${id.slice(13)}PublishableKey` },
    controlledBy: null,
    listed: true,
    ...healthyFacts(),
    ...extra,
  };
}

const DAY_MS = 86_400_000;

/**
 * The seed, built fresh each time so a reset never shares objects with the
 * state it replaces. `nowMs` (the sandbox's clock) places Zeta's deadline.
 */
export function seedAccounts(platform: SandboxPlatform, nowMs: number): AccountRecord[] {
  return [
    seedAccount(SANDBOX_ACCOUNTS.acme, 'Acme Inc', 'acme', { created: 1_672_531_200 }),
    seedAccount(SANDBOX_ACCOUNTS.beta, 'Beta LLC', 'beta', { created: 1_675_209_600 }),
    seedAccount(SANDBOX_ACCOUNTS.partner, 'Partner Shop', 'partner-shop', {
      created: 1_677_628_800,
      controlledBy: SANDBOX_OTHER_PLATFORM.clientId,
    }),
    seedAccount(SANDBOX_ACCOUNTS.gamma, 'Gamma Goods', 'gamma', { created: 1_680_307_200 }),
    seedAccount(SANDBOX_ACCOUNTS.live, 'Delta Live', 'delta', { created: 1_682_899_200, livemode: true }),
    seedAccount(SANDBOX_ACCOUNTS.paused, 'Epsilon Events', 'epsilon', {
      created: 1_685_577_600,
      ...pausedFacts({ chargesEnabled: false, payoutsEnabled: false, reason: 'requirements.past_due' }, true, nowMs),
    }),
    seedAccount(SANDBOX_ACCOUNTS.due, 'Zeta Studio', 'zeta', {
      created: 1_688_169_600,
      ...informationDueFacts({ deadline: Math.floor((nowMs + 7 * DAY_MS) / 1000) }, true, nowMs),
    }),
    seedAccount(platform.accountId, platform.name, 'platform', { created: 1_640_995_200 }),
    seedAccount(SANDBOX_OTHER_PLATFORM.accountId, SANDBOX_OTHER_PLATFORM.name, 'rocketrides', {
      created: 1_641_081_600,
      listed: false,
    }),
  ];
}
