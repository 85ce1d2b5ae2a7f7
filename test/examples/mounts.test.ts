/**
 * The backend mounted in someone else's app, over real HTTP: examples/hono-mount.ts
 * and examples/express-mount.ts, each against its own Stripe sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Status } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { runFlow } from '../support/flow.js';
import { adminSession, clientsOf, hostSession, startExample, type RunningExample } from './support.js';

const MOUNT = '/billing/stripe-reconnect';

interface Mount {
  name: string;
  file: string;
  /** One of the host's own routes, and what it answers. */
  hostRoute: { path: string; init?: RequestInit; status: number; body: unknown };
}

const MOUNTS: Mount[] = [
  {
    name: 'Hono app (examples/hono-mount.ts)',
    file: 'hono-mount.ts',
    hostRoute: { path: '/api/invoices', status: 200, body: { invoices: [{ id: 'inv_1', total: 4200, currency: 'eur' }] } },
  },
  {
    name: 'Express 5 app (examples/express-mount.ts)',
    file: 'express-mount.ts',
    // A JSON body through the host's own express.json(), mounted after the backend.
    hostRoute: {
      path: '/api/notes',
      init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'call the bank' }) },
      status: 201,
      body: { note: { id: 'note_1', text: 'call the bank' } },
    },
  },
];

for (const mount of MOUNTS) {
  describe(`mounted in an ${mount.name}`, () => {
    let running: RunningExample;
    before(async () => {
      running = await startExample(mount.file);
    });
    after(() => running?.close());

    test('the host keeps its own routes', async () => {
      const home = await fetch(`${running.url}/`);
      assert.equal(home.status, 200);
      assert.equal(await home.text(), 'Acme Invoicing');
      const own = await fetch(`${running.url}${mount.hostRoute.path}`, mount.hostRoute.init);
      assert.equal(own.status, mount.hostRoute.status);
      assert.deepEqual(await own.json(), mount.hostRoute.body);
    });

    test(`the backend answers under ${MOUNT}, in the contract's words`, async () => {
      assert.equal(running.apiBase, `${running.url}${MOUNT}`);
      const health = await fetch(`${running.apiBase}/healthz`);
      assert.equal(health.status, 200);
      const unknown = await fetch(`${running.apiBase}/no-such-route`);
      assert.equal(unknown.status, 404);
      const body = (await unknown.json()) as { error: { code: string; requestId: string } };
      assert.equal(body.error.code, 'not_found');
      assert.ok(body.error.requestId);
      const openapi = await fetch(`${running.apiBase}/openapi.json`);
      assert.equal(openapi.status, 200);
    });

    test('a session minted by the admin route and one minted in-process both read GET /status', async () => {
      const { client } = clientsOf(running);
      const admin = await adminSession(running, 'ws_admin_minted');
      assert.equal(admin.status, 201);
      for (const token of [admin.token, await hostSession(running)]) {
        const status = await client.request<Status>('/status', { token });
        assert.equal(status.status, 200, status.text);
        assert.equal(status.body.state, 'not_connected');
      }
      const anonymous = await client.request<{ error: { code: string } }>('/status');
      assert.equal(anonymous.status, 401);
    });

    test('a whole OAuth flow through the sandbox connects the tenant, in popup and redirect mode', async () => {
      const { client, control } = clientsOf(running);
      const token = (await adminSession(running, 'ws_flow')).token;
      const popup = await runFlow(client, control, token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(popup.callbackUrl.pathname, `${MOUNT}/oauth/callback`, 'Stripe came back to the mounted callback');
      assert.equal(popup.outcome, 'success', popup.response.text);
      assert.equal(popup.targetOrigin, new URL(running.url).origin);
      const status = (await client.request<Status>('/status', { token })).body;
      assert.equal(status.state, 'connected');
      assert.equal(status.account?.id, SANDBOX_ACCOUNTS.acme);
      assert.equal(status.account?.name, 'Acme Inc');

      const returnUrl = `${running.url}/settings/payments`;
      const redirect = await runFlow(client, control, token, { accountId: SANDBOX_ACCOUNTS.acme }, { mode: 'redirect', returnUrl });
      assert.equal(redirect.response.status, 303);
      const back = new URL(redirect.response.headers.get('Location') ?? '');
      assert.equal(`${back.origin}${back.pathname}`, returnUrl);
      assert.equal(back.searchParams.get('stripe_reconnect'), 'pending');
      assert.equal(redirect.outcome, 'success', 'completed by the widget’s session');
    });

    test("Stripe's signed webhook reaches the mounted endpoint with its body intact", async () => {
      const { client, control } = clientsOf(running);
      const token = (await adminSession(running, 'ws_webhook')).token;
      const flow = await runFlow(client, control, token, { accountId: SANDBOX_ACCOUNTS.beta });
      assert.equal(flow.outcome, 'success', flow.response.text);

      await control.revoke(SANDBOX_ACCOUNTS.beta, { webhook: true });
      await running.backend.sandbox!.webhooksIdle();
      const delivery = (await control.deliveries()).at(-1);
      assert.equal(delivery?.httpStatus, 200, 'the signature checked out: no body parser got there first');
      const status = (await client.request<Status>('/status', { token })).body;
      assert.equal(status.state, 'needs_attention');
      assert.equal(status.problem?.code, 'deauthorized');
    });
  });
}
