import type { ErrorCode } from '../../contract/codes.js';
import type { OAuthState } from '../security/oauth-state.js';
import type { Services } from '../services.js';
import { AccountTakenError, type TenantRecord } from '../store/index.js';
import { StripeCallError, type AccountFacts, type Grant } from '../stripe/gateway.js';
import { exchangeFailureCode, isIneligible, isMismatch, isTakenByAnother, isWrongMode } from './checks.js';
import { hostEventsOf } from './host-events.js';
import { expectedAccount } from './status.js';
import { connected } from './transitions.js';

/** What Stripe sent the browser back with. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

export interface CallbackOutcome {
  /** null on success. */
  code: ErrorCode | null;
  /** The verified state, when there is one: where the outcome may be sent. */
  state: OAuthState | null;
  accountId: string | null;
}

/** Ends the flow early with a code; `attempt` false for requests that are not the tenant's own attempt (replays, forgeries). */
class Stop extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly attempt = true,
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }
}

/**
 * The OAuth callback: checks the state, exchanges the code, runs the account
 * checks in DESIGN.md's order, and records the outcome. A failure anywhere
 * leaves the tenant's record exactly as it was.
 */
export async function runCallback(
  services: Services,
  query: CallbackQuery,
  /** `query.state` as `readState` read it: null when absent, forged or malformed. */
  claims: OAuthState | null,
  requestId: string,
): Promise<CallbackOutcome> {
  const { store, logger } = services;
  const now = services.now();
  let grant: Grant | null = null;

  const record = (outcome: 'success' | 'error', code: ErrorCode | null) =>
    claims
      ? store.tenants.recordAttempt({
          tenantId: claims.tenantId,
          at: now,
          outcome,
          code,
          accountId: grant?.accountId ?? null,
          mode: claims.mode,
          requestId,
        })
      : Promise.resolve();

  try {
    if (query.error) {
      // The person left Stripe's page (or Stripe refused the request); nothing to exchange.
      const fresh = claims ? await store.states.consume(claims.nonce, claims.tenantId, now) : false;
      if (claims && query.error !== 'access_denied') logger.warn('stripe returned an oauth error', { requestId, error: query.error });
      throw new Stop('access_denied', fresh);
    }
    if (!claims) throw new Stop('invalid_state', false);
    if (claims.expiresAt <= now) throw new Stop('invalid_state', true);
    if (!(await store.states.consume(claims.nonce, claims.tenantId, now))) throw new Stop('invalid_state', false);
    if (!query.code) throw new Stop('authorization_expired');

    grant = await exchange(services, query.code);
    // Read what the checks need from storage while Stripe is asked about the account; the checks still run in order.
    const stored = Promise.all([store.tenants.get(claims.tenantId), store.tenants.ownerOf(grant.accountId)]);
    stored.catch(() => {}); // Awaited below; a Stripe failure first must not leave it unhandled.
    const facts = await inspect(services, grant);
    if (isIneligible(grant, await services.stripe.platformAccountId(), facts)) throw new Stop('account_ineligible');

    const [tenant, owner] = await stored;
    if (isMismatch(expectedAccount(tenant), grant)) {
      await releaseStray(services, grant.accountId, requestId);
      throw new Stop('account_mismatch');
    }
    if (isTakenByAnother(owner, claims.tenantId)) throw new Stop('account_already_integrated');
    if (isWrongMode(grant, services.stripe.livemode)) {
      await releaseStray(services, grant.accountId, requestId);
      throw new Stop('livemode_mismatch');
    }

    await connect(services, claims, grant, facts, tenant, now, requestId);
    logger.info('stripe connected', { requestId, tenantId: claims.tenantId, accountId: grant.accountId });
    return { code: null, state: claims, accountId: grant.accountId };
  } catch (error) {
    const stop = error instanceof Stop ? error : toStop(error);
    if (stop.code === 'internal') logger.error('oauth callback failed', { requestId, tenantId: claims?.tenantId, error });
    else logger.info('oauth callback refused', { requestId, code: stop.code, tenantId: claims?.tenantId, cause: stop.cause });
    if (stop.attempt) {
      await record('error', stop.code).catch((recordError: unknown) =>
        logger.error('could not record the attempt', { requestId, error: recordError }),
      );
    }
    return { code: stop.code, state: claims, accountId: grant?.accountId ?? null };
  }
}

function toStop(error: unknown): Stop {
  if (error instanceof AccountTakenError) return new Stop('account_already_integrated', true, { cause: error });
  if (error instanceof StripeCallError && error.failure === 'unavailable') return new Stop('stripe_unavailable', true, { cause: error });
  // A bug or a misconfiguration (e.g. Stripe refusing our key): still a recorded attempt, never a crash page.
  return new Stop('internal', true, { cause: error });
}

async function exchange(services: Services, code: string): Promise<Grant> {
  try {
    return await services.stripe.exchangeCode(code);
  } catch (error) {
    const mapped = error instanceof StripeCallError ? exchangeFailureCode(error.failure) : null;
    if (mapped) throw new Stop(mapped, true, { cause: error });
    throw error;
  }
}

/** Stripe's account object for the chosen account; no access right after connecting means it cannot serve us. */
async function inspect(services: Services, grant: Grant): Promise<AccountFacts> {
  try {
    return await services.stripe.retrieveAccount(grant.accountId);
  } catch (error) {
    if (error instanceof StripeCallError && error.failure === 'no_access') throw new Stop('account_ineligible', true, { cause: error });
    throw error;
  }
}

/**
 * Undoes a connection made only by this attempt. An account that any tenant
 * relies on is left alone: deauthorizing it would break that tenant.
 */
async function releaseStray(services: Services, accountId: string, requestId: string): Promise<void> {
  if ((await services.store.tenants.tenantsWithAccount(accountId)).length > 0) return;
  try {
    await services.stripe.deauthorize(accountId);
  } catch (error) {
    services.logger.warn('could not deauthorize a stray connection', { requestId, accountId, error });
  }
}

async function connect(
  services: Services,
  claims: OAuthState,
  grant: Grant,
  facts: AccountFacts,
  tenant: TenantRecord | null,
  now: Date,
  requestId: string,
): Promise<void> {
  const account = { id: grant.accountId, name: facts.name, publishableKey: grant.publishableKey, livemode: grant.livemode };
  const refreshTokenEnc = grant.refreshToken ? services.cipher.encrypt(grant.refreshToken, claims.tenantId) : null;
  const expectedBefore = expectedAccount(tenant);
  await services.store.tenants.transition({
    tenantId: claims.tenantId,
    now,
    decide(current) {
      // The record moved since the checks (a concurrent flow or webhook): re-check the one rule that depends on it.
      if (isMismatch(expectedAccount(current), grant) && !isMismatch(expectedBefore, grant)) throw new Stop('account_mismatch');
      return connected(current, { account, refreshTokenEnc, facts }, now);
    },
    attempt: { at: now, outcome: 'success', code: null, accountId: grant.accountId, mode: claims.mode, requestId },
    hostEvent: hostEventsOf(services, now),
  });
}
