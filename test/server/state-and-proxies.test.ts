/**
 * What the OAuth state shows the world (nothing), and whose address the
 * per-address limits count behind proxies (`TRUST_PROXY`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../server/app.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import type { Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

const USER = { id: 'user-8731-jane', name: 'Jane Doe', email: 'jane@acme.example' };

/** Every way the text could be read: as is, and each part decoded from base64url, base64 and hex. */
function readings(state: string): string[] {
  const parts = [state, ...state.split(/[._~-]/)];
  const out = [state];
  for (const part of parts) {
    for (const encoding of ['base64url', 'base64', 'hex'] as const) {
      out.push(Buffer.from(part, encoding).toString('utf8'), Buffer.from(part, encoding).toString('latin1'));
    }
    out.push(decodeURIComponent(part));
  }
  return out;
}

describe('the OAuth state says nothing readable', () => {
  test('no part of it, decoded any way, holds the tenant, the page origin, the return URL or the user', () =>
    shared.run(async (stack) => {
      const tenant = uniqueTenant('acme-workspace-4242');
      const token = await stack.mintSession(tenant, { user: USER });
      const returnUrl = `${stack.origin}/settings/billing-stripe?tab=payments`;
      const started = await stack.request<{ authorizeUrl: string }>('/connect', { method: 'POST', token, json: { mode: 'redirect', returnUrl } });
      const authorize = new URL(started.body.authorizeUrl);
      const state = authorize.searchParams.get('state')!;
      assert.match(state, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, '32 random bytes and a MAC');
      const secrets = [tenant, 'acme-workspace', stack.origin, 'shop-settings', returnUrl, 'billing-stripe', 'redirect', USER.id, 'jane', 'Jane'];
      for (const reading of readings(state)) {
        for (const secret of secrets) assert.ok(!reading.includes(secret), `the state reveals ${secret}`);
      }
      // The whole authorize URL too (its redirect_uri is the backend's own callback, not the page's).
      for (const secret of secrets.filter((s) => s !== 'redirect')) {
        assert.ok(!decodeURIComponent(authorize.href).includes(secret), `the authorize URL reveals ${secret}`);
      }
      // Stored under a hash: the table cannot rebuild the state.
      const rows = await stack.store.db.query<{ state_key: string }>('SELECT state_key FROM oauth_states');
      assert.equal(rows.length, 1);
      assert.ok(!state.includes(rows[0]!.state_key) && !rows[0]!.state_key.includes(state.split('.')[0]!));
      // What it stands for is kept server-side, and the flow still comes back to the right page.
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { mode: 'redirect', returnUrl });
      assert.equal(new URL(flow.response.headers.get('location')!).pathname, '/settings/billing-stripe');
      assert.equal(flow.outcome, 'success');
    }));

  test('two states of one tenant share nothing', () =>
    shared.run(async (stack) => {
      const sameTenant = uniqueTenant('same-tenant');
      const token = await stack.mintSession(sameTenant);
      const states = await Promise.all(
        [1, 2].map(async () => {
          const started = await stack.request<{ authorizeUrl: string }>('/connect', { method: 'POST', token, json: { mode: 'popup' } });
          return new URL(started.body.authorizeUrl).searchParams.get('state')!;
        }),
      );
      const [a, b] = states.map((s) => Buffer.from(s.split('.')[0]!, 'base64url'));
      let same = 0;
      for (let i = 0; i < 32; i++) if (a![i] === b![i]) same++;
      assert.ok(same < 6, `${same} equal bytes of 32`);
    }));
});

/** A callback with a state this server never issued, from `forwardedFor` (as a proxy would say). */
async function junk(stack: Stack, forwardedFor?: string) {
  const response = await fetch(`${stack.apiBase}/oauth/callback?code=ac_x&state=${'A'.repeat(43)}.${'B'.repeat(43)}`, {
    headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {},
  });
  return (await response.text()).includes('Too many requests') ? 'rate_limited' : 'invalid_state';
}

/** A genuine flow whose browser comes back through the proxy as `forwardedFor`. */
async function genuine(stack: Stack, tenant: string, forwardedFor: string) {
  const token = await stack.mintSession(tenant);
  const started = await stack.request<{ authorizeUrl: string }>('/connect', { method: 'POST', token, json: { mode: 'popup' } });
  const back = await stack.control.completeAuthorize(started.body.authorizeUrl, { createAccount: true });
  const page = await fetch(back, { headers: { 'X-Forwarded-For': forwardedFor } });
  const text = await page.text();
  return text.includes('"outcome":"pending"') ? 'pending' : text.includes('Too many requests') ? 'rate_limited' : 'other';
}

