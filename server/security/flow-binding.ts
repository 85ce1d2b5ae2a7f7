import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The flow's browser binding (RFC 9700, 4.7.1: the state bound to the user
 * agent): a random cookie set by `GET /oauth/start` in the browser that goes
 * to Stripe, and only its hash stored with the flow. Stripe's callback counts
 * only in a browser that sends it back: an authorize address forwarded to
 * someone else and finished there comes back without it.
 *
 * One cookie per flow (its name carries the flow's id), so two tabs with two
 * flows never overwrite each other's. `SameSite=Lax` is enough, and needed:
 * the cookie is set by a top-level navigation to the backend and read on
 * Stripe's top-level redirect to the callback, both first-party for the
 * backend whatever site the host page is on, so a browser that blocks
 * third-party cookies keeps it. `Secure` on https; on plain http (a loopback
 * backend in development) it is left off rather than relying on each
 * browser's own exception for localhost.
 */
export interface FlowBinding {
  /** The cookie's value, for `Set-Cookie`. */
  value: string;
  /** What is stored with the flow. */
  hash: string;
}

const FLOW_ID = /^flw_[A-Za-z0-9_-]{22}$/;
const VALUE = /^[A-Za-z0-9_-]{43}$/;

/** A flow's public id: it comes back beside the outcome, so the element knows the return is the flow it started. */
export function newFlowId(): string {
  return `flw_${randomBytes(16).toString('base64url')}`;
}

export function isFlowId(value: unknown): value is string {
  return typeof value === 'string' && FLOW_ID.test(value);
}

export function newFlowBinding(): FlowBinding {
  const value = randomBytes(32).toString('base64url');
  return { value, hash: hashOf(value) };
}

/** The binding cookie's name for `flowId`. */
export function bindingCookieName(flowId: string): string {
  return `stripe_reconnect_${flowId}`;
}

/** True when `value` (the cookie the browser sent, if any) is the flow's binding. */
export function bindingMatches(value: string | undefined, hash: string | null): boolean {
  if (!value || !hash || !VALUE.test(value)) return false;
  const got = Buffer.from(hashOf(value));
  const want = Buffer.from(hash);
  return got.length === want.length && timingSafeEqual(got, want);
}

export interface BindingCookieOptions {
  /** The backend's `/oauth/` path under its base path: the cookie is sent to the callback and nowhere else. */
  path: string;
  secure: boolean;
}

/** `Set-Cookie` for a binding that lives `maxAgeSeconds` (0 removes it). */
export function bindingCookie(flowId: string, value: string, maxAgeSeconds: number, { path, secure }: BindingCookieOptions): string {
  const attributes = [`Path=${path}`, `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
  return [`${bindingCookieName(flowId)}=${value}`, ...attributes].join('; ');
}

function hashOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
