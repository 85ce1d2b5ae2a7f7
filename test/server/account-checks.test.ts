import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { tenantRow, type Stack } from '../support/stack.js';

/** One stack for the file, reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

/** Connects `tenantId` to `accountId`, then returns a fresh token and the stored row to compare against. */
async function connected(stack: Stack, tenantId: string, accountId: string) {
  const token = await stack.connectTenant(tenantId, accountId);
  return { token, before: await tenantRow(stack, tenantId) };
}

async function isConnectedInStripe(stack: Stack, accountId: string): Promise<boolean> {
  const account = (await stack.control.accounts()).find((a) => a.id === accountId);
  assert.ok(account, `sandbox knows ${accountId}`);
  return account.connection !== null;
}

describe('the callback checks, in the order of docs/design.md', () => {
  test('access_denied: the person pressed Deny; nothing changes', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token, before } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      const flow = await stack.runFlow(token, { deny: true });
      assert.equal(flow.callbackUrl.searchParams.get('error'), 'access_denied');
      assert.equal(flow.code, 'access_denied');
      assert.deepEqual(await tenantRow(stack, shop), before);
      assert.equal((await stack.status(token)).lastAttempt?.code, 'access_denied');
    }));

  test('account_ineligible: the platform picked its own account ("Account cannot connect to itself")', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.platform });
      assert.equal(flow.code, 'account_ineligible');
      assert.equal(await tenantRow(stack, shop), null);
      assert.equal((await stack.status(token)).state, 'not_connected');
    }));

  test('account_mismatch: another account than the connection on record is deauthorized; the record is untouched', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token, before } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta });
      assert.equal(flow.code, 'account_mismatch');
      assert.equal(await isConnectedInStripe(stack, SANDBOX_ACCOUNTS.beta), false, 'beta was deauthorized');
      assert.equal(await isConnectedInStripe(stack, SANDBOX_ACCOUNTS.acme), true, 'acme still connected');
      assert.deepEqual(await tenantRow(stack, shop), before);
      const status = await stack.status(token);
      assert.equal(status.state, 'connected');
      assert.equal(status.expected?.id, SANDBOX_ACCOUNTS.acme);
    }));

  test('account_mismatch: a brand-new account Stripe created instead of an ineligible one is deauthorized', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token, before } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      const seeded = new Set((await stack.control.accounts()).map((a) => a.id));
      const flow = await stack.runFlow(token, { createAccount: true });
      assert.equal(flow.code, 'account_mismatch');
      const created = (await stack.control.accounts()).filter((a) => !seeded.has(a.id));
      assert.equal(created.length, 1);
      assert.equal(created[0]!.connection, null);
      assert.deepEqual(await tenantRow(stack, shop), before);
    }));

  test('account_mismatch for a legacy tenant: the account must be the one its publishable key belongs to', () =>
    shared.run(async (stack) => {
      const legacyShop = uniqueTenant('legacy-shop');
      const acme = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
      const imported = await stack.admin(`/tenants/${legacyShop}/legacy`, { method: 'PUT', json: { publishableKey: acme.publishableKeys.test } });
      assert.equal(imported.status, 200);
      const token = await stack.mintSession(legacyShop);
      const status = await stack.status(token);
      assert.equal(status.state, 'legacy');
      assert.equal(status.problem?.code, 'legacy_setup');
      assert.deepEqual(status.expected, { id: null, publishableKey: acme.publishableKeys.test, name: null });

      const wrong = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta });
      assert.equal(wrong.code, 'account_mismatch');
      assert.equal((await stack.status(token)).state, 'legacy');

      const right = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(right.outcome, 'success');
      const after = await stack.status(token);
      assert.equal(after.state, 'connected');
      assert.equal(after.problem, null);
    }));

  test('account_already_integrated: another tenant keeps its connection, and the account is NOT deauthorized', () =>
    shared.run(async (stack) => {
      const otherShop = uniqueTenant('other-shop');
      const shop = uniqueTenant('shop');
      const other = await connected(stack, otherShop, SANDBOX_ACCOUNTS.gamma);
      const token = await stack.mintSession(shop);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.gamma });
      assert.equal(flow.code, 'account_already_integrated');
      assert.equal(await isConnectedInStripe(stack, SANDBOX_ACCOUNTS.gamma), true);
      assert.deepEqual(await tenantRow(stack, otherShop), other.before);
      assert.equal((await stack.status(token)).state, 'not_connected');
    }));

  test('livemode_mismatch: Stripe refuses a live-mode code for a test-mode key; nothing changes', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token, before } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.live });
      // The refusal is an invalid_grant about the mode, told apart from an expired code.
      assert.equal(flow.code, 'livemode_mismatch');
      assert.deepEqual(await tenantRow(stack, shop), before);
      assert.equal((await stack.status(token)).lastAttempt?.code, 'livemode_mismatch');
    }));

  test('a tenant that disconnected on purpose may connect another account', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      assert.equal((await stack.request('/disconnect', { method: 'POST', token })).status, 200);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta });
      assert.equal(flow.outcome, 'success');
      assert.equal((await stack.status(token)).account?.id, SANDBOX_ACCOUNTS.beta);
    }));

  test('reconnecting the same account repairs a deauthorized connection and keeps the host settings', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const { token } = await connected(stack, shop, SANDBOX_ACCOUNTS.acme);
      await stack.store.db.query(`UPDATE tenants SET settings = '{"plan":"pro"}' WHERE tenant_id = $1`, [shop]);
      await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
      await stack.sandbox.webhooksIdle();
      assert.equal((await stack.status(token)).state, 'needs_attention');
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(flow.outcome, 'success');
      assert.equal((await stack.status(token)).state, 'connected');
      assert.deepEqual((await tenantRow(stack, shop))?.settings, { plan: 'pro' });
    }));
});