const buckets = async (stack: Stack) =>
  (await stack.store.db.query<{ bucket: string }>(`SELECT DISTINCT bucket FROM rate_limits WHERE bucket LIKE 'callback-address:%'`)).map((r) => r.bucket).sort();

describe('limits that count clients, not the load balancer', () => {
  test('TRUST_PROXY=1: 120 junk callbacks from one forwarded client leave another client’s callback working', () =>
    shared.run(
      async (stack) => {
        const anotherClient = uniqueTenant('another-client');
        const junkClient = uniqueTenant('junk-client');
        const answers = [];
        for (let i = 0; i < 120; i++) answers.push(await junk(stack, `203.0.113.7`));
        assert.equal(answers.filter((a) => a === 'rate_limited').length, 60, 'the junk client is limited after 60');
        assert.equal(await junk(stack, '198.51.100.9'), 'invalid_state', 'another client’s junk still counts apart');
        assert.equal(await genuine(stack, anotherClient, '198.51.100.9'), 'pending');
        // A valid state is counted per tenant, never per address: the junk client's own genuine flow works too.
        assert.equal(await genuine(stack, junkClient, '203.0.113.7'), 'pending');
        assert.deepEqual(await buckets(stack), ['callback-address:198.51.100.9', 'callback-address:203.0.113.7']);
      },
      { trustProxy: 1 },
    ));

  test('by default X-Forwarded-For changes nothing: every junk callback counts against the socket’s address', () =>
    shared.run(async (stack) => {
      const someone = uniqueTenant('someone');
      const answers = [];
      for (let i = 0; i < 61; i++) answers.push(await junk(stack, `203.0.113.${i}`));
      assert.equal(answers.at(-1), 'rate_limited');
      assert.equal(await junk(stack, '198.51.100.9'), 'rate_limited', 'a made-up header is no way around the limit');
      assert.deepEqual(await buckets(stack), ['callback-address:127.0.0.1']);
      assert.equal(await genuine(stack, someone, '198.51.100.9'), 'pending', 'genuine callbacks are counted per tenant');
    }));

  test('a list of proxies (IPv4 and IPv6 CIDRs): the first address from the right that is not a proxy is the client', () =>
    shared.run(
      async (stack) => {
        await junk(stack, '192.0.2.1, 198.51.100.20, 2001:db8::7, 10.1.2.3');
        // Left of the first address that is not a proxy, anything goes: it is never read.
        await junk(stack, 'made-up, 2001:db8:ffff::1');
        // Ports and brackets, as some proxies write them; every hop a proxy: the leftmost is the client.
        await junk(stack, '[2001:db8::9]:4431, 10.0.0.1:8080');
        assert.deepEqual(await buckets(stack), ['callback-address:198.51.100.20', 'callback-address:2001:db8::9', 'callback-address:2001:db8:ffff::1']);
      },
      { trustProxy: '127.0.0.1, 10.0.0.0/8, 2001:db8::/48' },
    ));
});

describe('TRUST_PROXY is checked at start', () => {
  test('loadConfig reads a number of hops or a list, and names the variable when it is neither', () => {
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, '2');
    assert.equal(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1' }).trustProxy, '10.0.0.0/8, ::1');
    assert.equal(loadConfig({}).trustProxy, null);
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '::1/129', '-1', '1.2.3.4/8/2']) {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.startsWith('TRUST_PROXY')),
        bad,
      );
    }
  });

  test('createApp refuses a bad trustProxy when it is built, not per request', async () => {
    const options = { store: {} as never, stripe: { secretKey: 'sk_test_x', clientId: 'ca_x', webhookSecret: 'whsec_x' }, apiKey: 'k'.repeat(20), sessionSecret: 's'.repeat(40), encryptionKey: 'ab'.repeat(32), publicUrl: 'http://127.0.0.1:1', allowedOrigins: [] };
    assert.throws(() => createApp({ ...options, trustProxy: 'not-an-address' }), /TRUST_PROXY/);
  });
});
