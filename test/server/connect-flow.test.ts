import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import type { TenantDetails } from '../../contract/schemas.js';
import { startStack, type Stack } from '../support/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack.close());

describe('a first connection in a popup', () => {
  test('a new tenant is not connected, with every other field null', async () => {
    const token = await stack.mintSession('shop-new');
    assert.deepEqual(await stack.status(token), {
      state: 'not_connected',
      problem: null,
      account: null,
      expected: null,
      lastAttempt: null,
      warning: null,
      connectedAt: null,
      checkedAt: null,
    });
  });

  test('choosing an account connects it and the popup page posts success to the exact widget origin', async () => {
    const token = await stack.mintSession('shop-popup');
    const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
    const authorize = new URL(flow.authorizeUrl);
    assert.equal(authorize.origin, stack.sandboxUrl);
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${stack.apiBase}/oauth/callback`);

    assert.equal(flow.response.status, 200);
    assert.equal(flow.targetOrigin, stack.origin);
    assert.deepEqual({ ...flow.message, requestId: undefined }, { type: 'stripe-reconnect:outcome', outcome: 'success', code: null, requestId: undefined });
    assert.match(flow.response.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'nonce-/);
    assert.equal(flow.response.headers.get('cache-control'), 'no-store');

    const status = await stack.status(token);
    assert.equal(status.state, 'connected');
    assert.equal(status.account?.id, SANDBOX_ACCOUNTS.acme);
    assert.equal(status.account?.name, 'Acme Inc');
    assert.match(status.account?.publishableKey ?? '', /^pk_test_/);
    assert.equal(status.account?.livemode, false);
    assert.deepEqual(status.expected, { id: SANDBOX_ACCOUNTS.acme, publishableKey: status.account?.publishableKey, name: 'Acme Inc' });
    assert.equal(status.lastAttempt?.outcome, 'success');
    assert.ok(status.connectedAt && status.checkedAt);
  });

  test('the attempt history shows on the admin route, with the request id of the callback', async () => {
    const token = await stack.mintSession('shop-history');
    await stack.runFlow(token, { deny: true });
    const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta });
    const details = await stack.admin<TenantDetails>('/tenants/shop-history');
    assert.equal(details.status, 200);
    assert.deepEqual(
      details.body.attempts.map((a) => [a.outcome, a.code, a.accountId, a.mode]),
      [
        ['success', null, SANDBOX_ACCOUNTS.beta, 'popup'],
        ['error', 'access_denied', null, 'popup'],
      ],
    );
    assert.equal(details.body.attempts[0]?.requestId, flow.message?.requestId);
    assert.ok(stack.logs.some((line) => line.includes(flow.message!.requestId)), 'the request id is in the log');
  });

  test('the refresh token is kept only encrypted', async () => {
    await stack.connectTenant('shop-secret', SANDBOX_ACCOUNTS.gamma);
    const rows = await stack.store.db.query<{ refresh_token_enc: string }>('SELECT refresh_token_enc FROM tenants WHERE tenant_id = $1', [
      'shop-secret',
    ]);
    assert.match(rows[0]!.refresh_token_enc, /^v1:[\w-]+:[\w-]+:[\w-]+$/);
    assert.doesNotMatch(rows[0]!.refresh_token_enc, /rt_/);
  });
});

describe('a first connection by redirect', () => {
  test('Stripe comes back to the return URL with stripe_reconnect=success, keeping its own query', async () => {
    const token = await stack.mintSession('shop-redirect');
    const returnUrl = `${stack.origin}/settings/integrations?tab=payments`;
    const flow = await stack.runFlow(token, { createAccount: true }, { mode: 'redirect', returnUrl });
    assert.equal(flow.response.status, 303);
    const location = new URL(flow.response.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, `${stack.origin}/settings/integrations`);
    assert.equal(location.searchParams.get('tab'), 'payments');
    assert.equal(location.searchParams.get('stripe_reconnect'), 'success');
    // Connected, but an account created on Stripe's page has not finished onboarding: Stripe takes no payments yet.
    const status = await stack.status(token);
    assert.equal(status.state, 'needs_attention');
    assert.deepEqual([status.problem?.code, status.problem?.details?.reason], ['payments_paused', 'requirements.past_due']);
  });

  test('a return URL outside ALLOWED_ORIGINS is refused before the flow starts', async () => {
    const token = await stack.mintSession('shop-redirect-bad');
    const result = await stack.request<{ error: { code: string } }>('/connect', {
      method: 'POST',
      token,
      json: { mode: 'redirect', returnUrl: 'https://evil.example/steal' },
    });
    assert.equal(result.status, 400);
    assert.equal(result.body.error.code, 'validation_failed');
  });
});
