import type { MiddlewareHandler } from 'hono';
import { oauthErrors, stripeErrors } from './errors.js';
import type { Caller, SandboxState } from './state.js';
import type { SandboxEnv } from './types.js';

/**
 * The secret key of a request, as Stripe reads it: `Authorization: Bearer sk_…`
 * (what stripe-node sends) or HTTP Basic with the key as the user name (what `curl -u sk_…:` sends).
 */
export function keyFromAuthorization(header: string | undefined): string | null {
  if (!header) return null;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value || null;
  if (/^basic$/i.test(scheme)) {
    const user = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
    return user || null;
  }
  return null;
}

/** `/v1` authentication: a platform key (either mode) or an access token; Stripe's 401s otherwise. */
export function apiKeyAuth(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async function apiKeyAuth(c, next) {
    const key = keyFromAuthorization(c.req.header('Authorization'));
    if (!key) throw stripeErrors.noApiKey();
    const caller = state.resolveKey(key);
    if (!caller) throw stripeErrors.invalidApiKey(key);
    c.set('caller', caller);
    await next();
  };
}

export type PlatformCaller = Extract<Caller, { kind: 'platform' }>;

/**
 * Connect OAuth authentication: the platform's secret key in the Authorization
 * header or as `client_secret`. An access token is not a platform key, so it is refused like an unknown one.
 */
export function oauthPlatform(state: SandboxState, authorization: string | undefined, clientSecret: string | null): PlatformCaller {
  const key = keyFromAuthorization(authorization) ?? clientSecret;
  if (!key) throw oauthErrors.noCredentials();
  const caller = state.resolveKey(key);
  if (!caller || caller.kind !== 'platform') throw oauthErrors.noSuchKey(key);
  return caller;
}
