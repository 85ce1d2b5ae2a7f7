import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Status } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { tenantRow } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

describe('POST /disconnect', () => {
  test('deauthorizes in Stripe and leaves the tenant disconnected, with no expected account', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      const result = await stack.request<Status>('/disconnect', { method: 'POST', token });
      assert.equal(result.status, 200);
      assert.equal(result.body.state, 'disconnected');
      assert.equal(result.body.account, null);
      assert.equal(result.body.expected, null);
      const acme = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme);
      assert.equal(acme?.connection, null);
    }));

  test('a connection Stripe already ended (deauthorized) disconnects cleanly', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
      await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
      await stack.sandbox.webhooksIdle();
      const result = await stack.request<Status>('/disconnect', { method: 'POST', token });
      assert.equal(result.status, 200);
      assert.equal(result.body.state, 'disconnected');
    }));

  test('Stripe unreachable: 503 and the connection is kept', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
        const before = await tenantRow(stack, shop);
        await stack.control.addFault({ route: 'deauthorize', kind: 'error_500', count: 5 });
        const result = await stack.request<{ error: { code: string } }>('/disconnect', { method: 'POST', token });
        assert.equal(result.status, 503);
        assert.equal(result.body.error.code, 'stripe_unavailable');
        assert.deepEqual(await tenantRow(stack, shop), before);
      },
      { maxNetworkRetries: 0 },
    ));

  test('disconnecting a legacy setup needs no Stripe call; a never-connected tenant is left as it is', () =>
    shared.run(async (stack) => {
      const legacyTenant = uniqueTenant('legacy');
      const freshTenant = uniqueTenant('fresh');
      const acme = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
      await stack.admin(`/tenants/${legacyTenant}/legacy`, { method: 'PUT', json: { publishableKey: acme.publishableKeys.test } });
      const legacy = await stack.mintSession(legacyTenant);
      assert.equal((await stack.request<Status>('/disconnect', { method: 'POST', token: legacy })).body.state, 'disconnected');
      const fresh = await stack.mintSession(freshTenant);
      assert.equal((await stack.request<Status>('/disconnect', { method: 'POST', token: fresh })).body.state, 'not_connected');
      assert.equal((await stack.control.calls()).deauthorize, 0);
    }));
});
