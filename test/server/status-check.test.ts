import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Status } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { tenantRow } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

describe('POST /status/check', () => {
  test('access revoked without a webhook is found by a check: needs_attention with access_revoked', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
        const result = await stack.request<Status>('/status/check', { method: 'POST', token });
        assert.equal(result.status, 200);
        assert.equal(result.body.state, 'needs_attention');
        assert.equal(result.body.problem?.code, 'access_revoked');
      },
      { statusReuseMs: 0 },
    ));

  test('a working connection is confirmed and checkedAt moves on', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
        const first = (await stack.status(token)).checkedAt!;
        await new Promise((r) => setTimeout(r, 20));
        const checked = await stack.request<Status>('/status/check', { method: 'POST', token });
        assert.equal(checked.body.state, 'connected');
        assert.ok(checked.body.checkedAt! > first);
      },
      { statusReuseMs: 0 },
    ));

  test('Stripe unreachable: 503 stripe_unavailable, retryable, and the state stays', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
        const before = await tenantRow(stack, shop);
        await stack.control.addFault({ route: 'account', kind: 'error_500', count: 5 });
        const result = await stack.request<{ error: { code: string; retryable: boolean; requestId: string } }>('/status/check', {
          method: 'POST',
          token,
        });
        assert.equal(result.status, 503);
        assert.equal(result.body.error.code, 'stripe_unavailable');
        assert.equal(result.body.error.retryable, true);
        assert.equal(result.headers.get('x-request-id'), result.body.error.requestId);
        assert.deepEqual(await tenantRow(stack, shop), before);
      },
      { statusReuseMs: 0, maxNetworkRetries: 0 },
    ));

  test('concurrent checks of one account share one Stripe call', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      await stack.control.resetCalls();
      const results = await Promise.all(Array.from({ length: 40 }, () => stack.request<Status>('/status/check', { method: 'POST', token })));
      assert.ok(results.every((r) => r.status === 200 && r.body.state === 'connected'));
      assert.equal((await stack.control.calls()).account, 1);
    }));

  test('a tenant with nothing to check just gets its status', () =>
    shared.run(async (stack) => {
      const nobody = uniqueTenant('nobody');
      const token = await stack.mintSession(nobody);
      const result = await stack.request<Status>('/status/check', { method: 'POST', token });
      assert.equal(result.status, 200);
      assert.equal(result.body.state, 'not_connected');
      assert.equal((await stack.control.calls()).account, 0);
    }));
});
