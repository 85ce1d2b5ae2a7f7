import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorBody } from '../../contract/schemas.js';
import { withStack } from '../support/stack.js';

const tight = { limit: 3, windowSeconds: 60 };

/**
 * The app's clock stopped a second into a minute: a test's requests all fall
 * in one limit window, however slow the machine (a window boundary between
 * them would reset the count).
 */
const stopped = () => {
  const at = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1_000);
  return () => at;
};

describe('rate limits answer 429 rate_limited with Retry-After', () => {
  test('POST /connect, per tenant: one tenant’s burst does not block another', () =>
    withStack(
      async (stack) => {
        const token = await stack.mintSession('busy');
        const results = [];
        for (let i = 0; i < 5; i++) results.push(await stack.request<ErrorBody>('/connect', { method: 'POST', token, json: { mode: 'popup' } }));
        assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 429, 429]);
        const limited = results[3]!;
        assert.equal(limited.body.error.code, 'rate_limited');
        assert.equal(limited.body.error.retryable, true);
        const retryAfter = Number(limited.headers.get('retry-after'));
        assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
        const other = await stack.mintSession('calm');
        assert.equal((await stack.request('/connect', { method: 'POST', token: other, json: { mode: 'popup' } })).status, 200);
      },
      { rateLimits: { connectPerTenant: tight }, now: stopped() },
    ));

  test('POST /sessions, per tenant', () =>
    withStack(
      async (stack) => {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'loop' } })).status);
        assert.deepEqual(statuses, [201, 201, 201, 429]);
        assert.equal((await stack.admin('/sessions', { method: 'POST', json: { tenantId: 'another' } })).status, 201);
      },
      { rateLimits: { sessionsPerTenant: tight }, now: stopped() },
    ));

  test('POST /connect/complete, per tenant: one tenant’s burst does not block another', () =>
    withStack(
      async (stack) => {
        const token = await stack.mintSession('busy');
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await stack.complete(token, `cmp_${'x'.repeat(43)}`)).status);
        assert.deepEqual(statuses, [400, 400, 400, 429]);
        const other = await stack.mintSession('calm');
        const flow = await stack.runFlow(other, { createAccount: true });
        assert.equal(flow.outcome, 'success');
      },
      { rateLimits: { completePerTenant: tight }, now: stopped() },
    ));

  test('the callback, per client address, for states that do not verify: the page says so instead of a JSON error', () =>
    withStack(
      async (stack) => {
        const pages = [];
        for (let i = 0; i < 4; i++) pages.push(await stack.request<string>('/oauth/callback?error=access_denied'));
        assert.deepEqual(pages.map((p) => p.status), [400, 400, 400, 429]);
        assert.match(pages[3]!.text, /Too many requests/);
        assert.doesNotMatch(pages[2]!.text, /Too many requests/);
      },
      { rateLimits: { callbackPerAddress: tight }, now: stopped() },
    ));
});
