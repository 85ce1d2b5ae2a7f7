/**
 * The middleware of `server/middleware/`, each in a tiny Hono app called
 * in-process with `app.request()`, as Hono tests its own. The socket's peer
 * is given the way @hono/node-server gives it (`env.incoming.socket`), and
 * the rate limits count in a real, in-memory store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PLATFORM_NAME_HEADER } from '../../contract/codes.js';
import type { AppEnv } from '../../server/env.js';
import { ReconnectError } from '../../server/errors.js';
import { createLogger } from '../../server/logger.js';
import { apiKeyAuth, sessionAuth } from '../../server/middleware/auth.js';
import { clientAddressResolver, parseTrustProxy, type TrustProxy } from '../../server/middleware/client-address.js';
import { strictCors } from '../../server/middleware/cors.js';
import { platformName } from '../../server/middleware/platform-name.js';
import { createRateLimiter, rateLimit, type RateLimitHit, type RateLimiter } from '../../server/middleware/rate-limit.js';
import { requestContext } from '../../server/middleware/request-context.js';
import { mintSession } from '../../server/security/session-token.js';
import type { Store } from '../../server/store/index.js';
import { freshStore } from '../support/stores.js';

/** A tiny app: the middleware, then a route that says what it saw; errors as the contract's code. */
function tinyApp(...middleware: MiddlewareHandler<AppEnv>[]) {
  const app = new Hono<AppEnv>();
  let reached = 0;
  for (const m of middleware) app.use(m);
  app.all('/', (c) => {
    reached += 1;
    return c.json({ session: c.get('session') ?? null, requestId: c.get('requestId') ?? null });
  });
  app.get('/fails', () => {
    throw new ReconnectError('not_found');
  });
  app.onError((err, c) => {
    if (!(err instanceof ReconnectError)) throw err;
    if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
    return c.json({ code: err.code, message: err.message }, err.status as ContentfulStatusCode);
  });
  return { app, reached: () => reached };
}

async function codeOf(res: Response): Promise<string | null> {
  if (res.ok) return null;
  return ((await res.json()) as { code: string }).code;
}

