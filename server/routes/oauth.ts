import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM, type ErrorCode } from '../../contract/codes.js';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClientAddress } from '../middleware/client-address.js';
import type { MemoryLimiter } from '../middleware/memory-limiter.js';
import type { RateLimiter, RateLimitRule } from '../middleware/rate-limit.js';
import type { CallbackOutcome, FoundFlow } from '../reconnect/callback.js';
import type { Connections } from '../reconnect/connections.js';
import { bindingCookie, bindingCookieName, type BindingCookieOptions } from '../security/flow-binding.js';
import type { FlowRecord } from '../store/index.js';
import { renderCallbackPage, renderOtherBrowserPage, renderStartRefusedPage, type FlowPage } from './callback-page.js';

export interface OAuthRoutesOptions {
  connections: Connections;
  allowedOrigins: ReadonlySet<string>;
  logger: Logger;
  limiter: RateLimiter;
  limits: { callbackPerTenant: RateLimitRule };
  /** Counts, in memory, the starts and callbacks that verify nothing, per client address. */
  junk: MemoryLimiter;
  clientAddress: ClientAddress;
  /** Where the flow's binding cookie lives (the backend's `/oauth/` path) and whether it is `Secure`. */
  cookie: BindingCookieOptions;
  now: () => Date;
  platformName?: string | undefined;
}

/** Only the first value of each parameter, bounded: these routes are reachable by anyone. */
function param(value: string | undefined): string | undefined {
  return value === undefined || value.length > 4096 ? undefined : value;
}

/** The flow's return URL with the redirect parameters: `pending` and the handle, or the code; and the flow's id. */
function returnTarget(returnUrl: string, flow: FlowRecord, outcome: CallbackOutcome): string {
  const target = new URL(returnUrl);
  target.searchParams.set(RETURN_PARAM, outcome.code ?? 'pending');
  if (outcome.code === null && outcome.completion) target.searchParams.set(COMPLETION_PARAM, outcome.completion);
  else target.searchParams.delete(COMPLETION_PARAM);
  target.searchParams.set(FLOW_PARAM, flow.id);
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

/** A 303 to an address that holds a token (Stripe's state, a completion handle): never cached, never sent on as a referrer. */
function privateRedirect(c: Context<AppEnv>, location: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Referrer-Policy', 'no-referrer');
  return c.redirect(location, 303);
}

function page(c: Context<AppEnv>, { html, headers }: FlowPage, status: 200 | 400 | 429 | 500) {
  return c.html(html, status, headers);
}

/**
 * The browser's side of a flow. `GET /oauth/start` (the one-time `startUrl`
 * of `POST /connect`) binds the flow to the browser that opens it and sends
 * it to Stripe. Stripe sends it back to `GET /oauth/callback`; the flow ends
 * in the popup page or a 303 to the return URL, carrying the completion
 * handle or the code, and the flow's id. A callback in a browser without the
 * flow's binding gets a page that says nothing was connected, and nothing
 * else. Tokens that verify nothing (junk) are counted per client address in
 * memory, before any database work; a state that verifies, per tenant, so
 * junk from one client never holds up another's flow.
 */
export function oauthRoutes(options: OAuthRoutesOptions) {
  const { connections, allowedOrigins, logger, limiter, limits, junk, clientAddress, cookie, now, platformName } = options;
  const refused = (c: Context<AppEnv>, error: unknown): ErrorCode => {
    const code: ErrorCode = error instanceof ReconnectError ? error.code : 'internal';
    if (code === 'internal') logger.error('oauth route crashed', { requestId: c.get('requestId'), error });
    return code;
  };

  return new Hono<AppEnv>()
    .get('/oauth/start', async (c) => {
      try {
        const started = await connections.beginFlow(param(c.req.query('flow')));
        if (!started) {
          junk.hit(clientAddress(c));
          logger.info('oauth start refused', { requestId: c.get('requestId') });
          return page(c, renderStartRefusedPage(platformName), 400);
        }
        const { flow, authorizeUrl, binding } = started;
        const maxAge = (flow.expiresAt.getTime() - now().getTime()) / 1000;
        c.header('Set-Cookie', bindingCookie(flow.id, binding, maxAge, cookie));
        return privateRedirect(c, authorizeUrl);
      } catch (error) {
        const code = refused(c, error);
        return page(c, renderCallbackPage({ code, completion: null, flowId: null, requestId: c.get('requestId'), targetOrigin: null, fallbackUrl: null }), code === 'rate_limited' ? 429 : 500);
      }
    })
    .get('/oauth/callback', async (c) => {
      const requestId = c.get('requestId');
      const query = {
        code: param(c.req.query('code')),
        state: param(c.req.query('state')),
        error: param(c.req.query('error')),
        error_description: param(c.req.query('error_description')),
      };
      let found: FoundFlow | null = null;
      let binding: string | undefined;
      let outcome: CallbackOutcome;
      try {
        found = await connections.findFlow(query.state);
        binding = found ? getCookie(c, bindingCookieName(found.flow.id)) : undefined;
        if (found && binding) await limiter.hit({ name: 'callback-tenant', key: found.flow.tenantId, rule: limits.callbackPerTenant });
        else junk.hit(clientAddress(c));
        outcome = await connections.callback(query, found, binding, requestId);
      } catch (error) {
        outcome = { code: refused(c, error), completion: null };
      }
      if (outcome.otherBrowser) return page(c, renderOtherBrowserPage(platformName), 400);

      const flow = found?.flow ?? null;
      // This browser's binding has served: it goes (a browser with many flows would otherwise carry every cookie for 10 minutes).
      if (flow && binding) c.header('Set-Cookie', bindingCookie(flow.id, '', 0, cookie));
      const trusted = flow !== null && allowedOrigins.has(flow.origin);
      const returnUrl = trusted ? allowedReturn(allowedOrigins, flow) : null;
      if (trusted && flow.mode === 'redirect' && returnUrl) return privateRedirect(c, returnTarget(returnUrl, flow, outcome));
      const answer = renderCallbackPage({
        code: outcome.code,
        completion: outcome.completion,
        flowId: flow?.id ?? null,
        requestId,
        targetOrigin: trusted ? flow.origin : null,
        fallbackUrl: trusted && returnUrl ? returnTarget(returnUrl, flow, outcome) : null,
      });
      return page(c, answer, outcome.code && !trusted ? (outcome.code === 'rate_limited' ? 429 : 400) : 200);
    });
}

