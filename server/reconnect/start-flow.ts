import type { ConnectRequest, ConnectResponse } from '../../contract/schemas.js';
import { unixSeconds } from '../clock.js';
import { ReconnectError } from '../errors.js';
import { newFlowBinding, newFlowId } from '../security/flow-binding.js';
import { flowTokenKey, issueFlowToken, issueState, STATE_TTL_SECONDS } from '../security/oauth-state.js';
import type { SessionClaims } from '../security/session-token.js';
import type { Services } from '../services.js';
import type { FlowRecord } from '../store/index.js';

export interface StartFlowInput extends ConnectRequest {
  session: SessionClaims;
  /** The request's `Origin` header, if any. */
  origin: string | null;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * `POST /connect`: a new flow for the session's tenant, bound to the page
 * that asked (the popup's answer goes to exactly that origin, and the
 * completion must come from it) and stored server-side. Answers the
 * one-time `startUrl` on this backend: the browser that opens it is the only
 * one whose return from Stripe counts. Nothing here goes to Stripe yet, and
 * no state exists until that browser starts the flow.
 */
export async function startFlow(services: Services, { session, origin: requestOrigin, mode, returnUrl }: StartFlowInput): Promise<ConnectResponse> {
  const { allowedOrigins } = services;
  const origin = session.origin ?? requestOrigin ?? (returnUrl ? originOf(returnUrl) : null);
  if (!origin || !allowedOrigins.has(origin)) {
    throw new ReconnectError('validation_failed', { message: 'The page origin is unknown or not in ALLOWED_ORIGINS.' });
  }
  if (mode === 'redirect' && !returnUrl) throw new ReconnectError('validation_failed', { message: 'returnUrl: required in redirect mode.' });
  if (returnUrl && !allowedOrigins.has(originOf(returnUrl))) {
    throw new ReconnectError('validation_failed', { message: 'returnUrl: its origin must be in ALLOWED_ORIGINS.' });
  }
  const now = services.now();
  const { token, key } = issueFlowToken(services.sessionSecret, 'flow-start');
  const id = newFlowId();
  const expiresAt = new Date((unixSeconds(now) + STATE_TTL_SECONDS) * 1000);
  await services.store.flows.issueFlow({ id, startKey: key, tenantId: session.tenantId, origin, mode, returnUrl: returnUrl ?? null, user: session.user, createdAt: now, expiresAt });
  const startUrl = new URL(services.startUrl);
  startUrl.searchParams.set('flow', token);
  return { startUrl: startUrl.toString(), expiresAt: expiresAt.toISOString(), flowId: id, startedAt: now.toISOString() };
}

/** What `GET /oauth/start` gives the browser: where to go in Stripe, and the binding cookie to keep. */
export interface StartedFlow {
  flow: FlowRecord;
  authorizeUrl: string;
  binding: string;
}

/**
 * `GET /oauth/start`: starts the flow of a start token this server issued,
 * once. The state is issued now, with the browser's binding; a second use of
 * the same token (or an expired or forged one) answers null and sends nobody
 * to Stripe.
 */
export async function beginFlow(services: Services, token: string | undefined): Promise<StartedFlow | null> {
  const startKey = token ? flowTokenKey(services.sessionSecret, 'flow-start', token) : null;
  if (!startKey) return null;
  const { state, key: stateKey } = issueState(services.sessionSecret);
  const binding = newFlowBinding();
  const flow = await services.store.flows.startFlow(startKey, services.now(), { stateKey, bindingHash: binding.hash });
  if (!flow) return null;
  return { flow, authorizeUrl: services.stripe.authorizeUrl({ state, redirectUri: services.callbackUrl }), binding: binding.value };
}