/** What @hono/node-server gives a request: its socket's peer. */
const peer = (remoteAddress: string | undefined) => ({ incoming: { socket: { remoteAddress } } });

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
    ['trust nothing: an IPv6 peer', undefined, '2001:db8::1', undefined, '2001:db8::1'],
    ['no socket address known', undefined, undefined, undefined, 'unknown'],

    ['1 hop: the entry the proxy appended', 1, '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['1 hop, as text', '1', '10.0.0.1', '198.51.100.7', '198.51.100.7'],
    ['1 hop: entries the client wrote (left) are not believed', 1, '10.0.0.1', '6.6.6.6, 198.51.100.7', '198.51.100.7'],
    ['1 hop: junk the client wrote is not believed', 1, '10.0.0.1', 'junk, <script>, , 198.51.100.7', '198.51.100.7'],
    ['1 hop, no X-Forwarded-For: the socket', 1, '10.0.0.1', undefined, '10.0.0.1'],
    ['1 hop: a port dropped', 1, '10.0.0.1', '198.51.100.7:4711', '198.51.100.7'],
    ['1 hop: a bracketed IPv6 with a port', 1, '10.0.0.1', '[2001:db8::7]:443', '2001:db8::7'],
    ['1 hop: a bracketed IPv6 without a port', 1, '10.0.0.1', '[2001:db8::7]', '2001:db8::7'],
    ['1 hop: IPv4-mapped, spelled in capitals', 1, '10.0.0.1', '::FFFF:198.51.100.7', '198.51.100.7'],
    ['1 hop: an IPv6 client', 1, '10.0.0.1', '2a00:1450:4001::1', '2a00:1450:4001::1'],
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
    ['IPv6 CIDR', '2001:db8::/32', '2001:db8::1', '6.6.6.6, 2a00:1450::1, 2001:db8:ffff::2', '2a00:1450::1'],
    ['IPv6 CIDR: a peer outside it', '2001:db8::/32', '2001:db9::1', '2a00:1450::1', '2001:db9::1'],
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

describe('apiKeyAuth: Authorization: Bearer <RECONNECT_API_KEY>', () => {
  const KEY = 'rk_host_backend_key_0001';
  const cases: Array<[string, string | undefined, string | null]> = [
    // [case, Authorization, code or null when let through]
    ['the key', `Bearer ${KEY}`, null],
    ['"bearer" in lower case', `bearer ${KEY}`, null],
    ['two spaces after Bearer', `Bearer  ${KEY}`, null],
    ['trailing whitespace', `Bearer ${KEY}  `, null],
    ['no header', undefined, 'unauthorized'],
    ['empty', '', 'unauthorized'],
    ['Bearer alone', 'Bearer ', 'unauthorized'],
    ['the key without Bearer', KEY, 'unauthorized'],
    ['Basic', `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}`, 'unauthorized'],
    ['another key', 'Bearer rk_host_backend_key_0002', 'unauthorized'],
    ['the key and more', `Bearer ${KEY}x`, 'unauthorized'],
    ['the key less its last character', `Bearer ${KEY.slice(0, -1)}`, 'unauthorized'],
    ['the key then another word', `Bearer ${KEY} extra`, 'unauthorized'],
    ['the key in another case', `Bearer ${KEY.toUpperCase()}`, 'unauthorized'],
  ];
  for (const [name, header, code] of cases) {
    test(`${name}: ${code ?? 'through'}`, async () => {
      const { app, reached } = tinyApp(apiKeyAuth({ apiKey: KEY }));
      const res = await app.request('/', { headers: header === undefined ? {} : { Authorization: header } });
      assert.equal(await codeOf(res), code);
      assert.equal(res.status, code ? 401 : 200);
      assert.equal(reached(), code ? 0 : 1);
    });
  }

  test('a key under 16 characters is refused when the app is built', () => {
    assert.throws(() => apiKeyAuth({ apiKey: 'short-key-15chr' }), /at least 16 characters/);
    assert.doesNotThrow(() => apiKeyAuth({ apiKey: 'long-key-16chars' }));
  });
});

describe('sessionAuth: a session token bound to a tenant and maybe a page', () => {
  const SECRET = 'session-secret-for-unit-tests-0001';
  const SHOP = 'https://shop.example';
  const T = 1_795_000_000;
  const now = () => new Date(T * 1000);
  const token = (origin: string | null, over: { secret?: string; ttlSeconds?: number } = {}) =>
    mintSession({ sessionSecret: over.secret ?? SECRET, tenantId: 'shop', origin, ttlSeconds: over.ttlSeconds, now }).token;

  const cases: Array<[string, Record<string, string>, number, string | null, string[]]> = [
    // [case, headers, seconds after minting, code or null, allowed origins]
    ['an unbound token, no Origin (the host backend)', { Authorization: `Bearer ${token(null)}` }, 0, null, [SHOP]],
    ['an unbound token from any page (CORS decides about pages)', { Authorization: `Bearer ${token(null)}`, Origin: 'https://elsewhere.example' }, 0, null, [SHOP]],
    ['a bound token from its page', { Authorization: `Bearer ${token(SHOP)}`, Origin: SHOP }, 0, null, [SHOP]],
    ['a bound token without an Origin', { Authorization: `Bearer ${token(SHOP)}` }, 0, null, [SHOP]],
    ['a bound token from another page', { Authorization: `Bearer ${token(SHOP)}`, Origin: 'https://elsewhere.example' }, 0, 'session_invalid', [SHOP, 'https://elsewhere.example']],
    ['a bound token whose page is no longer allowed', { Authorization: `Bearer ${token(SHOP)}`, Origin: SHOP }, 0, 'session_invalid', ['https://elsewhere.example']],
    ['a bound token whose page is no longer allowed, no Origin', { Authorization: `Bearer ${token(SHOP)}` }, 0, 'session_invalid', []],
    ['a token 1 s before it expires', { Authorization: `Bearer ${token(null, { ttlSeconds: 60 })}` }, 59, null, [SHOP]],
    ['an expired token', { Authorization: `Bearer ${token(null, { ttlSeconds: 60 })}` }, 60, 'session_expired', [SHOP]],
    ['a token of another secret', { Authorization: `Bearer ${token(null, { secret: 'another-secret-of-32-characters!' })}` }, 0, 'session_invalid', [SHOP]],
    ['junk', { Authorization: 'Bearer junk' }, 0, 'session_invalid', [SHOP]],
    ['no token', {}, 0, 'unauthorized', [SHOP]],
    ['Basic', { Authorization: `Basic ${token(null)}` }, 0, 'unauthorized', [SHOP]],
  ];
  for (const [name, headers, after, code, allowed] of cases) {
    test(`${name}: ${code ?? 'through'}`, async () => {
      const { app, reached } = tinyApp(sessionAuth({ sessionSecret: SECRET, allowedOrigins: new Set(allowed), now: () => new Date((T + after) * 1000) }));
      const res = await app.request('/', { headers });
      assert.equal(await codeOf(res), code);
      assert.equal(res.status, code ? 401 : 200);
      assert.equal(reached(), code ? 0 : 1);
    });
  }

  test('the session’s claims reach the route', async () => {
    const { app } = tinyApp(sessionAuth({ sessionSecret: SECRET, allowedOrigins: new Set([SHOP]), now }));
    const res = await app.request('/', { headers: { Authorization: `Bearer ${token(SHOP)}`, Origin: SHOP } });
    assert.deepEqual(((await res.json()) as { session: unknown }).session, {
      tenantId: 'shop',
      origin: SHOP,
      user: null,
      expiresAt: new Date((T + 900) * 1000).toISOString(),
    });
  });

  test('a secret under 16 characters is refused when the app is built', () => {
    assert.throws(() => sessionAuth({ sessionSecret: 'short', allowedOrigins: new Set() }), /at least 16 characters/);
  });
});

describe('strictCors: ALLOWED_ORIGINS only', () => {
  const SHOP = 'https://shop.example';
  const cors = () => tinyApp(strictCors({ allowedOrigins: new Set([SHOP, 'http://localhost:5173']) }));
  type Expect = { status: number; reached: boolean; headers: Record<string, string | null> };
  const cases: Array<[string, string, string, Record<string, string>, Expect]> = [
    // [case, method, path, headers, expected]
    ['no Origin (not a browser’s cross-origin request): through, no CORS headers', 'GET', '/', {}, {
      status: 200, reached: true, headers: { Vary: 'Origin', 'Access-Control-Allow-Origin': null, 'Access-Control-Expose-Headers': null },
    }],
    ['an allowed origin: through, readable, the headers the element reads exposed', 'GET', '/', { Origin: SHOP }, {
      status: 200, reached: true, headers: { Vary: 'Origin', 'Access-Control-Allow-Origin': SHOP, 'Access-Control-Expose-Headers': `X-Request-Id, Retry-After, ${PLATFORM_NAME_HEADER}`, 'Access-Control-Allow-Methods': null },
    }],
    ['an allowed origin, POST', 'POST', '/', { Origin: 'http://localhost:5173' }, {
      status: 200, reached: true, headers: { 'Access-Control-Allow-Origin': 'http://localhost:5173' },
    }],
    ['another origin: refused outright', 'GET', '/', { Origin: 'https://evil.example' }, {
      status: 401, reached: false, headers: { Vary: 'Origin', 'Access-Control-Allow-Origin': null },
    }],
    ['"null" (a sandboxed frame or a file): refused', 'POST', '/', { Origin: 'null' }, {
      status: 401, reached: false, headers: { 'Access-Control-Allow-Origin': null },
    }],
    ['an allowed origin spelled with a trailing slash: refused', 'GET', '/', { Origin: `${SHOP}/` }, {
      status: 401, reached: false, headers: {},
    }],
    ['a subdomain of an allowed origin: refused', 'GET', '/', { Origin: 'https://evil.shop.example' }, {
      status: 401, reached: false, headers: {},
    }],
    ['an allowed origin over http instead of https: refused', 'GET', '/', { Origin: 'http://shop.example' }, {
      status: 401, reached: false, headers: {},
    }],
    ['preflight from an allowed origin: 204, answered before the route', 'OPTIONS', '/', { Origin: SHOP, 'Access-Control-Request-Method': 'POST' }, {
      status: 204, reached: false, headers: {
        Vary: 'Origin', 'Access-Control-Allow-Origin': SHOP, 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '600',
      },
    }],
    ['preflight from another origin: refused', 'OPTIONS', '/', { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' }, {
      status: 401, reached: false, headers: { 'Access-Control-Allow-Origin': null, 'Access-Control-Allow-Methods': null },
    }],
    ['an allowed origin, the route fails: the error is readable by the page', 'GET', '/fails', { Origin: SHOP }, {
      status: 404, reached: false, headers: { 'Access-Control-Allow-Origin': SHOP, Vary: 'Origin' },
    }],
  ];
  for (const [name, method, path, headers, expected] of cases) {
    test(name, async () => {
      const { app, reached } = cors();
      const res = await app.request(path, { method, headers });
      assert.equal(res.status, expected.status);
      assert.equal(reached() > 0, expected.reached);
      for (const [header, value] of Object.entries(expected.headers)) assert.equal(res.headers.get(header), value, header);
      if (expected.status === 401) assert.equal(await codeOf(res), 'unauthorized');
    });
  }
});

describe('requestContext: an id per request and one access-log line', () => {
  function contextApp() {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger({ level: 'debug', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const { app } = tinyApp(requestContext({ logger }));
    return { app, lines };
  }

  test('X-Request-Id is req_ and 32 hex digits, the one the route sees, new each request', async () => {
    const { app } = contextApp();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await app.request('/');
      const id = res.headers.get('X-Request-Id')!;
      assert.match(id, /^req_[0-9a-f]{32}$/);
      assert.equal(((await res.json()) as { requestId: string }).requestId, id);
      ids.add(id);
    }
    assert.equal(ids.size, 20);
  });

  const cases: Array<[string, string, string, number]> = [
    // [case, method, url, status]
    ['a success', 'GET', '/', 200],
    ['a failure answered by the error handler', 'GET', '/fails', 404],
    ['the query string (callback codes) stays out of the log', 'GET', '/?code=ac_SECRET123&state=abc', 200],
    ['a POST', 'POST', '/', 200],
  ];
  for (const [name, method, url, status] of cases) {
    test(`the access line: ${name}`, async () => {
      const { app, lines } = contextApp();
      const res = await app.request(url, { method });
      assert.equal(res.status, status);
      assert.equal(lines.length, 1);
      const [line] = lines;
      assert.deepEqual(
        { level: line!.level, msg: line!.msg, requestId: line!.requestId, method: line!.method, path: line!.path, status: line!.status },
        { level: 'debug', msg: 'request', requestId: res.headers.get('X-Request-Id'), method, path: url.split('?')[0], status },
      );
      assert.equal(typeof line!.ms, 'number');
      assert.ok(!JSON.stringify(line).includes('ac_SECRET123'));
    });
  }

  test('the error answer carries the request id too', async () => {
    const { app } = contextApp();
    assert.match((await app.request('/fails')).headers.get('X-Request-Id') ?? '', /^req_[0-9a-f]{32}$/);
  });
});

describe('platformName: the product’s name for the element, percent-encoded', () => {
  const cases: Array<[string, string, string]> = [
    ['ASCII', 'Acme Invoicing', 'Acme%20Invoicing'],
    ['trimmed', '  Acme  ', 'Acme'],
    ['non-ASCII, as UTF-8', 'Café Ünïcode ☕', encodeURIComponent('Café Ünïcode ☕')],
    ['characters a header would split on', 'A, B; C\r\nX-Evil: 1', 'A%2C%20B%3B%20C%0D%0AX-Evil%3A%201'],
    ['100 characters', 'n'.repeat(100), 'n'.repeat(100)],
  ];
  for (const [name, given, header] of cases) {
    test(`${name}: decodes to the trimmed name`, async () => {
      const { app } = tinyApp(platformName({ name: given }));
      for (const path of ['/', '/fails']) {
        const value = (await app.request(path)).headers.get(PLATFORM_NAME_HEADER);
        assert.equal(value, header, path);
        assert.equal(decodeURIComponent(value!), given.trim());
      }
    });
  }

  const refused: Array<[string, string]> = [
    ['empty', ''],
    ['blank', '   '],
    ['101 characters', 'n'.repeat(101)],
  ];
  for (const [name, given] of refused) {
    test(`refused when the app is built: ${name}`, () => assert.throws(() => platformName({ name: given }), /1 to 100 characters/));
  }
});
