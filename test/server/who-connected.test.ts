/**
 * Who connected, who tried, and the product's name: the session's `user` is
 * recorded on every attempt and on the connection it makes, shown in the
 * Status and the tenant's history, and carried by the host events a person
 * caused. Over real HTTP, on the engine under test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostEvent, Status, TenantDetails } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { withHostWebhooks, type Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

const JANE = { id: 'u_jane', name: 'Jane Doe', email: 'jane@acme.example' };
const SAM = { id: 'u_sam', name: 'Sam Lee' };

const session = (stack: Stack, tenantId: string, user?: { id: string; name?: string; email?: string }) =>
  stack.mintSession(tenantId, user ? { user } : {});

describe('who connected and who tried', () => {
  test('a completed flow records its person as connectedBy and on the attempt; the history shows it', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await session(stack, shop, JANE);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(flow.outcome, 'success');
      const status = await stack.status(token);
      assert.deepEqual(status.connectedBy, { id: 'u_jane', name: 'Jane Doe', email: 'jane@acme.example' });
      assert.deepEqual(status.lastAttempt?.by, status.connectedBy);
      const details = await stack.admin<TenantDetails>(`/tenants/${shop}`);
      assert.deepEqual(details.body.attempts.map((a) => [a.outcome, a.by?.name]), [['success', 'Jane Doe']]);
      assert.deepEqual(details.body.status, status);
    }));

  test('a failed attempt by someone else names them, and the connection still names the person who made it', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      await stack.runFlow(await session(stack, shop, JANE), { accountId: SANDBOX_ACCOUNTS.acme });
      const sam = await session(stack, shop, SAM);
      const flow = await stack.runFlow(sam, { accountId: SANDBOX_ACCOUNTS.beta });
      assert.equal(flow.outcome, 'account_mismatch');
      const status = await stack.status(sam);
      assert.deepEqual(status.lastAttempt?.by, { id: 'u_sam', name: 'Sam Lee', email: null });
      assert.equal(status.lastAttempt?.code, 'account_mismatch');
      assert.equal(status.connectedBy?.name, 'Jane Doe');
    }));

  test('a reconnect by another person makes them the one who connected', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      await stack.runFlow(await session(stack, shop, JANE), { accountId: SANDBOX_ACCOUNTS.acme });
      const sam = await session(stack, shop, SAM);
      assert.equal((await stack.runFlow(sam, { accountId: SANDBOX_ACCOUNTS.acme })).outcome, 'success');
      assert.equal((await stack.status(sam)).connectedBy?.name, 'Sam Lee');
    }));

  test('an attempt that ends at the callback (the person left Stripe) is recorded with the person who started it', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await session(stack, shop, SAM);
      const flow = await stack.runFlow(token, { deny: true });
      assert.equal(flow.outcome, 'access_denied');
      const status = await stack.status(token);
      assert.deepEqual([status.lastAttempt?.code, status.lastAttempt?.by?.id], ['access_denied', 'u_sam']);
    }));

  test('a session that names nobody records nobody; a disconnected tenant shows no connectedBy', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const other = uniqueTenant('other');
      const token = await session(stack, shop);
      await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      const status = await stack.status(token);
      assert.deepEqual([status.connectedBy, status.lastAttempt?.by], [null, null]);
      const jane = await session(stack, other, JANE);
      await stack.runFlow(jane, { accountId: SANDBOX_ACCOUNTS.gamma });
      await stack.request('/disconnect', { method: 'POST', token: jane });
      assert.equal((await stack.status(jane)).connectedBy, null);
    }));
});

describe('host events name the person who caused them', () => {
  test('connected and disconnected carry the session user; a break reported by Stripe carries nobody', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        const token = await session(stack, 'shop', JANE);
        await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
        await stack.sandbox.webhooksIdle();
        // Stripe's account.application.authorized would repair the connection before Sam's completion (and nobody
        // caused that): without it, the repair is Sam's.
        await stack.control.setWebhookUrl(null);
        await stack.runFlow(await session(stack, 'shop', SAM), { accountId: SANDBOX_ACCOUNTS.acme });
        await stack.request('/disconnect', { method: 'POST', token });
        await stack.worker!.drain();
        await receiver.waitFor(4);
        const got = receiver.received.map((r) => JSON.parse(r.body) as HostEvent);
        assert.deepEqual(
          got.map((e) => [e.type, e.by?.id ?? null]),
          [
            ['connection.connected', 'u_jane'],
            ['connection.broken', null],
            ['connection.repaired', 'u_sam'],
            ['connection.disconnected', 'u_jane'],
          ],
        );
        assert.equal(got[0]!.status.connectedBy?.email, 'jane@acme.example');
      },
    );
  });
});

describe('the product name for the element', () => {
  test('widget answers carry PLATFORM_NAME percent-encoded, exposed to the page by CORS', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await session(stack, shop);
        const answer = await fetch(`${stack.apiBase}/status`, { headers: { Authorization: `Bearer ${token}`, Origin: stack.origin } });
        assert.equal(answer.status, 200);
        assert.equal(decodeURIComponent(answer.headers.get('Reconnect-Platform-Name') ?? ''), 'Café Invoicing & Co');
        assert.match(answer.headers.get('Access-Control-Expose-Headers') ?? '', /Reconnect-Platform-Name/);
        ((await answer.json()) as Status).state satisfies string;
        // On an error too: the element can still name the product in its panel.
        const refused = await fetch(`${stack.apiBase}/status`, { headers: { Authorization: 'Bearer nope', Origin: stack.origin } });
        assert.equal(refused.status, 401);
        assert.equal(decodeURIComponent(refused.headers.get('Reconnect-Platform-Name') ?? ''), 'Café Invoicing & Co');
      },
      { platformName: 'Café Invoicing & Co' },
    ));

  test('without a configured name, no header', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const answer = await fetch(`${stack.apiBase}/status`, { headers: { Authorization: `Bearer ${await session(stack, shop)}` } });
      assert.equal(answer.headers.get('Reconnect-Platform-Name'), null);
    }));
});
