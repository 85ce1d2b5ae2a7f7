import type { ConnectRequest, ConnectResponse } from '../../contract/schemas.js';
import { unixSeconds } from '../clock.js';
import { ReconnectError } from '../errors.js';
import { issueState, STATE_TTL_SECONDS } from '../security/oauth-state.js';
import type { SessionClaims } from '../security/session-token.js';
import type { Services } from '../services.js';

export interface StartFlowInput extends ConnectRequest {
  session: SessionClaims;
  /** The request's `Origin` header, if any. */
  origin: string | null;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/**
 * `POST /connect`: a new OAuth state for the session's tenant, bound to the
 * page that asked (the popup's answer goes to exactly that origin, and the
 * completion must come from it) and stored server-side; the state itself
 * carries nothing readable. Answers Stripe's authorize URL.
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
  const { state, key } = issueState(services.sessionSecret);
  const expiresAt = new Date((unixSeconds(services.now()) + STATE_TTL_SECONDS) * 1000);
  await services.store.flows.issueState(key, { tenantId: session.tenantId, origin, mode, returnUrl: returnUrl ?? null, user: session.user, expiresAt });
  return {
    authorizeUrl: services.stripe.authorizeUrl({ state, redirectUri: services.callbackUrl }),
    expiresAt: expiresAt.toISOString(),
  };
}
