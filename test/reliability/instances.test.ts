import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Status } from '../../contract/schemas.js';
import { sandboxControl } from '../../server/sandbox/control-client.js';
import { createSandbox, SANDBOX_ACCOUNTS, serveSandbox } from '../../server/sandbox/index.js';
import { apiClient, completeFlow, finishFlow } from '../support/flow.js';
import { freePort, startInstance, type Instance } from '../support/processes.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { POSTGRES_URL } from '../support/stores.js';

const ORIGIN = 'https://shop-settings.example';
const schema = `multi_${randomBytes(5).toString('hex')}`;
const databaseUrl = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;

let sandbox: Awaited<ReturnType<typeof serveSandbox>>;
const instances: Instance[] = [];
let receiver: Receiver;
const control = () => sandboxControl(sandbox.url);
const client = (i: number) => apiClient(instances[i]!.apiBase, ORIGIN);

/** The same URL Stripe sent the browser to, on another instance (as a load balancer might route it). */
function via(url: URL, i: number): URL {
  const moved = new URL(url);
  moved.port = String(instances[i]!.port);
  return moved;
}

before(async () => {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  receiver = await startReceiver();
  sandbox = await serveSandbox(createSandbox());
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  // One at a time first, so the migration runs once under its lock; then the rest.
  instances.push(await startInstance({ port: ports[0]!, stripeApiUrl: sandbox.url, databaseUrl, allowedOrigins: [ORIGIN], hostWebhookUrl: receiver.url }));
  instances.push(
    ...(await Promise.all(
      ports.slice(1).map((port) => startInstance({ port, stripeApiUrl: sandbox.url, databaseUrl, allowedOrigins: [ORIGIN], hostWebhookUrl: receiver.url })),
    )),
  );
  await control().setWebhookUrl(`${instances[1]!.apiBase}/webhooks/stripe`);
});

after(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await sandbox?.close();
  await receiver?.close();
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('three instances on one PostgreSQL', () => {
  test('a flow started on one instance comes back to another and is completed on a third, which all show the result', async () => {
    const token = await client(0).mintSession('shop-a');
    const authorizeUrl = await client(0).startFlow(token);
    const back = await control().completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme });
    const flow = await completeFlow(client(2), token, await finishFlow(via(back, 1), authorizeUrl));
    assert.equal(flow.outcome, 'success');
    const status = await client(1).request<Status>('/status', { token });
    assert.equal(status.body.state, 'connected');
  });

  test('50 copies of one callback, then 50 of its completion, spread over the instances: one exchange, one connection', async () => {
    const token = await client(0).mintSession('shop-b');
    const authorizeUrl = await client(0).startFlow(token);
    const back = await control().completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.beta });
    await control().resetCalls();
    const backs = await Promise.all(Array.from({ length: 50 }, (_, i) => finishFlow(via(back, i % 3), authorizeUrl)));
    const pending = backs.filter((r) => r.outcome === 'pending');
    assert.equal(pending.length, 1);
    assert.ok(backs.every((r) => r.outcome === 'pending' || ['invalid_state', 'rate_limited'].includes(r.code ?? '')));
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => completeFlow(client(i % 3), token, pending[0]!)));
    assert.equal(results.filter((r) => r.outcome === 'success').length, 1);
    assert.ok(results.every((r) => r.outcome === 'success' || ['invalid_state', 'rate_limited'].includes(r.code ?? '')));
    assert.equal((await control().calls()).token, 1);
  });

  test('two tenants racing for one account on two instances: one owner', async () => {
    const tokens = await Promise.all([client(0).mintSession('race-1'), client(1).mintSession('race-2')]);
    const urls = await Promise.all([client(0).startFlow(tokens[0]), client(1).startFlow(tokens[1])]);
    const backs = await Promise.all(urls.map((u) => control().completeAuthorize(u, { accountId: SANDBOX_ACCOUNTS.gamma })));
    const pending = await Promise.all([finishFlow(via(backs[0]!, 2), urls[0]!), finishFlow(via(backs[1]!, 0), urls[1]!)]);
    const results = await Promise.all([completeFlow(client(1), tokens[0], pending[0]), completeFlow(client(2), tokens[1], pending[1])]);
    assert.deepEqual(results.map((r) => r.code ?? 'success').sort(), ['account_already_integrated', 'success']);
  });

  test('each host event is delivered once, though every instance runs a delivery worker', async () => {
    await new Promise((r) => setTimeout(r, 2_500));
    const ids = receiver.received.map((r) => JSON.parse(r.body).id as string);
    assert.ok(ids.length >= 3, `expected the connections' events, got ${ids.length}`);
    assert.equal(new Set(ids).size, ids.length, 'no event delivered twice');
  });
});
