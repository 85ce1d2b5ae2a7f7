import Stripe from 'stripe';
import { classifyStripeError, type StripeFailure } from './classify.js';

/** The parts of a token exchange this product keeps. The access token is deliberately not among them. */
export interface Grant {
  accountId: string;
  livemode: boolean;
  publishableKey: string | null;
  refreshToken: string | null;
  scope: string | null;
}

/** Stripe's `requirements` hash, as far as payments paused and the warning before it need it. */
export interface AccountRequirements {
  /** Why charges or payouts are off (`requirements.past_due`, `under_review`, `rejected.fraud`…); null while both work. */
  disabledReason: string | null;
  /** Fields whose deadline has passed. */
  pastDue: string[];
  /** Fields Stripe needs by `currentDeadline`. */
  currentlyDue: string[];
  currentDeadline: Date | null;
}

/** The parts of Stripe's account object the checks and the status need. */
export interface AccountFacts {
  id: string;
  name: string | null;
  /** True when another Connect platform controls the account, so it cannot serve this one. */
  controlledByOtherPlatform: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  requirements: AccountRequirements;
}

/** A failed Stripe call, classified; the original error is kept as `cause` for the log. */
export class StripeCallError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: StripeFailure,
    cause: unknown,
  ) {
    super(`Stripe ${operation} failed: ${failure}`, { cause });
    this.name = 'StripeCallError';
  }
}

/** Per call: how many times the client retries by itself, and how long it waits for Stripe. */
export interface AccountCallOptions {
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export interface StripeGatewayOptions {
  secretKey: string;
  clientId: string;
  webhookSecret: string;
  /** Another Stripe host (the sandbox): the API, Connect OAuth and the authorize page all go there. */
  apiUrl?: string | null;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

/**
 * Every call this product makes to Stripe, through the stripe npm client.
 * Errors come out as `StripeCallError` with a classification.
 */
export interface StripeGateway {
  readonly livemode: boolean;
  authorizeUrl(params: { state: string; redirectUri: string }): string;
  /**
   * `idempotencyKey`: one per completion, so a completion retried after an
   * answer was lost replays Stripe's answer instead of using the code twice.
   */
  exchangeCode(code: string, options?: { idempotencyKey?: string }): Promise<Grant>;
  deauthorize(accountId: string): Promise<'deauthorized' | 'not_connected'>;
  /** `options` for a caller that retries by itself later (the re-checks): no retries of the client's own, a shorter timeout. */
  retrieveAccount(accountId: string, options?: AccountCallOptions): Promise<AccountFacts>;
  platformAccountId(): Promise<string>;
  constructEvent(payload: string, signature: string): Stripe.Event;
}

const CONNECT_URL = 'https://connect.stripe.com';

/** Stripe's words are kept as they are, bounded so a surprise cannot bloat storage or the Status. */
const MAX_WORD = 100;
const MAX_FIELDS = 50;
const words = (list: unknown): string[] =>
  Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string').slice(0, MAX_FIELDS).map((v) => v.slice(0, MAX_WORD)) : [];

function requirementsOf(requirements: Stripe.Account.Requirements | null | undefined): AccountRequirements {
  const reason = requirements?.disabled_reason;
  const deadline = requirements?.current_deadline;
  return {
    disabledReason: typeof reason === 'string' && reason ? reason.slice(0, MAX_WORD) : null,
    pastDue: words(requirements?.past_due),
    currentlyDue: words(requirements?.currently_due),
    // Unix seconds on the wire.
    currentDeadline: typeof deadline === 'number' && Number.isFinite(deadline) ? new Date(deadline * 1000) : null,
  };
}

export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const { secretKey, clientId, webhookSecret, apiUrl = null, timeoutMs = 10_000, maxNetworkRetries = 2 } = options;
  const target = apiUrl ? new URL(apiUrl) : null;
  const stripe = new Stripe(secretKey, {
    ...(target && {
      host: target.hostname,
      port: target.port || (target.protocol === 'https:' ? 443 : 80),
      protocol: target.protocol === 'https:' ? 'https' : 'http',
    }),
    timeout: timeoutMs,
    maxNetworkRetries,
    telemetry: false,
    appInfo: { name: 'stripe-reconnect' },
  });
  const connectBase = target ? target.origin : CONNECT_URL;
  let platformId: Promise<string> | null = null;

  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StripeCallError(operation, classifyStripeError(error), error);
    }
  }

  return {
    livemode: secretKey.startsWith('sk_live_') || secretKey.startsWith('rk_live_'),

    authorizeUrl({ state, redirectUri }) {
      // Built here rather than with stripe.oauth.authorizeUrl, which always says https and drops the port.
      const url = new URL('/oauth/authorize', connectBase);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        scope: 'read_write',
        redirect_uri: redirectUri,
        state,
      }).toString();
      return url.toString();
    },

    async exchangeCode(code, options = {}) {
      // stripe-node sends one Idempotency-Key per call and keeps it across its retries, so an answer
      // lost on the wire is replayed rather than met with "code already used" (which revokes the tokens).
      // The caller's key (one per completion) carries that across a retried completion too. It must not
      // be derived from the code: a used code brought back by another flow must really be exchanged
      // again, and refused.
      const { idempotencyKey } = options;
      const token = await call('oauth.token', () =>
        stripe.oauth.token({ grant_type: 'authorization_code', code }, idempotencyKey ? { idempotencyKey } : undefined),
      );
      return {
        accountId: token.stripe_user_id ?? '',
        livemode: token.livemode === true,
        publishableKey: token.stripe_publishable_key ?? null,
        refreshToken: token.refresh_token ?? null,
        scope: token.scope ?? null,
      };
    },

    async deauthorize(accountId) {
      try {
        await call('oauth.deauthorize', () => stripe.oauth.deauthorize({ client_id: clientId, stripe_user_id: accountId }));
        return 'deauthorized';
      } catch (error) {
        if (error instanceof StripeCallError && error.failure === 'not_connected') return 'not_connected';
        throw error;
      }
    },

    async retrieveAccount(accountId, options = {}) {
      const request = {
        ...(options.maxNetworkRetries !== undefined && { maxNetworkRetries: options.maxNetworkRetries }),
        ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
      };
      const account = await call('accounts.retrieve', () => stripe.accounts.retrieve(accountId, {}, request));
      return {
        id: account.id,
        name: account.settings?.dashboard?.display_name ?? account.business_profile?.name ?? null,
        controlledByOtherPlatform: account.controller?.type === 'application' && account.controller.is_controller === false,
        // Stripe always sends both; an answer without them says nothing about a pause, so it is not read as one.
        chargesEnabled: account.charges_enabled !== false,
        payoutsEnabled: account.payouts_enabled !== false,
        requirements: requirementsOf(account.requirements),
      };
    },

    platformAccountId() {
      // The platform's own id never changes; ask once, but ask again if asking failed.
      platformId ??= call('accounts.retrieveCurrent', () => stripe.accounts.retrieveCurrent()).then(
        (account) => account.id,
        (error) => {
          platformId = null;
          throw error;
        },
      );
      return platformId;
    },

    constructEvent(payload, signature) {
      return stripe.webhooks.constructEvent(payload, signature, webhookSecret, 300);
    },
  };
}
