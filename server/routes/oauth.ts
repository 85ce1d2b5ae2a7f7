import { Hono } from 'hono';
import { COMPLETION_PARAM, RETURN_PARAM, type ErrorCode } from '../../contract/codes.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { ClientAddress } from '../middleware/client-address.js';
import type { RateLimiter, RateLimitRule } from '../middleware/rate-limit.js';
import type { CallbackOutcome, FoundFlow } from '../reconnect/callback.js';
import type { Connections } from '../reconnect/connections.js';
import type { Logger } from '../logger.js';
import type { FlowRecord } from '../store/index.js';
import { renderCallbackPage } from './callback-page.js';

export interface OAuthRoutesOptions {
  connections: Connections;
  allowedOrigins: ReadonlySet<string>;
  logger: Logger;
  limiter: RateLimiter;
  limits: { callbackPerAddress: RateLimitRule; callbackPerTenant: RateLimitRule };
  clientAddress: ClientAddress;
}

/** Only the first value of each parameter, bounded: the callback is reachable by anyone. */
function param(value: string | undefined): string | undefined {
  return value === undefined || value.length > 4096 ? undefined : value;
}

/** The flow's return URL with the redirect parameters: `pending` and the handle, or the code. */
function returnTarget(returnUrl: string, outcome: CallbackOutcome): string {
  const target = new URL(returnUrl);
  target.searchParams.set(RETURN_PARAM, outcome.code ?? 'pending');
  if (outcome.code === null && outcome.completion) target.searchParams.set(COMPLETION_PARAM, outcome.completion);
  else target.searchParams.delete(COMPLETION_PARAM);
  return target.toString();
}

/** A return URL the outcome may go to: still on an allowed origin. */
function allowedReturn(allowedOrigins: ReadonlySet<string>, flow: FlowRecord): string | null {
  if (!flow.returnUrl) return null;
  try {
    return allowedOrigins.has(new URL(flow.returnUrl).origin) ? flow.returnUrl : null;
  } catch {
    return null;
  }
}

/**
 * Stripe sends the browser back here; the flow ends in the popup page or a
 * 303 to the return URL, carrying the completion handle or the code. Junk
 * (no state this server issued) is counted per client address; a state that
 * verifies, per tenant, so junk from one client never holds up another's.
 */
export function oauthRoutes({ connections, allowedOrigins, logger, limiter, limits, clientAddress }: OAuthRoutesOptions) {
  return new Hono<AppEnv>().get('/oauth/callback', async (c) => {
    const requestId = c.get('requestId');
    const query = {
      code: param(c.req.query('code')),
      state: param(c.req.query('state')),
      error: param(c.req.query('error')),
      error_description: param(c.req.query('error_description')),
    };
    let found: FoundFlow | null = null;
    let outcome: CallbackOutcome;
    try {
      found = await connections.findFlow(query.state);
      await limiter.hit(
        found
          ? { name: 'callback-tenant', key: found.flow.tenantId, rule: limits.callbackPerTenant }
          : { name: 'callback-address', key: clientAddress(c), rule: limits.callbackPerAddress },
      );
      outcome = await connections.callback(query, found, requestId);
    } catch (error) {
      const code: ErrorCode = error instanceof ReconnectError ? error.code : 'internal';
      if (code === 'internal') logger.error('oauth callback crashed', { requestId, error });
      outcome = { code, completion: null };
    }

    const flow = found?.flow ?? null;
    const trusted = flow !== null && allowedOrigins.has(flow.origin);
    const returnUrl = trusted ? allowedReturn(allowedOrigins, flow) : null;
    if (trusted && flow.mode === 'redirect' && returnUrl) {
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(returnTarget(returnUrl, outcome), 303);
    }
    const page = renderCallbackPage({
      code: outcome.code,
      completion: outcome.completion,
      requestId,
      targetOrigin: trusted ? flow.origin : null,
      fallbackUrl: returnUrl ? returnTarget(returnUrl, outcome) : null,
    });
    return c.html(page.html, outcome.code && !trusted ? 400 : 200, page.headers);
  });
}
