/**
 * The middleware that guards and frames every request (API key, session token,
 * CORS, request id and access log, the platform name), each in a tiny Hono app
 * called in-process with `app.request()`, as Hono tests its own.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PLATFORM_NAME_HEADER } from '../../contract/codes.js';
import { createLogger } from '../../server/logger.js';
import { apiKeyAuth, sessionCheck } from '../../server/middleware/auth.js';
import { corsCheck } from '../../server/middleware/cors.js';
import { platformNameHeader } from '../../server/middleware/platform-name.js';
import { requestContext } from '../../server/middleware/request-context.js';
import { widgetGuard } from '../../server/middleware/widget-guard.js';
import { mintSession } from '../../server/security/session-token.js';
import { checkApp, tinyApp, codeOf } from './support/tiny-app.js';

describe('apiKeyAuth: Authorization: Bearer <RECONNECT_API_KEY>', () => {
  const KEY = 'rk_host_backend_key_0001_0123456789abcdef';
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

  test('a key under 32 characters is refused when the app is built', () => {
    assert.throws(() => apiKeyAuth({ apiKey: 'k'.repeat(31) }), /at least 32 characters/);
    assert.doesNotThrow(() => apiKeyAuth({ apiKey: 'k'.repeat(32) }));
  });
});

describe('sessionCheck: a session token bound to a tenant and maybe a page', () => {
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
      const { app, reached } = checkApp(sessionCheck({ sessionSecret: SECRET, allowedOrigins: new Set(allowed), now: () => new Date((T + after) * 1000) }));
      const res = await app.request('/', { headers });
      assert.equal(await codeOf(res), code);
      assert.equal(res.status, code ? 401 : 200);
      assert.equal(reached(), code ? 0 : 1);
    });
  }

  test('the session’s claims reach the route', async () => {
    const { app } = checkApp(sessionCheck({ sessionSecret: SECRET, allowedOrigins: new Set([SHOP]), now }));
    const res = await app.request('/', { headers: { Authorization: `Bearer ${token(SHOP)}`, Origin: SHOP } });
    assert.deepEqual(((await res.json()) as { session: unknown }).session, {
      tenantId: 'shop',
      origin: SHOP,
      user: null,
      expiresAt: new Date((T + 900) * 1000).toISOString(),
    });
  });

  test('a secret under 32 characters is refused when the app is built', () => {
    assert.throws(() => sessionCheck({ sessionSecret: 's'.repeat(31), allowedOrigins: new Set() }), /at least 32 characters/);
    assert.doesNotThrow(() => sessionCheck({ sessionSecret: 's'.repeat(32), allowedOrigins: new Set() }));
  });
});

describe('corsCheck: ALLOWED_ORIGINS only', () => {
  const SHOP = 'https://shop.example';
  const cors = () => checkApp(corsCheck({ allowedOrigins: new Set([SHOP, 'http://localhost:5173']) }));
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

describe('widgetGuard: the element routes\' door, CORS first, then the platform name, then the session', () => {
  const SECRET = 'session-secret-for-unit-tests-0001';
  const SHOP = 'https://shop.example';
  const token = mintSession({ sessionSecret: SECRET, tenantId: 'shop', origin: SHOP }).token;
  const guarded = (platformName?: string) =>
    tinyApp(requestContext({ logger: createLogger({ level: 'error', sink: () => {} }) }), widgetGuard({ sessionSecret: SECRET, allowedOrigins: new Set([SHOP]), platformName }).middleware);

  test('a preflight from an allowed page is answered without a token, and goes no further', async () => {
    const { app, reached } = guarded('Acme');
    const res = await app.request('/', { method: 'OPTIONS', headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), SHOP);
    assert.equal(reached(), 0);
  });

  test('another page is refused before its token is read, even a good one', async () => {
    const { app, reached } = guarded();
    const res = await app.request('/', { headers: { Origin: 'https://evil.example', Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /origin is not allowed/);
    assert.equal(reached(), 0);
  });

  test('a good request reaches the route with its session, its answer readable by the page and carrying the name; an error answer too', async () => {
    const { app, reached } = guarded('Café Acme');
    const res = await app.request('/', { headers: { Origin: SHOP, Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { session: { tenantId: string } }).session.tenantId, 'shop');
    assert.equal(res.headers.get('Access-Control-Allow-Origin'), SHOP);
    assert.equal(decodeURIComponent(res.headers.get(PLATFORM_NAME_HEADER)!), 'Café Acme');
    assert.equal(reached(), 1);
    const failed = await app.request('/fails', { headers: { Origin: SHOP, Authorization: `Bearer ${token}` } });
    assert.equal(failed.status, 404);
    assert.equal(failed.headers.get('Access-Control-Allow-Origin'), SHOP);
    assert.equal(failed.headers.get(PLATFORM_NAME_HEADER), 'Caf%C3%A9%20Acme');
  });

  test('without a platform name, no header; without a token, refused', async () => {
    const { app } = guarded();
    const res = await app.request('/', { headers: { Origin: SHOP, Authorization: `Bearer ${token}` } });
    assert.equal(res.headers.get(PLATFORM_NAME_HEADER), null);
    assert.equal(await codeOf(await app.request('/', { headers: { Origin: SHOP } })), 'unauthorized');
  });
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

describe('platformNameHeader: the product’s name for the element, percent-encoded', () => {
  const cases: Array<[string, string, string]> = [
    ['ASCII', 'Acme Invoicing', 'Acme%20Invoicing'],
    ['trimmed', '  Acme  ', 'Acme'],
    ['non-ASCII, as UTF-8', 'Café Ünïcode ☕', encodeURIComponent('Café Ünïcode ☕')],
    ['characters a header would split on', 'A, B; C\r\nX-Evil: 1', 'A%2C%20B%3B%20C%0D%0AX-Evil%3A%201'],
    ['100 characters', 'n'.repeat(100), 'n'.repeat(100)],
  ];
  for (const [name, given, header] of cases) {
    test(`${name}: decodes to the trimmed name`, async () => {
      const { app } = checkApp(platformNameHeader({ name: given }));
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
    test(`refused when the app is built: ${name}`, () => assert.throws(() => platformNameHeader({ name: given }), /1 to 100 characters/));
  }
});
