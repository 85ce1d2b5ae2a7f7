import { Hono } from 'hono';
import { RETURN_PARAM, type ErrorCode } from '../../contract/codes.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { clientAddress, type RateLimiter, type RateLimitRule } from '../middleware/rate-limit.js';
import { runCallback, type CallbackOutcome } from '../reconnect/callback.js';
import { readState } from '../security/oauth-state.js';
import { renderCallbackPage } from './callback-page.js';

export interface OAuthRoutesOptions {
  limiter: RateLimiter;
  limits: { callbackPerAddress: RateLimitRule; callbackPerTenant: RateLimitRule };
}

/** Only the first value of each parameter, bounded: the callback is reachable by anyone. */
function param(value: string | undefined): string | undefined {
  return value === undefined || value.length > 4096 ? undefined : value;
}

/** Stripe sends the browser back here; the flow ends in the popup page or a 303 to the return URL. */
export function oauthRoutes({ limiter, limits }: OAuthRoutesOptions) {
  return new Hono<AppEnv>().get('/oauth/callback', async (c) => {
    const services = c.get('services');
    const requestId = c.get('requestId');
    const query = {
      code: param(c.req.query('code')),
      state: param(c.req.query('state')),
      error: param(c.req.query('error')),
      error_description: param(c.req.query('error_description')),
    };
    // Read once: the rate limit, the checks and the answer page all need it.
    const claims = query.state ? readState(services.sessionSecret, query.state) : null;
    let outcome: CallbackOutcome;
    try {
      await limiter.hit(
        { name: 'callback-address', key: clientAddress(c), rule: limits.callbackPerAddress },
        ...(claims ? [{ name: 'callback-tenant', key: claims.tenantId, rule: limits.callbackPerTenant }] : []),
      );
      outcome = await runCallback(services, query, claims, requestId);
    } catch (error) {
      const code: ErrorCode = error instanceof ReconnectError ? error.code : 'internal';
      if (code === 'internal') services.logger.error('oauth callback crashed', { requestId, error });
      outcome = { code, state: claims, accountId: null };
    }

    const state = outcome.state;
    const trusted = state !== null && services.allowedOrigins.has(state.origin);
    if (trusted && state.mode === 'redirect' && state.returnUrl && services.allowedOrigins.has(new URL(state.returnUrl).origin)) {
      const target = new URL(state.returnUrl);
      target.searchParams.set(RETURN_PARAM, outcome.code ?? 'success');
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(target.toString(), 303);
    }
    const page = renderCallbackPage({ code: outcome.code, requestId, targetOrigin: trusted ? state.origin : null });
    return c.html(page.html, outcome.code && !trusted ? 400 : 200, page.headers);
  });
}
