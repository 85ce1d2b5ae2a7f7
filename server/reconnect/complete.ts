import { ERROR_CODES, type ErrorCode } from '../../contract/codes.js';
import type { Person, PickedAccount, Status } from '../../contract/schemas.js';
import { ReconnectError } from '../errors.js';
import { completionKey } from '../security/completion-handle.js';
import type { SessionClaims } from '../security/session-token.js';
import type { Services } from '../services.js';
import { AccountTakenError, type AttemptRecord, type CompletionRecord, type TenantRecord } from '../store/index.js';
import { StripeCallError, type AccountFacts, type Grant } from '../stripe/gateway.js';
import { exchangeFailureCode, isIneligible, isMismatch, isTakenByAnother, isWrongMode } from './account-checks.js';
import { personOf } from './person.js';
import { expectedAccount, toStatus } from './status.js';
import { connected } from './transitions.js';

/** Who redeems a handle: the session of `POST /connect/complete` and the page it came from. */
export interface CompleteFlowInput {
  handle: string;
  session: SessionClaims;
  /** The request's `Origin`: it must be the flow's own page. */
  origin: string | null;
  requestId: string;
}

/** The account errors name the account that was picked, so the panel can show it beside the expected one. */
const NAMES_ACCOUNT = new Set<ErrorCode>(['account_mismatch', 'account_already_integrated', 'account_ineligible', 'livemode_mismatch']);

/** Ends the completion with a code; the account picked in Stripe, when known. */
class Stop extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly account: PickedAccount | null = null,
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }
}

/**
 * `POST /connect/complete`: redeems the one-time handle the callback gave
 * the browser, and only then exchanges the code and runs the account checks
 * in docs/design.md's order, recording the outcome. A handle that is not this
 * session's (unknown, used, expired, another tenant's, person's or page's)
 * exchanges nothing and is left as it was. A failure anywhere leaves the
 * tenant's record exactly as it was; when Stripe could not be reached the
 * handle may be presented again. Answers the tenant's Status once connected.
 */
export async function completeFlow(services: Services, input: CompleteFlowInput): Promise<Status> {
  const { store, logger } = services;
  const { session, requestId } = input;
  const now = services.now();
  const key = completionKey(input.handle);
  const by = { tenantId: session.tenantId, userId: session.user?.id ?? null, origin: input.origin ?? '' };
  const person = personOf(session.user);
  const claim = key ? await store.flows.claimCompletion(key, by, now) : null;
  if (!key || !claim) {
    if (key) await recordLateCompletion(services, key, by, person, now, requestId);
    logger.info('completion refused', { requestId, tenantId: session.tenantId, code: 'invalid_state' });
    throw new ReconnectError('invalid_state');
  }

  let grant: Grant | null = null;
  const record = (code: ErrorCode) =>
    store.tenants.recordAttempt({ tenantId: claim.tenantId, at: now, outcome: 'error', code, accountId: grant?.accountId ?? null, mode: claim.mode, requestId, by: person });
  try {
    grant = await exchange(services, services.cipher.decrypt(claim.codeEnc, claim.tenantId), claim.exchangeKey);
    const grantedAt = services.now();
    const status = await check(services, claim, grant, grantedAt, person, now, requestId);
    logger.info('stripe connected', { requestId, tenantId: claim.tenantId, accountId: grant.accountId });
    return status;
  } catch (error) {
    const stop = error instanceof Stop ? error : toStop(error);
    if (stop.code === 'internal') logger.error('completion failed', { requestId, tenantId: claim.tenantId, error });
    else logger.info('completion refused', { requestId, code: stop.code, tenantId: claim.tenantId, cause: stop.cause });
    await record(stop.code).catch((recordError: unknown) => logger.error('could not record the attempt', { requestId, error: recordError }));
    // Nothing was decided: the same handle may come again, and its exchange key replays whatever Stripe did.
    if (ERROR_CODES[stop.code].retryable) await store.flows.releaseCompletion(key).catch(() => {});
    throw new ReconnectError(stop.code, { cause: stop.cause, ...(stop.account && NAMES_ACCOUNT.has(stop.code) && { account: stop.account }) });
  }
}

/** A handle of this tenant and person that came back too late is still the tenant's own attempt. */
async function recordLateCompletion(
  services: Services,
  key: string,
  by: { tenantId: string; userId: string | null; origin: string },
  person: Person | null,
  now: Date,
  requestId: string,
) {
  const found = await services.store.flows.findCompletion(key);
  if (!found || found.usedAt || found.expiresAt > now || found.tenantId !== by.tenantId || found.origin !== by.origin) return;
  if (found.userId !== null && found.userId !== by.userId) return;
  await services.store.tenants.recordAttempt({ tenantId: by.tenantId, at: now, outcome: 'error', code: 'invalid_state', accountId: null, mode: found.mode, requestId, by: person });
}

