/**
 * Every route the app serves is guarded, read from the app itself: a route
 * added later without its guard fails here, whatever its path. Only the four
 * public routes answer without credentials, and each of those checks what it
 * is sent in its own way (the state's MAC, Stripe's signature).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ErrorBody } from '../../contract/schemas.js';
import { API_KEY, startStack, type Stack } from '../support/stack.js';
import { servedRoutes } from '../support/routes.js';

const PUBLIC = new Set(['GET /healthz', 'GET /openapi.json', 'GET /oauth/start', 'GET /oauth/callback', 'POST /webhooks/stripe']);
/** Answered with the host backend's key only; the rest with a widget session only. */
const ADMIN = new Set(['POST /sessions', 'PUT /tenants/:tenantId/legacy', 'GET /tenants/:tenantId', 'GET /tenants', 'GET /fleet']);

let stack: Stack;
let routes: Array<{ method: string; path: string }>;
before(async () => {
  stack = await startStack();
  routes = servedRoutes(stack.app);
});
after(() => stack.close());

/** A concrete URL for a route's pattern. */
const urlOf = (path: string) => path.replace(':tenantId', 'guarded-shop');

async function codeOf(method: string, path: string, headers: Record<string, string>): Promise<[number, string | null]> {
  const result = await stack.request<ErrorBody>(urlOf(path), { method, headers, ...(method !== 'GET' && { body: '{}' }) });
  return [result.status, result.status >= 400 ? ((result.body as ErrorBody | null)?.error?.code ?? null) : null];
}

describe('every route carries its guard', () => {
  test('the app serves the routes this test knows, and no other (a new route must be placed here)', () => {
    const known = new Set([...PUBLIC, ...ADMIN, 'GET /status', 'POST /status/check', 'POST /connect', 'POST /connect/complete', 'POST /disconnect']);
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), [...known].sort());
  });

  test('without credentials, every route but the public ones answers 401 unauthorized', async () => {
    const guarded = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    assert.ok(guarded.length >= 8);
    for (const { method, path } of guarded) {
      assert.deepEqual(await codeOf(method, path, { 'Content-Type': 'application/json' }), [401, 'unauthorized'], `${method} ${path}`);
    }
  });

  test('the admin routes refuse a widget session, and the widget routes refuse the admin key', async () => {
    const session = await stack.mintSession('guarded-shop');
    for (const { method, path } of routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`))) {
      const admin = ADMIN.has(`${method} ${path}`);
      // The wrong credential for the route: a session token on an admin route, the API key on a widget route.
      const wrong = admin ? `Bearer ${session}` : `Bearer ${API_KEY}`;
      const [status, code] = await codeOf(method, path, { Authorization: wrong, 'Content-Type': 'application/json', Origin: stack.origin });
      assert.equal(status, 401, `${method} ${path}`);
      assert.ok(code === 'unauthorized' || code === 'session_invalid', `${method} ${path}: ${code}`);
    }
  });

  test('a method a guarded path does not serve is not found, not answered by a guard or a handler', async () => {
    assert.deepEqual(await codeOf('DELETE', '/status', {}), [404, 'not_found']);
    assert.deepEqual(await codeOf('PATCH', '/tenants/:tenantId', { Authorization: `Bearer ${API_KEY}` }), [404, 'not_found']);
  });
});
