/**
 * Who a request is counted as (TRUST_PROXY) and the limits that count it,
 * in-process with `app.request()`; the counters live in a real, in-memory store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Hono, type Context } from 'hono';
import { ReconnectError } from '../../server/errors.js';
import { clientAddressResolver, parseTrustProxy, type TrustProxy } from '../../server/middleware/client-address.js';
import { createRateLimiter, rateLimit, type RateLimitHit, type RateLimiter } from '../../server/middleware/rate-limit.js';
import type { Store } from '../../server/store/index.js';
import { freshStore } from '../support/stores.js';
import { tinyApp, codeOf, peer } from './support/tiny-app.js';

describe('client address: TRUST_PROXY', () => {
  async function resolve(trust: TrustProxy | null | undefined, socket: string | undefined, forwarded?: string): Promise<string> {
    const clientAddress = clientAddressResolver(trust);
    const app = new Hono().get('/', (c: Context) => c.text(clientAddress(c)));
    const res = await app.request('/', { headers: forwarded === undefined ? {} : { 'X-Forwarded-For': forwarded } }, peer(socket));
    return res.text();
  }

  const cases: Array<[string, TrustProxy | null | undefined, string | undefined, string | undefined, string]> = [
    // [case, TRUST_PROXY, socket peer, X-Forwarded-For, client]
    ['trust nothing: the socket, X-Forwarded-For ignored', undefined, '203.0.113.5', '198.51.100.7', '203.0.113.5'],
    ['trust nothing (null)', null, '203.0.113.5', '198.51.100.7', '203.0.113.5'],
    ['trust nothing (0)', 0, '203.0.113.5', '198.51.100.7', '203.0.113.5'],
    ['trust nothing: an IPv4-mapped peer is its IPv4 address', undefined, '::ffff:203.0.113.5', undefined, '203.0.113.5'],
    ['trust nothing: an IPv6 peer counts as its /64', undefined, '2001:db8::1', undefined, '2001:db8:0:0::/64'],
    ['trust nothing: another address of the same /64 is the same client', undefined, '2001:db8::ffff:1:2:3', undefined, '2001:db8:0:0::/64'],
    ['trust nothing: the next /64 is another client', undefined, '2001:db8:0:1::1', undefined, '2001:db8:0:1::/64'],
    ['trust nothing: IPv6 written in full', undefined, '2001:0db8:0000:0042:0000:8a2e:0370:7334', undefined, '2001:db8:0:42::/64'],
    ['trust nothing: IPv6 loopback', undefined, '::1', undefined, '0:0:0:0::/64'],
    ['no socket address known', undefined, undefined, undefined, 'unknown'],

    ['1 hop: the entry the proxy appended', 1, '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['1 hop, as text', '1', '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['1 hop: entries the client wrote (left) are not believed', 1, '10.0.0.1', '6.6.6.6, 198.51.100.7', '198.51.100.7'],
    ['1 hop: junk the client wrote is not believed', 1, '10.0.0.1', 'junk, <script>, , 198.51.100.7', '198.51.100.7'],
    ['1 hop, no X-Forwarded-For: the socket', 1, '10.0.0.1', undefined, '10.0.0.1'],
    ['1 hop: a port dropped', 1, '10.0.0.1', '198.51.100.7:4711', '198.51.100.7'],
    ['1 hop: a bracketed IPv6 with a port', 1, '10.0.0.1', '[2001:db8::7]:443', '2001:db8:0:0::/64'],
    ['1 hop: a bracketed IPv6 without a port', 1, '10.0.0.1', '[2001:db8::7]', '2001:db8:0:0::/64'],
    ['1 hop: IPv4-mapped, spelled in capitals', 1, '10.0.0.1', '::FFFF:198.51.100.7', '198.51.100.7'],
    ['1 hop: an IPv6 client', 1, '10.0.0.1', '2a00:1450:4001::1', '2a00:1450:4001:0::/64'],
    ['1 hop: an empty entry at the end is skipped', 1, '10.0.0.1', '198.51.100.7, ', '198.51.100.7'],
    ['2 hops', 2, '10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2', '198.51.100.7'],
    ['2 hops but one entry: the leftmost there is', 2, '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['2 hops, no header: the socket', 2, '10.0.0.1', undefined, '10.0.0.1'],

    ['a CIDR: a peer inside it is a proxy', '10.0.0.0/8', '10.1.2.3', '198.51.100.7', '198.51.100.7'],
    ['a CIDR: a peer outside it is the client, whatever it sends', '10.0.0.0/8', '203.0.113.9', '198.51.100.7', '203.0.113.9'],
    ['a list: through every trusted proxy, from the right', '10.0.0.0/8, 192.0.2.7', '10.0.0.1', '6.6.6.6, 198.51.100.7, 192.0.2.7', '198.51.100.7'],
    ['a list given as an array', ['10.0.0.0/8', '192.0.2.7'], '10.0.0.1', '6.6.6.6, 198.51.100.7, 192.0.2.7', '198.51.100.7'],
    ['a list: a single address, not a range', '192.0.2.7', '192.0.2.8', '198.51.100.7', '192.0.2.8'],
    ['a list: every hop trusted, the leftmost entry', '10.0.0.0/8', '10.0.0.1', '10.0.0.3, 10.0.0.2', '10.0.0.3'],
    ['a list: the first untrusted hop, even junk, ends the walk', '10.0.0.0/8', '10.0.0.1', '198.51.100.7, junk', 'junk'],
    ['a list: an IPv4-mapped peer inside the range', '10.0.0.0/8', '::ffff:10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['IPv6 CIDR', '2001:db8::/32', '2001:db8::1', '6.6.6.6, 2a00:1450::1, 2001:db8:ffff::2', '2a00:1450:0:0::/64'],
    ['IPv6 CIDR: a peer outside it', '2001:db8::/32', '2001:db9::1', '2a00:1450::1', '2001:db9:0:0::/64'],
    ['IPv4 and IPv6 ranges together', '10.0.0.0/8, 2001:db8::/32', '2001:db8::1', '198.51.100.7, 10.0.0.9', '198.51.100.7'],
    ['a /32 is one address', '192.0.2.7/32', '192.0.2.7', '198.51.100.7', '198.51.100.7'],
  ];
  for (const [name, trust, socket, forwarded, expected] of cases) {
    test(name, async () => assert.equal(await resolve(trust, socket, forwarded), expected));
  }

  test('an entry too long to be an address is cut to 64 characters (a bounded rate-limit key)', async () => {
    const address = await resolve(1, '10.0.0.1', 'a'.repeat(500));
    assert.equal(address, 'a'.repeat(64));
  });

  test('at most 32 X-Forwarded-For entries are read', async () => {
    const entries = Array.from({ length: 100 }, (_, i) => `198.51.100.${i}`);
    // 32 hops from the socket reach the 32nd entry from the right, and no further.
    assert.equal(await resolve(32, '10.0.0.1', entries.join(', ')), '198.51.100.68');
    assert.equal(await resolve('0.0.0.0/0', '10.0.0.1', entries.join(', ')), '198.51.100.68');
  });

  const parsed: Array<[string, TrustProxy | null | undefined, { hops: number } | 'proxies']> = [
    ['undefined', undefined, { hops: 0 }],
    ['null', null, { hops: 0 }],
    ['0', 0, { hops: 0 }],
    ['32', 32, { hops: 32 }],
    ['"2" with spaces', ' 2 ', { hops: 2 }],
    ['one address', '192.0.2.7', 'proxies'],
    ['IPv6 /128', '2001:db8::1/128', 'proxies'],
    ['IPv4 /0', '0.0.0.0/0', 'proxies'],
  ];
  for (const [name, value, expected] of parsed) {
    test(`parseTrustProxy: ${name}`, () => {
      const trust = parseTrustProxy(value);
      if (expected === 'proxies') assert.ok('proxies' in trust);
      else assert.deepEqual(trust, expected);
    });
  }

  const refused: Array<[string, TrustProxy, RegExp]> = [
    ['33 hops', 33, /0 to 32/],
    ['-1 hops', -1, /0 to 32/],
    ['"-1" as text', '-1', /"-1" is not an IP address/],
    ['1.5 hops', 1.5, /0 to 32/],
    ['empty', '', /give a number of hops or proxy addresses/],
    ['only commas', ' , ,', /give a number of hops or proxy addresses/],
    ['an empty list', [], /give a number of hops or proxy addresses/],
    ['a host name', 'proxy.internal', /"proxy\.internal" is not an IP address/],
    ['an IPv4 prefix over 32', '10.0.0.0/33', /"10\.0\.0\.0\/33"/],
    ['an IPv6 prefix over 128', '2001:db8::/129', /"2001:db8::\/129"/],
    ['an empty prefix', '10.0.0.0/', /"10\.0\.0\.0\/"/],
    ['a prefix that is no number', '10.0.0.0/x', /"10\.0\.0\.0\/x"/],
    ['two prefixes', '10.0.0.0/8/16', /"10\.0\.0\.0\/8\/16"/],
    ['a port', '10.0.0.1:8080', /"10\.0\.0\.1:8080"/],
    ['one bad entry among good ones', '10.0.0.0/8, nonsense, 192.0.2.7', /"nonsense"/],
  ];
  for (const [name, value, message] of refused) {
    test(`parseTrustProxy refuses ${name}, naming it`, () => {
      assert.throws(() => parseTrustProxy(value), (e: unknown) => e instanceof Error && /^TRUST_PROXY: /.test(e.message) && message.test(e.message));
    });
  }

  test('a bad entry is named cut to 60 characters', () => {
    assert.throws(() => parseTrustProxy('x'.repeat(500)), (e: unknown) => e instanceof Error && e.message.includes(`"${'x'.repeat(60)}"`) && !e.message.includes('x'.repeat(61)));
  });
});

describe('rate limits (counted in an in-memory store)', () => {
  let store: Store;
  before(async () => {
    store = await freshStore('pglite');
  });
  after(() => store.close());

  /** A whole minute (and 360 s into its hour), in seconds. */
  const MINUTE = 1_794_999_960;
  /** A clock in seconds, 15 s into a minute: a 60 s window ends 45 s later. */
  const clock = (start = MINUTE + 15) => {
    const c = { s: start, now: () => new Date(c.s * 1000) };
    return c;
  };
  let bucket = 0;
  /** A name no other test counts under. */
  const fresh = (name: string) => `${name}-${(bucket += 1)}`;

  async function rejection(limiter: RateLimiter, ...hits: RateLimitHit[]): Promise<number | null> {
    try {
      await limiter.hit(...hits);
      return null;
    } catch (error) {
      assert.ok(error instanceof ReconnectError);
      assert.equal(error.code, 'rate_limited');
      return error.retryAfter!;
    }
  }

  test('through the middleware: the limit, then 429 with Retry-After to the end of the window, the handler not reached', async () => {
    const t = clock();
    const name = fresh('tenant');
    const limiter = createRateLimiter(store, t.now);
    const { app, reached } = tinyApp(
      rateLimit({ limiter, rules: [{ name, rule: { limit: 2, windowSeconds: 60 }, key: (c) => c.req.header('X-Tenant') ?? null }] }),
    );
    const call = () => app.request('/', { headers: { 'X-Tenant': 'shop' } });
    assert.deepEqual([(await call()).status, (await call()).status], [200, 200]);
    const limited = await call();
    assert.equal(limited.status, 429);
    assert.equal(await codeOf(limited), 'rate_limited');
    assert.equal(limited.headers.get('Retry-After'), '45');
    assert.equal(reached(), 2);

    t.s += 45; // the next window
    assert.equal((await call()).status, 200);
  });

  test('a rule whose key is null for a request is skipped', async () => {
    const name = fresh('tenant');
    const { app, reached } = tinyApp(
      rateLimit({ limiter: createRateLimiter(store, clock().now), rules: [{ name, rule: { limit: 1, windowSeconds: 60 }, key: (c) => c.req.header('X-Tenant') ?? null }] }),
    );
    for (let i = 0; i < 5; i++) assert.equal((await app.request('/')).status, 200);
    assert.equal(reached(), 5);
  });

  const cases: Array<[string, (limiter: RateLimiter, name: string) => Promise<Array<number | null>>, Array<number | null>]> = [
    // [case, the hits, each one's Retry-After or null]
    ['under the limit', async (l, name) => [await rejection(l, { name, key: 'a', rule: { limit: 3, windowSeconds: 60 } })], [null]],
    ['at the limit, then over', async (l, name) => {
      const hit = { name, key: 'a', rule: { limit: 1, windowSeconds: 60 } };
      return [await rejection(l, hit), await rejection(l, hit), await rejection(l, hit)];
    }, [null, 45, 45]],
    ['keys count apart', async (l, name) => {
      const rule = { limit: 1, windowSeconds: 60 };
      return [await rejection(l, { name, key: 'a', rule }), await rejection(l, { name, key: 'b', rule }), await rejection(l, { name, key: 'a', rule })];
    }, [null, null, 45]],
    ['names count apart', async (l, name) => {
      const rule = { limit: 1, windowSeconds: 60 };
      return [await rejection(l, { name, key: 'a', rule }), await rejection(l, { name: `${name}-2`, key: 'a', rule }), await rejection(l, { name: `${name}-2`, key: 'a', rule })];
    }, [null, null, 45]],
    ['two rules over at once: the longer wait', async (l, name) => {
      const hits = [{ name, key: 'a', rule: { limit: 1, windowSeconds: 60 } }, { name: `${name}-hour`, key: 'a', rule: { limit: 1, windowSeconds: 3600 } }];
      return [await rejection(l, ...hits), await rejection(l, ...hits)];
    }, [null, 3600 - 375]],
    ['the same bucket twice in one request counts once', async (l, name) => {
      const hit = { name, key: 'a', rule: { limit: 1, windowSeconds: 60 } };
      return [await rejection(l, hit, hit)];
    }, [null]],
    ['one rule over is enough', async (l, name) => {
      const tight = { name, key: 'a', rule: { limit: 1, windowSeconds: 60 } };
      const loose = { name: `${name}-loose`, key: 'a', rule: { limit: 100, windowSeconds: 60 } };
      return [await rejection(l, tight, loose), await rejection(l, tight, loose)];
    }, [null, 45]],
  ];
  for (const [name, run, expected] of cases) {
    test(name, async () => assert.deepEqual(await run(createRateLimiter(store, clock().now), fresh('rule')), expected));
  }

  test('at the last second of a window, Retry-After is 1', async () => {
    const hit = { name: fresh('edge'), key: 'a', rule: { limit: 1, windowSeconds: 60 } };
    const limiter = createRateLimiter(store, clock(MINUTE + 59).now);
    assert.deepEqual([await rejection(limiter, hit), await rejection(limiter, hit)], [null, 1]);
  });

  test('two limiters on one store (two instances) share the count', async () => {
    const t = clock();
    const hit = { name: fresh('shared'), key: 'a', rule: { limit: 2, windowSeconds: 60 } };
    const one = createRateLimiter(store, t.now);
    const two = createRateLimiter(store, t.now);
    assert.deepEqual([await rejection(one, hit), await rejection(two, hit), await rejection(one, hit)], [null, null, 45]);
  });
});
