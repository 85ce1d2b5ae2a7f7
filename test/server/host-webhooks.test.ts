import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostEvent, TenantDetails } from '../../contract/schemas.js';
import { HostWebhookSignatureError, signHostWebhook, verifyHostWebhook } from '../../server/host-webhooks/signature.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import type { Receiver } from '../support/receiver.js';
import { createApp } from '../../server/app.js';
import { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET, withHostWebhooks, withStack, type Stack } from '../support/stack.js';

const events = (receiver: Receiver) => receiver.received.map((r) => JSON.parse(r.body) as HostEvent);
const settle = (stack: Stack) => stack.worker!.drain();

describe('outbound host webhooks', () => {
  test('each event type fires exactly when the state changes, signed, in order, and never otherwise', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme); // connected
        await stack.request('/status/check', { method: 'POST', token }); // confirms: no event
        await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }); // connected again, same account: no event
        await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta }); // mismatch: no event
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true }); // broken (deauthorized)
        await stack.sandbox.webhooksIdle();
        await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }); // repaired
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
        await stack.request('/status/check', { method: 'POST', token }); // broken (access_revoked)
        await stack.request('/disconnect', { method: 'POST', token }); // disconnected
        const acme = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
        await stack.admin('/tenants/legacy/legacy', { method: 'PUT', json: { publishableKey: acme.publishableKeys.test } }); // no event
        await settle(stack);
        await receiver.waitFor(5);
        await settle(stack);

        const got = events(receiver);
        assert.deepEqual(
          got.map((e) => [e.type, e.reason, e.status.state]),
          [
            ['connection.connected', null, 'connected'],
            ['connection.broken', 'deauthorized', 'needs_attention'],
            ['connection.repaired', null, 'connected'],
            ['connection.broken', 'access_revoked', 'needs_attention'],
            ['connection.disconnected', null, 'disconnected'],
          ],
        );
        assert.ok(got.every((e) => e.tenantId === 'shop' && /^evt_/.test(e.id)));
        assert.equal(new Set(got.map((e) => e.id)).size, 5);
        for (const delivery of receiver.received) {
          assert.equal(verifyHostWebhook(delivery.body, delivery.signature, HOST_WEBHOOK_SECRET).id, JSON.parse(delivery.body).id);
        }
        const details = await stack.admin<TenantDetails>('/tenants/shop');
        assert.equal(details.body.deliveries.length, 5);
        assert.ok(details.body.deliveries.every((d) => d.state === 'delivered' && d.lastStatusCode === 200 && d.nextAttemptAt === null));
      },
      { statusReuseMs: 0 },
    );
  });

  test('a host answering 500 three times gets the same event again after each failure, then the outbox drains', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        receiver.respond = () => (receiver.received.length <= 3 ? 500 : 200);
        await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
        const all = await receiver.waitFor(4);
        assert.equal(new Set(all.map((r) => JSON.parse(r.body).id)).size, 1, 'one event, delivered four times');
        await settle(stack);
        const details = await stack.admin<TenantDetails>('/tenants/shop');
        const [delivery] = details.body.deliveries;
        assert.equal(delivery?.state, 'delivered');
        assert.equal(delivery?.attempts, 4);
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(receiver.received.length, 4, 'nothing more once delivered');
      },
      { delivery: { baseDelayMs: 20, pollMs: 20 } },
    );
  });

  test('a host that hangs does not hold up the callback: the flow ends while the delivery is still open', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        receiver.respond = () => 'hang';
        const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
        await receiver.waitFor(1);
        // The first delivery is still hanging; a second flow and the API answer regardless.
        await stack.request('/disconnect', { method: 'POST', token });
        const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
        assert.equal(flow.outcome, 'success');
        assert.equal((await stack.status(token)).state, 'connected');
        assert.equal(receiver.received.length, 1, 'later events wait behind the first (in order per tenant)');
      },
      { delivery: { timeoutMs: 60_000 } },
    );
  });

  test('a second app with host webhooks on the same store is refused at start, rather than writing every event twice', async () => {
    await withStack(async (stack) => {
      const again = () =>
        createApp({
          store: stack.store,
          stripe: { ...stack.sandbox.credentials, apiUrl: stack.sandboxUrl },
          apiKey: API_KEY,
          sessionSecret: SESSION_SECRET,
          encryptionKey: ENCRYPTION_KEY,
          publicUrl: stack.apiBase,
          allowedOrigins: [stack.origin],
          hostWebhook: { url: 'http://127.0.0.1:9/hooks', secret: HOST_WEBHOOK_SECRET },
        });
      assert.throws(again, /outbox_rows already records this store's changes/);
      // The first app still writes its events, once.
      await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
      const [row] = await stack.store.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE tenant_id = 'shop'");
      assert.equal(row!.n, 1);
    }, { hostWebhookUrl: 'http://127.0.0.1:9/unreachable', delivery: { pollMs: 60_000, baseDelayMs: 60_000 } });
  });
});

describe('verifyHostWebhook', () => {
  const body = JSON.stringify({
    id: 'evt_1',
    type: 'connection.connected',
    createdAt: '2026-11-20T10:00:00.000Z',
    tenantId: 't',
    reason: null,
    by: null,
    status: { state: 'connected', problem: null, account: null, expected: null, lastAttempt: null, connectedBy: null, warning: null, connectedAt: null, checkedAt: null },
  });
  const now = 1_800_000_000;

  test('accepts a good signature and returns the event', () => {
    const event = verifyHostWebhook(body, signHostWebhook(body, 'secret-secret-secret', now), 'secret-secret-secret', { now: () => new Date(now * 1000) });
    assert.equal(event.type, 'connection.connected');
  });

  test('refuses a bad signature, an old timestamp and a changed body', () => {
    const header = signHostWebhook(body, 'secret-secret-secret', now);
    const cases: Array<[string, () => unknown]> = [
      ['wrong secret', () => verifyHostWebhook(body, header, 'another-secret-here', { now: () => new Date(now * 1000) })],
      ['old timestamp', () => verifyHostWebhook(body, header, 'secret-secret-secret', { now: () => new Date((now + 301) * 1000) })],
      ['changed body', () => verifyHostWebhook(body.replace('"t"', '"u"'), header, 'secret-secret-secret', { now: () => new Date(now * 1000) })],
      ['no header', () => verifyHostWebhook(body, null, 'secret-secret-secret')],
      ['malformed header', () => verifyHostWebhook(body, 'v1=zz', 'secret-secret-secret')],
    ];
    for (const [name, fn] of cases) assert.throws(fn, HostWebhookSignatureError, name);
  });
});
