import { Hono, type Context } from 'hono';
import { oauthPlatform, type PlatformCaller } from './auth.js';
import type { NotifyPlatform } from './authorize-routes.js';
import { countCalls, type CallCounter } from './calls.js';
import { oauthErrors } from './errors.js';
import { injectFaults, type FaultRegistry } from './faults.js';
import type { idempotency } from './idempotency.js';
import type { IssuedToken, SandboxState } from './state.js';
import type { SandboxEnv } from './types.js';

export interface OAuthRoutesOptions {
  state: SandboxState;
  faults: FaultRegistry;
  counter: CallCounter;
  timeoutMs: number;
  notify: NotifyPlatform;
  idempotent: ReturnType<typeof idempotency>;
}

/** Parameters as Stripe reads them: the query string, then the form-encoded body (what stripe-node sends) over it. */
async function formParams(c: Context<SandboxEnv>): Promise<URLSearchParams> {
  const params = new URLSearchParams(new URL(c.req.url).search);
  const body = new URLSearchParams(await c.req.text());
  for (const key of new Set(body.keys())) params.set(key, body.get(key)!);
  return params;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw oauthErrors.missingParam(name);
  return value;
}

/** Connect OAuth's token response. The publishable key is the account's key of the token's mode. */
function tokenResponse(state: SandboxState, token: IssuedToken) {
  const account = state.requireAccount(token.accountId);
  return {
    access_token: token.accessToken,
    livemode: token.livemode,
    refresh_token: token.refreshToken,
    token_type: 'bearer',
    stripe_publishable_key: token.livemode ? account.publishableKeys.live : account.publishableKeys.test,
    stripe_user_id: token.accountId,
    scope: token.scope,
  };
}

/**
 * `authorization_code`: the checks run in the order Stripe reports them: the
 * code exists, it is this platform's, it was not used (a second use revokes
 * what the first one issued), it has not expired, and its mode is the key's.
 */
function exchangeCode(state: SandboxState, caller: PlatformCaller, params: URLSearchParams): IssuedToken {
  const value = required(params, 'code');
  const code = state.code(value);
  if (!code) throw oauthErrors.codeUnknown(value);
  if (code.clientId !== caller.platform.clientId) throw oauthErrors.codeNotYours();
  if (code.usedAt !== null) {
    state.revokeTokensOfCode(code.code);
    throw oauthErrors.codeUsed();
  }
  if (code.expiresAt <= state.now()) throw oauthErrors.codeExpired(code.code);
  if (code.livemode !== caller.livemode) throw oauthErrors.modeMismatch('authorization code', caller.livemode);
  code.usedAt = state.now();
  // Connected at authorize time already; this keeps the connection if it was made through an older code.
  if (!state.connection(code.clientId, code.accountId)) state.connect(code.clientId, code.accountId, code.livemode, code.scope);
  return state.issueToken(code, code.livemode);
}

/**
 * `refresh_token`: a new access token in the key's mode. A live connection's
 * refresh token may also mint test-mode tokens (as on Stripe); a test one cannot mint live ones.
 */
function refresh(state: SandboxState, caller: PlatformCaller, params: URLSearchParams): IssuedToken {
  const value = required(params, 'refresh_token');
  const token = state.tokenByRefresh(value);
  if (!token || token.revoked) throw oauthErrors.refreshUnknown(value);
  if (token.clientId !== caller.platform.clientId) throw oauthErrors.refreshNotYours();
  if (caller.livemode && !token.livemode) throw oauthErrors.modeMismatch('refresh token', true);
  const scope = params.get('scope');
  if (scope && scope !== token.scope && !(scope === 'read_only' && token.scope === 'read_write')) throw oauthErrors.invalidScope(scope);
  return state.refresh(token, caller.livemode, scope === 'read_only' ? 'read_only' : token.scope);
}

/** Connect OAuth's token and deauthorize endpoints, served at the root like connect.stripe.com. */
export function oauthRoutes({ state, faults, counter, timeoutMs, notify, idempotent }: OAuthRoutesOptions) {
  return new Hono<SandboxEnv>()
    .post('/oauth/token', countCalls(counter, 'token'), injectFaults({ registry: faults, route: 'token', timeoutMs }), idempotent, async (c) => {
      const params = await formParams(c);
      const caller = oauthPlatform(state, c.req.header('Authorization'), params.get('client_secret'));
      const grantType = required(params, 'grant_type');
      if (grantType === 'authorization_code') return c.json(tokenResponse(state, exchangeCode(state, caller, params)));
      if (grantType === 'refresh_token') return c.json(tokenResponse(state, refresh(state, caller, params)));
      throw oauthErrors.unsupportedGrant(grantType);
    })
    .post('/oauth/deauthorize', countCalls(counter, 'deauthorize'), injectFaults({ registry: faults, route: 'deauthorize', timeoutMs }), idempotent, async (c) => {
      const params = await formParams(c);
      const caller = oauthPlatform(state, c.req.header('Authorization'), params.get('client_secret'));
      const clientId = required(params, 'client_id');
      if (clientId !== caller.platform.clientId) throw oauthErrors.noSuchApplication(clientId);
      const accountId = required(params, 'stripe_user_id');
      const ended = state.disconnect(clientId, accountId);
      if (!ended) throw oauthErrors.notConnected(accountId);
      // Stripe tells the platform's Connect endpoint about every deauthorization, its own included.
      notify(clientId, { type: 'account.application.deauthorized', accountId, livemode: ended.livemode, requestId: c.get('requestId') });
      return c.json({ stripe_user_id: accountId });
    });
}
