import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { FLOW_MODES } from '../../contract/codes.js';
import { TenantId } from '../../contract/schemas.js';
import { deriveKey, signToken, verifyToken } from './signed-token.js';

const VERSION = 'st1';
export const STATE_TTL_SECONDS = 600;

const Payload = z.object({
  n: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  t: TenantId,
  o: z.string(),
  m: z.enum(FLOW_MODES),
  r: z.string().nullable(),
  e: z.number().int(),
});

/** What a `state` parameter carries through Stripe and back. */
export interface OAuthState {
  /** 32 random bytes, base64url: the key of the single-use record in storage. */
  nonce: string;
  tenantId: string;
  /** The widget's page origin: the only target of the popup's postMessage. */
  origin: string;
  mode: (typeof FLOW_MODES)[number];
  returnUrl: string | null;
  expiresAt: Date;
}

export function issueState(
  secret: string,
  input: Omit<OAuthState, 'nonce' | 'expiresAt'>,
  now: () => number = Date.now,
): { state: string; claims: OAuthState } {
  const nonce = randomBytes(32).toString('base64url');
  const e = Math.floor(now() / 1000) + STATE_TTL_SECONDS;
  const state = signToken(
    VERSION,
    { n: nonce, t: input.tenantId, o: input.origin, m: input.mode, r: input.returnUrl, e },
    deriveKey(secret, 'oauth-state'),
  );
  return { state, claims: { ...input, nonce, expiresAt: new Date(e * 1000) } };
}

/** Verifies the signature and shape only; expiry and single use are the store's to enforce. */
export function readState(secret: string, state: string): OAuthState | null {
  const p = verifyToken(state, VERSION, deriveKey(secret, 'oauth-state'), Payload);
  if (!p) return null;
  return { nonce: p.n, tenantId: p.t, origin: p.o, mode: p.m, returnUrl: p.r, expiresAt: new Date(p.e * 1000) };
}
