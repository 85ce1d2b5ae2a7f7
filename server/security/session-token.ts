import { z } from 'zod';
import { TenantId } from '../../contract/schemas.js';
import { deriveKey, signToken, verifyToken } from './signed-token.js';

const VERSION = 'srs1';
const DEFAULT_TTL_SECONDS = 900;

const Claims = z.object({
  t: TenantId,
  o: z.string().nullable(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface SessionClaims {
  tenantId: string;
  /** The page origin the token was minted for, or null when any allowed origin may use it. */
  origin: string | null;
  expiresAt: Date;
}

export interface MintSessionOptions {
  /** The backend's `SESSION_SECRET`. */
  sessionSecret: string;
  tenantId: string;
  origin?: string | null;
  /** Lifetime in seconds; default 15 minutes. */
  ttlSeconds?: number;
  now?: () => number;
}

/**
 * Mints the short-lived token the widget sends as `Authorization: Bearer …`,
 * bound to one tenant (and one page origin when given). The same function
 * backs `POST /sessions`, for hosts that run the backend in their own process.
 */
export function mintSession(options: MintSessionOptions): { token: string; expiresAt: string } {
  const { sessionSecret, tenantId, origin = null, ttlSeconds = DEFAULT_TTL_SECONDS, now = Date.now } = options;
  TenantId.parse(tenantId);
  const iat = Math.floor(now() / 1000);
  const exp = iat + ttlSeconds;
  const token = signToken(VERSION, { t: tenantId, o: origin, iat, exp }, deriveKey(sessionSecret, 'session'));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export type SessionReadResult = { ok: true; claims: SessionClaims } | { ok: false; code: 'session_invalid' | 'session_expired' };

export function readSession(token: string, sessionSecret: string, now: () => number = Date.now): SessionReadResult {
  const claims = verifyToken(token, VERSION, deriveKey(sessionSecret, 'session'), Claims);
  if (!claims) return { ok: false, code: 'session_invalid' };
  if (claims.exp * 1000 <= now()) return { ok: false, code: 'session_expired' };
  return { ok: true, claims: { tenantId: claims.t, origin: claims.o, expiresAt: new Date(claims.exp * 1000) } };
}
