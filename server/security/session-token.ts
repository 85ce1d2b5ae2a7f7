import { z } from 'zod';
import { Origin, SESSION_MAX_TTL_SECONDS, SessionTtl, SessionUser, TenantId } from '../../contract/schemas.js';
import { systemClock, unixSeconds, type Clock } from '../clock.js';
import { deriveKey, signToken, verifyToken } from './signed-token.js';

const VERSION = 'srs1';
const DEFAULT_TTL_SECONDS = 900;

const Claims = z.object({
  t: TenantId,
  o: z.string().nullable(),
  /** Absent when the host named nobody. */
  u: SessionUser.optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface SessionClaims {
  tenantId: string;
  /** The page origin the token was minted for, or null when any allowed origin may use it. */
  origin: string | null;
  /** The host's signed-in person, or null when the host named nobody. */
  user: SessionUser | null;
  expiresAt: Date;
}

export interface MintSessionOptions {
  /** The backend's `SESSION_SECRET`. */
  sessionSecret: string;
  tenantId: string;
  /** The page that embeds the widget; it must also be in the backend's `ALLOWED_ORIGINS`, or the token is refused. */
  origin?: string | null;
  /** Lifetime in seconds, 30 to 3600 (sessions live at most one hour); default 15 minutes. */
  ttlSeconds?: number;
  /** The signed-in person: a flow this session starts can be completed only by a session of the same `id`. */
  user?: SessionUser | null;
  now?: Clock;
}

/** Checks one option with the route's own schema; the message names the option, never its value. */
function check<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [name, ...issue.path].join('.');
  throw new TypeError(`mintSession: ${path} ${issue.message}`);
}

/**
 * Mints the short-lived token the widget sends as `Authorization: Bearer …`,
 * bound to one tenant (and one page origin and one person when given). The
 * same function backs `POST /sessions`, for hosts that run the backend in
 * their own process; it validates its options as that route does and throws
 * a `TypeError` naming the bad one.
 */
export function mintSession(options: MintSessionOptions): { token: string; expiresAt: string } {
  const { sessionSecret, now = systemClock } = options;
  const tenantId = check('tenantId', TenantId, options.tenantId);
  const origin = options.origin == null ? null : check('origin', Origin, options.origin);
  const ttlSeconds = check('ttlSeconds', SessionTtl, options.ttlSeconds ?? DEFAULT_TTL_SECONDS);
  const user = options.user == null ? null : check('user', SessionUser, options.user);
  const iat = unixSeconds(now());
  const exp = iat + ttlSeconds;
  const token = signToken(VERSION, { t: tenantId, o: origin, ...(user && { u: user }), iat, exp }, deriveKey(sessionSecret, 'session'));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

export type SessionReadResult = { ok: true; claims: SessionClaims } | { ok: false; code: 'session_invalid' | 'session_expired' };

/** Tokens already verified, by their exact text: a widget polls with the same token for its lifetime. */
const verified = new Map<string, { secret: string; exp: number; result: SessionReadResult }>();
const VERIFIED_MAX = 10_000;

export function readSession(token: string, sessionSecret: string, now: Clock = systemClock): SessionReadResult {
  let known = verified.get(token);
  if (known?.secret !== sessionSecret) {
    const claims = verifyToken(token, VERSION, deriveKey(sessionSecret, 'session'), Claims);
    // A token made to live longer than sessions may (by an older version, or by hand) is not one.
    if (!claims || claims.exp - claims.iat > SESSION_MAX_TTL_SECONDS) return { ok: false, code: 'session_invalid' };
    const user = claims.u ? Object.freeze({ ...claims.u }) : null;
    known = {
      secret: sessionSecret,
      exp: claims.exp * 1000,
      // Shared by every request with this token: frozen so none can change it for the others.
      result: Object.freeze({
        ok: true,
        claims: Object.freeze({ tenantId: claims.t, origin: claims.o, user, expiresAt: new Date(claims.exp * 1000) }),
      }),
    };
    // Oldest first: a Map keeps insertion order.
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, known);
  }
  return known.exp <= now().getTime() ? { ok: false, code: 'session_expired' } : known.result;
}
