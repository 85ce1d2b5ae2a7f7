import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../../contract/codes.js';
import { COMPLETION_TTL_SECONDS, newCompletionHandle } from '../security/completion-handle.js';
import { bindingMatches } from '../security/flow-binding.js';
import type { Services } from '../services.js';
import type { FlowRecord } from '../store/index.js';
import { personOf } from './person.js';

/** What Stripe sent the browser back with. */
export interface CallbackQuery {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/** A state this server issued, and what is stored for it (read by the route, which counts the callback against its tenant). */
export interface FoundFlow {
  key: string;
  flow: FlowRecord;
}

export interface CallbackOutcome {
  /** null when the flow waits for its completion. */
  code: ErrorCode | null;
  /** The one-time handle for the browser that came back; only when `code` is null. */
  completion: string | null;
  /** The flow's state came back in a browser without its binding: the authorize address was finished elsewhere. */
  otherBrowser?: boolean;
}

const stop = (code: ErrorCode): CallbackOutcome => ({ code, completion: null });

/**
 * The OAuth callback: checks the state and the browser's binding, and keeps
 * Stripe's code, encrypted and unexchanged, as a pending completion whose
 * handle only this browser receives. Nothing is exchanged or connected here:
 * that waits for the widget's session (`completeFlow`). A state that comes
 * back in a browser without the flow's binding cookie (`binding`) touches
 * nothing at all: the flow stays open for the browser that started it. An
 * error from Stripe or a bad state ends the flow at once; the tenant's own
 * attempts (not replays or forgeries) are recorded.
 */
export async function runCallback(
  services: Services,
  query: CallbackQuery,
  found: FoundFlow | null,
  binding: string | undefined,
  requestId: string,
): Promise<CallbackOutcome> {
  const { store, logger } = services;
  const now = services.now();
  const tenantId = found?.flow.tenantId;
  const record = (flow: FlowRecord, code: ErrorCode) =>
    store.tenants
      .recordAttempt({ tenantId: flow.tenantId, at: now, outcome: 'error', code, accountId: null, mode: flow.mode, requestId, by: personOf(flow.user) })
      .catch((error: unknown) => logger.error('could not record the attempt', { requestId, error }));
  const refuse = (code: ErrorCode, cause?: string) => {
    logger.info('oauth callback refused', { requestId, code, tenantId, cause });
    return stop(code);
  };

  if (found && !bindingMatches(binding, found.flow.bindingHash)) {
    // A flow already over (used or expired) is no use to anyone: said as such, to a replay in its own browser too.
    if (found.flow.consumedAt || found.flow.expiresAt <= now) return refuse('invalid_state', 'state used or expired, without the binding');
    logger.warn('oauth callback from a browser that did not start the flow', { requestId, tenantId, flowId: found.flow.id });
    return { code: 'invalid_state', completion: null, otherBrowser: true };
  }
  if (query.error) {
    // The person left Stripe's page (or Stripe refused the request); nothing to keep.
    const fresh = found ? await store.flows.consumeState(found.key, now) : null;
    if (fresh) {
      if (query.error !== 'access_denied') logger.warn('stripe returned an oauth error', { requestId, error: query.error });
      await record(fresh, 'access_denied');
    }
    return refuse('access_denied');
  }
  if (!found) return refuse('invalid_state', 'no state this server issued');
  const code = query.code;
  if (!code) {
    const fresh = await store.flows.consumeState(found.key, now);
    if (!fresh) return refuse('invalid_state', 'state used or expired');
    await record(fresh, 'authorization_expired');
    return refuse('authorization_expired', 'no code');
  }

  const { handle, key } = newCompletionHandle();
  // One statement: the state is consumed and the completion stored together, or neither.
  const taken = await store.flows.redeemState(found.key, now, {
    key,
    tenantId: found.flow.tenantId,
    codeEnc: services.cipher.encrypt(code, found.flow.tenantId),
    exchangeKey: `cmpx_${randomBytes(24).toString('base64url')}`,
    expiresAt: new Date(now.getTime() + COMPLETION_TTL_SECONDS * 1000),
  });
  if (!taken) {
    // A state that came back too late is the tenant's own attempt; a replay of a used one is not.
    if (found.flow.consumedAt === null && found.flow.expiresAt <= now) await record(found.flow, 'invalid_state');
    return refuse('invalid_state', 'state used or expired');
  }
  logger.info('oauth callback pending completion', { requestId, tenantId });
  return { code: null, completion: handle };
}