/** The account checks of docs/design.md, in order, then the connection; the Status it leaves. */
async function check(services: Services, claim: CompletionRecord, grant: Grant, grantedAt: Date, person: Person | null, now: Date, requestId: string): Promise<Status> {
  const { store } = services;
  // Read what the checks need from storage while Stripe is asked about the account; the checks still run in order.
  const stored = Promise.all([store.tenants.get(claim.tenantId), store.tenants.connectionHolder(grant.accountId)]);
  stored.catch(() => {}); // Awaited below; a Stripe failure first must not leave it unhandled.
  const facts = await inspect(services, grant);
  const picked: PickedAccount = { id: grant.accountId, name: facts.name };
  if (isIneligible(grant, await services.stripe.platformAccountId(), facts)) throw new Stop('account_ineligible', picked);

  const [tenant, owner] = await stored;
  if (isMismatch(expectedAccount(tenant), grant)) {
    await releaseStray(services, grant.accountId, requestId);
    throw new Stop('account_mismatch', picked);
  }
  if (isTakenByAnother(owner, claim.tenantId)) throw new Stop('account_already_integrated', picked);
  if (isWrongMode(grant, services.stripe.livemode)) {
    await releaseStray(services, grant.accountId, requestId);
    throw new Stop('livemode_mismatch', picked);
  }
  return connect(services, claim, grant, grantedAt, facts, tenant, person, now, requestId);
}

function toStop(error: unknown): Stop {
  if (error instanceof AccountTakenError) return new Stop('account_already_integrated', null, { cause: error });
  if (error instanceof StripeCallError && error.failure === 'unavailable') return new Stop('stripe_unavailable', null, { cause: error });
  // A bug or a misconfiguration (e.g. Stripe refusing our key): still a recorded attempt, never a crash.
  return new Stop('internal', null, { cause: error });
}

async function exchange(services: Services, code: string, idempotencyKey: string): Promise<Grant> {
  try {
    return await services.stripe.exchangeCode(code, { idempotencyKey });
  } catch (error) {
    const mapped = error instanceof StripeCallError ? exchangeFailureCode(error.failure) : null;
    if (mapped) throw new Stop(mapped, null, { cause: error });
    throw error;
  }
}

/** Stripe's account object for the chosen account; no access right after connecting means it cannot serve us. */
async function inspect(services: Services, grant: Grant): Promise<AccountFacts> {
  try {
    return await services.stripe.retrieveAccount(grant.accountId);
  } catch (error) {
    if (error instanceof StripeCallError && error.failure === 'no_access') {
      throw new Stop('account_ineligible', { id: grant.accountId, name: null }, { cause: error });
    }
    throw error;
  }
}

/**
 * Undoes a connection made only by this attempt. An account that any tenant
 * relies on is left alone: deauthorizing it would break that tenant.
 */
async function releaseStray(services: Services, accountId: string, requestId: string): Promise<void> {
  if (await services.store.tenants.connectionHolder(accountId)) return;
  try {
    await services.stripe.deauthorize(accountId);
  } catch (error) {
    services.logger.warn('could not deauthorize a stray connection', { requestId, accountId, error });
  }
}

async function connect(
  services: Services,
  claim: CompletionRecord,
  grant: Grant,
  grantedAt: Date,
  facts: AccountFacts,
  tenant: TenantRecord | null,
  person: Person | null,
  now: Date,
  requestId: string,
): Promise<Status> {
  const account = { id: grant.accountId, name: facts.name, publishableKey: grant.publishableKey, livemode: grant.livemode };
  const attempt: Omit<AttemptRecord, 'tenantId'> = { at: now, outcome: 'success', code: null, accountId: grant.accountId, mode: claim.mode, requestId, by: person };
  const refreshTokenEnc = grant.refreshToken ? services.cipher.encrypt(grant.refreshToken, claim.tenantId) : null;
  const expectedBefore = expectedAccount(tenant);
  const result = await services.store.tenants.transition({
    tenantId: claim.tenantId,
    now,
    decide(current) {
      // The record moved since the checks (a concurrent flow or webhook): re-check the one rule that depends on it.
      if (isMismatch(expectedAccount(current), grant) && !isMismatch(expectedBefore, grant)) {
        throw new Stop('account_mismatch', { id: grant.accountId, name: facts.name });
      }
      const next = connected(current, { account, refreshTokenEnc, facts, connectedBy: person, grantedAt }, now);
      // Stripe confirmed a loss of access to this account after it granted it (the owner revoked the app at once): nothing is connected.
      if (!next) throw new Stop('access_denied');
      return next;
    },
    attempt,
    by: person,
  });
  // What was just written: the answer needs no second read.
  return toStatus(result.current, { ...attempt, tenantId: claim.tenantId });
}
