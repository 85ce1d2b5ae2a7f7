import { Hono } from 'hono';
import { accountObject } from './account-object.js';
import { apiKeyAuth } from './auth.js';
import { countCalls, type CallCounter } from './calls.js';
import { stripeErrors } from './errors.js';
import { injectFaults, type FaultRegistry } from './faults.js';
import type { Caller, SandboxState } from './state.js';
import type { SandboxEnv } from './types.js';

export interface ApiRoutesOptions {
  state: SandboxState;
  faults: FaultRegistry;
  counter: CallCounter;
  timeoutMs: number;
}

/**
 * Reads an account as Stripe would let this caller read it: a platform reads
 * its own account, the accounts connected to it and those it controls; an
 * access token reads only its account. Anything else (never connected,
 * revoked, or no such account) is the same 403 `account_invalid`, as on Stripe.
 */
function readAccount(state: SandboxState, caller: Caller, accountId: string) {
  if (caller.kind === 'platform') {
    if (!state.canAccess(caller.platform, accountId)) throw stripeErrors.accountInvalid(caller.key, accountId, caller.livemode);
    return accountObject(state.requireAccount(accountId), caller.platform.clientId);
  }
  if (accountId !== caller.token.accountId) throw stripeErrors.accountInvalid(caller.key, accountId, caller.token.livemode);
  return accountObject(state.requireAccount(accountId), caller.token.clientId);
}

/** The caller's own account, or the one named by the `Stripe-Account` header. */
function targetOf(caller: Caller, header: string | undefined): string {
  if (header) return header;
  return caller.kind === 'platform' ? caller.platform.accountId : caller.token.accountId;
}

/** The `/v1` routes this product calls: account retrieval, plus Stripe's 404 for every other URL. */
export function apiRoutes({ state, faults, counter, timeoutMs }: ApiRoutesOptions) {
  const auth = apiKeyAuth(state);
  const accountFaults = injectFaults({ registry: faults, route: 'account', timeoutMs });
  const countAccount = countCalls(counter, 'account');
  return new Hono<SandboxEnv>()
    .get('/v1/account', countAccount, accountFaults, auth, (c) => {
      const caller = c.get('caller');
      return c.json(readAccount(state, caller, targetOf(caller, c.req.header('Stripe-Account'))));
    })
    .get('/v1/accounts/:id', countAccount, accountFaults, auth, (c) => {
      const caller = c.get('caller');
      const onBehalfOf = c.req.header('Stripe-Account');
      // With Stripe-Account, the request runs as that account, which can read only itself.
      if (onBehalfOf) readAccount(state, caller, onBehalfOf);
      if (onBehalfOf && onBehalfOf !== c.req.param('id')) {
        throw stripeErrors.accountInvalid(caller.key, c.req.param('id'), caller.kind === 'platform' ? caller.livemode : caller.token.livemode);
      }
      return c.json(readAccount(state, caller, c.req.param('id')));
    })
    .all('/v1/*', countCalls(counter, 'unrecognized'), auth, (c) => {
      throw stripeErrors.unrecognizedUrl(c.req.method, c.req.path);
    });
}
