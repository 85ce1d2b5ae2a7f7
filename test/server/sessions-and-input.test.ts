import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorBody } from '../../contract/schemas.js';
import { mintSession } from '../../server/security/session-token.js';
import { deriveKey, signToken } from '../../server/security/signed-token.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { API_KEY, SESSION_SECRET, startStack, type HttpResult, type Stack } from '../support/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(() => stack.close());

function assertError(result: HttpResult<unknown>, status: number, code: string) {
  assert.equal(result.status, status, result.text);
  const body = result.body as ErrorBody;
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.equal(typeof body.error.retryable, 'boolean');
  assert.match(body.error.requestId, /^req_/);
  assert.equal(result.headers.get('x-request-id'), body.error.requestId);
}

describe('POST /sessions', () => {
  test('mints a token for one tenant, answered 201 with its expiry', async () => {
    const result = await stack.admin<{ token: string; expiresAt: string }>('/sessions', {
      method: 'POST',
      json: { tenantId: 'shop-1', origin: stack.origin, ttlSeconds: 120 },
    });
    assert.equal(result.status, 201);
    const expires = Date.parse(result.body.expiresAt) - Date.now();
    assert.ok(expires > 100_000 && expires <= 120_000);
    assert.equal((await stack.status(result.body.token)).state, 'not_connected');
  });

  test('needs the API key', async () => {
    assertError(await stack.request('/sessions', { method: 'POST', json: { tenantId: 'x' } }), 401, 'unauthorized');
    assertError(
      await stack.request('/sessions', { method: 'POST', json: { tenantId: 'x' }, headers: { Authorization: 'Bearer wrong-key-wrong-key' } }),
      401,
      'unauthorized',
    );
  });

  test('refuses bad input with validation_failed, naming the field', async () => {
    for (const json of [{}, { tenantId: '' }, { tenantId: 'a/b' }, { tenantId: 'x', ttlSeconds: -5 }, { tenantId: 'x', extra: 1 }, { tenantId: 'x', origin: 'https://not-allowed.example' }]) {
      const result = await stack.admin('/sessions', { method: 'POST', json });
      assertError(result, 400, 'validation_failed');
    }
    const named = await stack.admin<ErrorBody>('/sessions', { method: 'POST', json: { tenantId: 'a/b' } });
    assert.match(named.body.error.message, /tenantId/);
  });

  test('malformed JSON and a body over the limit are validation errors, never a 500', async () => {
    assertError(await stack.admin('/sessions', { method: 'POST', body: '{"tenantId":', headers: { 'Content-Type': 'application/json' } }), 400, 'validation_failed');
    const tooBig = await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'x'.repeat(200_000) } });
    assertError(tooBig, 400, 'validation_failed');
    // The refused body is left unread and the server drops the connection: it says so, or the client's next request on it fails.
    assert.equal(tooBig.headers.get('connection'), 'close');
    for (let i = 0; i < 20; i++) assert.equal((await stack.admin('/sessions', { method: 'POST', json: { tenantId: `after-refusal-${i}` } })).status, 201);
  });

  test('every route that takes a body caps it at 64 KB, however valid the JSON inside', async () => {
    const token = await stack.mintSession('body-cap');
    const headers = { 'Content-Type': 'application/json' };
    // Valid requests, padded with whitespace JSON allows: only their size is wrong.
    const padded = (json: unknown, bytes: number) => JSON.stringify(json) + ' '.repeat(bytes);
    const connect = (bytes: number) => stack.request('/connect', { method: 'POST', token, headers, body: padded({ mode: 'popup' }, bytes) });
    assertError(await connect(70_000), 400, 'validation_failed');
    assert.equal((await connect(60_000)).status, 200, 'under the cap, the same request starts a flow');
    const { publishableKeys } = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
    const legacy = (bytes: number) => stack.admin('/tenants/body-cap-legacy/legacy', { method: 'PUT', headers, body: padded({ publishableKey: publishableKeys.test }, bytes) });
    assertError(await legacy(70_000), 400, 'validation_failed');
    assert.equal((await legacy(60_000)).status, 200, 'under the cap, the same import is taken');
  });
});

