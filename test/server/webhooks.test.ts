import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { tenantRow, type Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

function sign(stack: Stack, payload: string, timestamp = Math.floor(Date.now() / 1000), secret = stack.sandbox.credentials.webhookSecret) {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

function deauthorizedEvent(accountId: string, id = `evt_test${Math.random().toString(36).slice(2)}`) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: 'ca_x', object: 'application', name: 'Platform' } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'account.application.deauthorized',
    account: accountId,
  });
}

async function post(stack: Stack, payload: string, signature: string | null) {
  return stack.request<{ error?: { code: string }; received?: boolean }>('/webhooks/stripe', {
    method: 'POST',
    body: payload,
    headers: { 'Content-Type': 'application/json', ...(signature && { 'Stripe-Signature': signature }) },
  });
}

describe('Stripe webhooks', () => {
  test('account.application.deauthorized from Stripe turns the tenant red with problem deauthorized', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      const revoked = await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
      assert.equal(revoked.revoked, true);
      await stack.sandbox.webhooksIdle();
      const delivery = (await stack.control.deliveries()).at(-1);
      assert.equal(delivery?.httpStatus, 200, 'the backend accepted the sandbox’s signed delivery');
      const status = await stack.status(token);
      assert.equal(status.state, 'needs_attention');
      assert.equal(status.problem?.code, 'deauthorized');
      assert.equal(status.account?.id, SANDBOX_ACCOUNTS.acme, 'the broken connection is still shown');
      assert.equal(status.expected?.id, SANDBOX_ACCOUNTS.acme);
    }));

  test('an event id is applied once: a redelivery after a repair changes nothing', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
      const payload = deauthorizedEvent(SANDBOX_ACCOUNTS.acme, 'evt_once');
      assert.equal((await post(stack, payload, sign(stack, payload))).status, 200);
      assert.equal((await stack.status(token)).state, 'needs_attention');
      await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal((await stack.status(token)).state, 'connected');
      // The same event again: not applied a second time (it would break the repaired connection).
      assert.equal((await post(stack, payload, sign(stack, payload))).status, 200);
      assert.equal((await stack.status(token)).state, 'connected');
    }));

  test('a deauthorization Stripe no longer stands by (the account is connected again) is stale and ignored', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      const old = JSON.parse(deauthorizedEvent(SANDBOX_ACCOUNTS.acme));
      old.created -= 120;
      const payload = JSON.stringify(old);
      assert.equal((await post(stack, payload, sign(stack, payload))).status, 200);
      assert.equal((await stack.status(token)).state, 'connected');
    }));

  test('bad, missing, replayed-too-late and wrong-secret signatures are refused with 401 unauthorized', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      const before = await tenantRow(stack, shop);
      const payload = deauthorizedEvent(SANDBOX_ACCOUNTS.acme);
      const cases = [
        ['missing', null],
        ['garbage', 'garbage'],
        ['wrong secret', sign(stack, payload, undefined, 'whsec_wrong')],
        ['older than the tolerance', sign(stack, payload, Math.floor(Date.now() / 1000) - 600)],
        ['body changed after signing', sign(stack, payload.replace('acct_', 'acct_x'))],
      ] as const;
      for (const [name, signature] of cases) {
        const result = await post(stack, payload, signature);
        assert.equal(result.status, 401, name);
        assert.equal(result.body.error?.code, 'unauthorized', name);
      }
      assert.deepEqual(await tenantRow(stack, shop), before);
      assert.equal((await stack.status(token)).state, 'connected');
    }));

  test('events for accounts no tenant holds are acknowledged and change nothing', () =>
    shared.run(async (stack) => {
      const payload = deauthorizedEvent('acct_1NobodyHasThis00');
      const result = await post(stack, payload, sign(stack, payload));
      assert.equal(result.status, 200);
      assert.equal(result.body.received, true);
    }));
});

describe('what Stripe sends that this platform does not take', () => {
  test('an event of the other mode (live, to a test-mode platform) is acknowledged and ignored, even when Stripe would confirm it', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      // Revoked in Stripe, silently: were the event applied, the check with Stripe would confirm it.
      await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
      const live = { ...JSON.parse(deauthorizedEvent(SANDBOX_ACCOUNTS.acme)), livemode: true };
      const payload = JSON.stringify(live);
      const result = await post(stack, payload, sign(stack, payload));
      assert.equal(result.status, 200);
      assert.deepEqual(result.body, { received: true, result: 'ignored' });
      assert.equal((await stack.status(token)).state, 'connected', 'a live event does not break a test-mode connection');
      // The same event in the platform's own mode is applied.
      const test = JSON.stringify({ ...live, id: `${live.id}_test`, livemode: false });
      assert.deepEqual((await post(stack, test, sign(stack, test))).body, { received: true, result: 'applied' });
      assert.equal((await stack.status(token)).problem?.code, 'deauthorized');
    }));

  test('an event of 200 KB (a large account object) is taken; one over 1 MB is refused, and the connection is closed', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
      const large = JSON.parse(deauthorizedEvent(SANDBOX_ACCOUNTS.acme));
      large.data.object.metadata = { padding: 'x'.repeat(200 * 1024) };
      const payload = JSON.stringify(large);
      assert.ok(payload.length > 200 * 1024);
      const taken = await post(stack, payload, sign(stack, payload));
      assert.equal(taken.status, 200, taken.text.slice(0, 200));
      assert.equal((await stack.status(token)).problem?.code, 'deauthorized');

      large.id = `${large.id}_huge`;
      large.data.object.metadata = { padding: 'x'.repeat(1024 * 1024) };
      const huge = JSON.stringify(large);
      const refused = await post(stack, huge, sign(stack, huge));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error?.code, 'validation_failed');
      assert.equal(refused.headers.get('connection'), 'close');
      // Every other route keeps its 64 KB limit.
      const big = await stack.request('/connect', { method: 'POST', token, body: JSON.stringify({ mode: 'popup', pad: 'x'.repeat(70 * 1024) }), headers: { 'Content-Type': 'application/json' } });
      assert.equal(big.status, 400);
    }));
});
