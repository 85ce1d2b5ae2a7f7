/**
 * Whose address the per-address limits count (`TRUST_PROXY`; IPv6 by /64),
 * and that junk (tokens this server never issued) costs memory, not writes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApp } from '../../server/app.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { uniqueTenant } from '../support/shared.js';
import { browse, CookieJar, withStack, type Stack, type StackOptions } from '../support/stack.js';

/**
 * Each test counts up to a limit of 60 a minute, and the limits count in
 * fixed windows of the server's clock: a test that crossed a minute would see
 * its count start again. Its stack's clock is real time shifted to the start
 * of a window, so the test has the whole minute.
 */
function run(fn: (stack: Stack) => Promise<void>, options: Omit<StackOptions, 'now'> = {}) {
  const offset = 60_000 - (Date.now() % 60_000);
  return withStack(fn, { ...options, now: () => new Date(Date.now() + offset) });
}

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
  const jar = new CookieJar();
  const back = await stack.control.completeAuthorize(await stack.startFlow(token, { browser: jar }), { createAccount: true });
  const page = await browse(back, jar, { 'X-Forwarded-For': forwardedFor });
  const text = await page.text();
  return text.includes('"outcome":"pending"') ? 'pending' : text.includes('Too many requests') ? 'rate_limited' : 'other';
}

/** Sends junk as `client` until it is limited; answers how many were let through (the limit is 60 a minute). */
async function untilLimited(stack: Stack, client: string): Promise<number> {
  for (let i = 0; i < 100; i++) if ((await junk(stack, client)) === 'rate_limited') return i;
  return 100;
}

/** Junk never reaches the database: no rate-limit row, no state, nothing. */
const writes = async (stack: Stack) => (await stack.store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limits'))[0]!.n;

describe('limits that count clients, not the load balancer', () => {
  test('TRUST_PROXY=1: 120 junk callbacks from one forwarded client leave another client’s callback working', () =>
    run(
      async (stack) => {
        const anotherClient = uniqueTenant('another-client');
        const junkClient = uniqueTenant('junk-client');
        const answers = [];
        for (let i = 0; i < 120; i++) answers.push(await junk(stack, `203.0.113.7`));
        assert.equal(answers.filter((a) => a === 'rate_limited').length, 60, 'the junk client is limited after 60');
        assert.equal(await junk(stack, '198.51.100.9'), 'invalid_state', 'another client’s junk still counts apart');
        assert.equal(await writes(stack), 0, 'junk is counted in memory: not one write');
        assert.equal(await genuine(stack, anotherClient, '198.51.100.9'), 'pending');
        // A valid state is counted per tenant, never per address: the junk client's own genuine flow works too.
        assert.equal(await genuine(stack, junkClient, '203.0.113.7'), 'pending');
      },
      { trustProxy: 1 },
    ));

  test('by default X-Forwarded-For changes nothing: every junk callback counts against the socket’s address', () =>
    run(async (stack) => {
      const someone = uniqueTenant('someone');
      const answers = [];
      for (let i = 0; i < 61; i++) answers.push(await junk(stack, `203.0.113.${i}`));
      assert.equal(answers.at(-1), 'rate_limited');
      assert.equal(await junk(stack, '198.51.100.9'), 'rate_limited', 'a made-up header is no way around the limit');
      assert.equal(await genuine(stack, someone, '198.51.100.9'), 'pending', 'genuine callbacks are counted per tenant');
    }));

  test('a list of proxies (IPv4 and IPv6 CIDRs): the first address from the right that is not a proxy is the client', () =>
    run(
      async (stack) => {
        // Left of the first address that is not a proxy, anything goes: it is never read.
        assert.equal(await untilLimited(stack, 'made-up, 198.51.100.20, 2001:db8::7, 10.1.2.3'), 60);
        assert.equal(await junk(stack, '192.0.2.1, 198.51.100.20, 10.0.0.9'), 'rate_limited', 'the same client through another proxy');
        assert.equal(await junk(stack, '198.51.100.21'), 'invalid_state', 'another client');
        // Ports and brackets, as some proxies write them; every hop a proxy: the leftmost is the client.
        assert.equal(await untilLimited(stack, '[2001:db8::9]:4431, 10.0.0.1:8080'), 60);
        assert.equal(await junk(stack, '2001:db8:ffff::1'), 'invalid_state', 'an IPv6 client of another /64');
      },
      { trustProxy: '127.0.0.1, 10.0.0.0/8, 2001:db8::/48' },
    ));

  test('IPv6 counts per /64: a client cannot get round the limit by changing the low 64 bits', () =>
    run(
      async (stack) => {
        for (let i = 0; i < 60; i++) assert.equal(await junk(stack, `2001:db8:1:2:${i.toString(16)}:ab:cd:ef`), 'invalid_state');
        assert.equal(await junk(stack, '2001:db8:1:2::dead:beef'), 'rate_limited', 'another address of the same /64');
        assert.equal(await junk(stack, '2001:db8:1:3::1'), 'invalid_state', 'the neighbouring /64 is another client');
        assert.equal(await writes(stack), 0);
      },
      { trustProxy: 1 },
    ));

  test('junk start addresses are limited like junk callbacks, in memory', () =>
    run(
      async (stack) => {
        const start = (client: string) => browse(`${stack.apiBase}/oauth/start?flow=${'A'.repeat(43)}.${'B'.repeat(43)}`, new CookieJar(), { 'X-Forwarded-For': client });
        const first = await start('203.0.113.50');
        assert.equal(first.status, 400);
        assert.equal(first.headers.get('location'), null, 'nobody is sent to Stripe');
        for (let i = 0; i < 59; i++) await (await start('203.0.113.50')).body?.cancel();
        assert.equal((await start('203.0.113.50')).status, 429);
        assert.equal((await start('203.0.113.51')).status, 400, 'another client');
        assert.equal(await writes(stack), 0);
      },
      { trustProxy: 1 },
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
    const options = { store: {} as never, stripe: { secretKey: 'sk_test_x', clientId: 'ca_x', webhookSecret: 'whsec_x' }, apiKey: 'k'.repeat(40), sessionSecret: 's'.repeat(40), encryptionKey: '0123456789abcdef'.repeat(4), publicUrl: 'http://127.0.0.1:1', allowedOrigins: [] };
    assert.throws(() => createApp({ ...options, trustProxy: 'not-an-address' }), /TRUST_PROXY/);
  });
});
