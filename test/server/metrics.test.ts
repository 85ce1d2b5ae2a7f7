import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../server/app.js';
import { createSandbox, SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { silentLogger } from '../../server/logger.js';
import { seedTenants } from '../support/fleet.js';
import { sharedStacks } from '../support/shared.js';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET, startStack, type Stack } from '../support/stack.js';

const shared = sharedStacks();
const TOKEN = 'prometheus-scrape-token-000000000001';

function scrape(stack: Stack, authorization?: string): Promise<Response> {
  return fetch(`${stack.apiBase}/metrics`, { headers: authorization ? { Authorization: authorization } : {} });
}

/** Each sample line's name and labels, e.g. `stripe_reconnect_tenants{state="connected"}`. */
const series = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('#'));

const appOptions = (store: Stack['store'], extra: Record<string, unknown>) => ({
  store,
  stripe: { ...createSandbox().credentials, apiUrl: 'http://127.0.0.1:9' },
  apiKey: API_KEY,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  publicUrl: 'http://127.0.0.1:9',
  allowedOrigins: ['https://shop.example'],
  logger: silentLogger,
  ...extra,
});

describe('GET /metrics', () => {
  test('answers every metric of the contract, by the names and labels of docs/design.md, with Node’s process metrics', () =>
    shared.run(
      async (stack) => {
        const token = await stack.connectTenant('metered-shop', SANDBOX_ACCOUNTS.acme);
        await stack.request('/status/check', { method: 'POST', token });
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme);
        // Stripe's webhook is delivered on its own time: the scrape reads the tenant once it has been applied.
        await stack.sandbox.webhooksIdle();
        await stack.admin('/tenants/metered-shop');
        const response = await scrape(stack, `Bearer ${TOKEN}`);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
        const text = await response.text();
        for (const [name, type] of [
          ['stripe_reconnect_tenants', 'gauge'],
          ['stripe_reconnect_problems', 'gauge'],
          ['stripe_reconnect_flows_total', 'counter'],
          ['stripe_reconnect_checks_total', 'counter'],
          ['stripe_reconnect_stripe_request_duration_seconds', 'histogram'],
          ['stripe_reconnect_recheck_overdue', 'gauge'],
          ['stripe_reconnect_host_webhook_backlog', 'gauge'],
          ['stripe_reconnect_host_webhook_oldest_seconds', 'gauge'],
          ['http_requests_total', 'counter'],
          ['http_request_duration_seconds', 'histogram'],
          ['process_cpu_seconds_total', 'counter'],
          ['nodejs_heap_size_used_bytes', 'gauge'],
        ]) {
          assert.ok(text.includes(`# TYPE ${name} ${type}\n`), `${name} (${type})`);
        }
        const lines = series(text);
        for (const line of [
          'stripe_reconnect_tenants{state="needs_attention"} 1',
          'stripe_reconnect_tenants{state="disconnected"} 0',
          'stripe_reconnect_problems{problem="deauthorized"} 1',
          'stripe_reconnect_flows_total{outcome="success"} 1',
          'stripe_reconnect_checks_total{trigger="request",result="ok"} 1',
          'stripe_reconnect_checks_total{trigger="webhook",result="broken"} 1',
          'http_requests_total{method="GET",route="/tenants/:tenantId",status="200"} 1',
          'http_requests_total{method="POST",route="/status/check",status="200"} 1',
        ]) {
          assert.ok(lines.includes(line), `${line} in\n${lines.filter((l) => !l.startsWith('nodejs') && !l.startsWith('process')).join('\n')}`);
        }
        assert.ok(lines.some((l) => l.startsWith('stripe_reconnect_stripe_request_duration_seconds_count{operation="accounts.retrieve",outcome="ok"}')));
        assert.ok(lines.some((l) => l.startsWith('http_request_duration_seconds_bucket{method="GET",route="/tenants/:tenantId",status="200",le="+Inf"} 1')));
      },
      { metricsToken: TOKEN },
    ));

  test('no label holds a tenant id, an account id or a raw path', () =>
    shared.run(
      async (stack) => {
        await stack.connectTenant('secret-shop-4711', SANDBOX_ACCOUNTS.beta);
        await seedTenants(stack.store.db, [{ tenantId: 'seeded-shop-0815', state: 'connected', accountId: 'acct_SeededAccount0815' }]);
        await stack.admin('/tenants/secret-shop-4711');
        await stack.admin('/tenants/nobody-0999');
        await stack.admin('/no/such/route/secret-shop-4711');
        const text = await (await scrape(stack, `Bearer ${TOKEN}`)).text();
        for (const id of ['secret-shop-4711', 'seeded-shop-0815', 'nobody-0999', SANDBOX_ACCOUNTS.beta, 'acct_SeededAccount0815', '/no/such', 'acct_']) {
          assert.ok(!text.includes(id), `${id} appears in the scrape`);
        }
        assert.ok(series(text).includes('http_requests_total{method="GET",route="unmatched",status="404"} 1'));
        assert.ok(!text.includes(TOKEN) && !text.includes(API_KEY));
      },
      { metricsToken: TOKEN },
    ));

  test('401 without the token, with another one, or with the API key', () =>
    shared.run(
      async (stack) => {
        for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${API_KEY}`, TOKEN, `Basic ${TOKEN}`]) {
          const response = await scrape(stack, authorization);
          assert.equal(response.status, 401, String(authorization));
          assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'unauthorized');
        }
      },
      { metricsToken: TOKEN },
    ));

  test('without METRICS_TOKEN the route does not exist: 404, whatever is sent', () =>
    shared.run(async (stack) => {
      for (const authorization of [undefined, `Bearer ${TOKEN}`]) assert.equal((await scrape(stack, authorization)).status, 404);
    }));

  test('two apps in one process keep registries of their own', async () => {
    const other = await startStack({ metricsToken: TOKEN });
    try {
      await shared.run(
        async (stack) => {
          await stack.admin('/fleet');
          await stack.admin('/fleet');
          const mine = series(await (await scrape(stack, `Bearer ${TOKEN}`)).text());
          const theirs = series(await (await scrape(other, `Bearer ${TOKEN}`)).text());
          assert.ok(mine.includes('http_requests_total{method="GET",route="/fleet",status="200"} 2'));
          assert.ok(!theirs.some((l) => l.includes('route="/fleet"')));
        },
        { metricsToken: TOKEN },
      );
    } finally {
      await other.close();
    }
  });

  test('createApp refuses a metrics token shorter than 32 characters and re-check settings it cannot use, naming the option', () =>
    shared.run(async (stack) => {
      assert.throws(() => createApp(appOptions(stack.store, { metricsToken: 'short' }) as never), /metricsToken must be at least 32 characters/);
      for (const interval of ['soon', '0s', 0, -5, '8d', 1.5]) {
        assert.throws(() => createApp(appOptions(stack.store, { recheck: { interval } }) as never), /^Error: recheck\.interval /, String(interval));
      }
      for (const rate of [0, -1, 1_001, Number.NaN]) {
        assert.throws(() => createApp(appOptions(stack.store, { recheck: { rate } }) as never), /^Error: recheck\.rate /, String(rate));
      }
    }));
});