describe('sessions live at most one hour, for an allowed page, and carry the signed-in person', () => {
  test('POST /sessions refuses a ttl over 3600 s; 3600 is fine', async () => {
    assertError(await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'x', ttlSeconds: 3601 } }), 400, 'validation_failed');
    assertError(await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'x', ttlSeconds: 86_400 } }), 400, 'validation_failed');
    const hour = await stack.admin<{ expiresAt: string }>('/sessions', { method: 'POST', json: { tenantId: 'x', ttlSeconds: 3600 } });
    assert.equal(hour.status, 201);
    assert.ok(Date.parse(hour.body.expiresAt) - Date.now() <= 3_600_000);
  });

  test('mintSession throws a clear error above an hour, and for an origin the route would refuse', () => {
    assert.throws(() => mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', ttlSeconds: 3601 }), /mintSession: ttlSeconds .*3600/);
    for (const origin of ['https://app.example/settings', 'javascript:alert(1)', 'app.example', 'https://app.example/']) {
      assert.throws(() => mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', origin }), /mintSession: origin must be an origin/, origin);
    }
    assert.throws(() => mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'a/b' }), /mintSession: tenantId/);
    assert.throws(() => mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', user: { id: '' } }), /mintSession: user\.id/);
    assert.throws(() => mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', user: { id: 'u', email: 'not-an-email' } }), /mintSession: user\.email/);
    assert.ok(mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', origin: stack.origin, ttlSeconds: 3600, user: { id: 'u', name: 'Jane' } }).token);
  });

  test('a token longer-lived than an hour, made by hand, is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signToken('srs1', { t: 'x', o: null, iat: now, exp: now + 86_400 }, deriveKey(SESSION_SECRET, 'session'));
    assertError(await stack.request('/status', { token }), 401, 'session_invalid');
  });

  test('a token minted for a page not in ALLOWED_ORIGINS is refused, even with no Origin header', async () => {
    const { token } = mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', origin: 'https://not-allowed.example' });
    const result = await stack.request('/status', { headers: { Authorization: `Bearer ${token}` } });
    assertError(result, 401, 'session_invalid');
  });

  test('a token’s MAC must be exactly its base64url text: padding or another spelling of the same bytes is refused', async () => {
    const token = await stack.mintSession('mac-check');
    assert.equal((await stack.status(token)).state, 'not_connected');
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character of a 32-byte MAC carries 4 bits; its 2 low bits are padding that decoding ignores.
    const sibling = token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    for (const forged of [`${token}=`, `${token}==`, sibling, `${token}A`]) {
      assertError(await stack.request('/status', { token: forged }), 401, 'session_invalid');
    }
  });

  test('POST /sessions takes the signed-in person, validated', async () => {
    const ok = await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'x', user: { id: 'user_1', name: ' Jane Doe ', email: 'jane@acme.example' } } });
    assert.equal(ok.status, 201);
    for (const user of [{}, { id: '' }, { id: 'u'.repeat(129) }, { id: 'u', email: 'nope' }, { id: 'u', name: '' }, { id: 'u', role: 'admin' }, 'jane']) {
      assertError(await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'x', user } }), 400, 'validation_failed');
    }
  });
});

describe('session tokens on the widget routes', () => {
  test('the exported mintSession makes tokens the API accepts', async () => {
    const { token } = mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'in-process' });
    assert.equal((await stack.status(token)).state, 'not_connected');
  });

  test('missing, forged and expired tokens are told apart', async () => {
    assertError(await stack.request('/status'), 401, 'unauthorized');
    assertError(await stack.request('/status', { token: 'srs1.e30.AAAA' }), 401, 'session_invalid');
    const other = mintSession({ sessionSecret: 'another-secret-another-secret-123', tenantId: 'x' });
    assertError(await stack.request('/status', { token: other.token }), 401, 'session_invalid');
    const expired = mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'x', ttlSeconds: 60, now: () => new Date(Date.now() - 120_000) });
    assertError(await stack.request('/status', { token: expired.token }), 401, 'session_expired');
  });

  test('a token bound to one origin is refused from another page', async () => {
    const token = await stack.mintSession('bound');
    assertError(await stack.request('/status', { token, headers: { Origin: 'https://elsewhere.example' } }), 401, 'unauthorized');
  });

  test('tenants are isolated: a token only ever shows its own tenant', async () => {
    const a = await stack.connectTenant('tenant-a', SANDBOX_ACCOUNTS.acme);
    const b = await stack.mintSession('tenant-b');
    assert.equal((await stack.status(a)).state, 'connected');
    assert.equal((await stack.status(b)).state, 'not_connected');
    assert.equal((await stack.request('/disconnect', { method: 'POST', token: b })).status, 200);
    assert.equal((await stack.status(a)).state, 'connected');
  });
});

describe('CORS and the rest of the surface', () => {
  test('a preflight from an allowed origin is answered; any other origin is refused', async () => {
    const ok = await stack.request('/status', {
      method: 'OPTIONS',
      headers: { Origin: stack.origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), stack.origin);
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const bad = await stack.request('/status', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(bad.headers.get('access-control-allow-origin'), null);
  });

  test('an allowed page reads the answer and its request id; caches keep answers per origin', async () => {
    const token = await stack.mintSession('cors-reader');
    const answer = await stack.request('/status', { token, headers: { Origin: stack.origin } });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('access-control-allow-origin'), stack.origin);
    assert.match(answer.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
    assert.match(answer.headers.get('x-request-id') ?? '', /^req_/);
    assert.equal(answer.headers.get('vary'), 'Origin');
  });

  test('unknown routes are not_found; the health check answers', async () => {
    assertError(await stack.request('/nope'), 404, 'not_found');
    const health = await stack.request<{ ok: boolean }>('/healthz');
    assert.deepEqual([health.status, health.body], [200, { ok: true }]);
  });

  test('GET /tenants/:id is not_found for a tenant never seen, and validates the id', async () => {
    assertError(await stack.admin('/tenants/never-seen'), 404, 'not_found');
    assertError(await stack.admin(`/tenants/${'x'.repeat(300)}`), 400, 'validation_failed');
  });

  test('a legacy key of the other mode is refused with a clear message', async () => {
    const result = await stack.admin<ErrorBody>('/tenants/t/legacy', { method: 'PUT', json: { publishableKey: 'pk_live_1234567890abcdef' } });
    assertError(result, 400, 'validation_failed');
    assert.match(result.body.error.message, /test mode/);
    assert.ok(API_KEY);
  });
});
