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

/** Tokens already verified, by their exact text: a widget polls with the same token for its lifetime. */
const verified = new Map<string, { secret: string; exp: number; result: SessionReadResult }>();
const VERIFIED_MAX = 10_000;

export function readSession(token: string, sessionSecret: string, now: () => number = Date.now): SessionReadResult {
  let known = verified.get(token);
  if (known?.secret !== sessionSecret) {
    const claims = verifyToken(token, VERSION, deriveKey(sessionSecret, 'session'), Claims);
    if (!claims) return { ok: false, code: 'session_invalid' };
    known = {
      secret: sessionSecret,
      exp: claims.exp * 1000,
      // Shared by every request with this token: frozen so none can change it for the others.
      result: Object.freeze({ ok: true, claims: Object.freeze({ tenantId: claims.t, origin: claims.o, expiresAt: new Date(claims.exp * 1000) }) }),
    };
    // Oldest first: a Map keeps insertion order.
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, known);
  }
  return known.exp <= now() ? { ok: false, code: 'session_expired' } : known.result;
}
