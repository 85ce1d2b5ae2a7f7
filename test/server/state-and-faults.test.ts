import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { finishFlow, tenantRow, withStack, type Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

/** The browser coming back from Stripe to `url`: what it received (not completed yet). */
const callback = (url: URL | string) => finishFlow(new URL(url), '');

/** Starts a flow and chooses in Stripe, without following Stripe back yet. */
async function choose(stack: Stack, token: string, accountId: string): Promise<URL> {
  return stack.control.completeAuthorize(await stack.startFlow(token), { accountId });
}

/** Comes back from Stripe and lets the widget complete with `token`. */
async function finish(stack: Stack, token: string, url: URL) {
  return stack.completeFlow(token, await callback(url));
}

describe('invalid_state: nothing is kept or exchanged for a state that is not good', () => {
  test('missing or forged state gets a page that posts nothing (no trusted origin) and changes nothing', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      const calls = await stack.control.calls();
      const state = url.searchParams.get('state')!;
      const [nonce, mac] = state.split('.') as [string, string];
      const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

      const noState = new URL(url);
      noState.searchParams.delete('state');
      const missing = await callback(noState);
      assert.equal(missing.response.status, 400);
      assert.equal(missing.message, null);
      assert.match(missing.response.text, /no longer valid/);

      for (const forged of [`${flip(nonce)}.${mac}`, `${nonce}.${flip(mac)}`, `${nonce}.${mac}=`, `${nonce}.${mac.slice(0, -1)}`, nonce]) {
        const bad = new URL(url);
        bad.searchParams.set('state', forged);
        const answer = await callback(bad);
        assert.equal(answer.response.status, 400, forged);
        assert.equal(answer.message, null, forged);
      }

      assert.deepEqual(await stack.control.calls(), calls, 'no call reached Stripe');
      assert.equal(await tenantRow(stack, shop), null);
      assert.equal((await stack.status(token)).lastAttempt, null, 'forgeries are not the tenant’s attempts');
      const completions = await stack.store.db.query('SELECT 1 FROM completions');
      assert.equal(completions.length, 0, 'no code was kept');
    }));

  test('a state is accepted once: a replayed callback is refused and keeps nothing', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      const first = await callback(url);
      assert.equal(first.outcome, 'pending');
      const replay = await callback(url);
      assert.equal(replay.code, 'invalid_state');
      assert.equal(replay.completion, null);
      assert.equal((await stack.control.calls()).token, 0, 'the callback exchanges nothing');
      assert.equal((await stack.store.db.query('SELECT 1 FROM completions')).length, 1);
      assert.equal((await stack.completeFlow(token, first)).outcome, 'success');
      const before = await tenantRow(stack, shop);
      assert.equal((await stack.control.calls()).token, 1);
      assert.equal((await callback(url)).code, 'invalid_state');
      assert.deepEqual(await tenantRow(stack, shop), before);
    }));

  test('a state older than 10 minutes is refused, and recorded as the tenant’s attempt', async () => {
    let offset = 0;
    await withStack(
      async (stack) => {
        const token = await stack.mintSession('shop', { ttlSeconds: 3600 });
        const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
        offset = 10 * 60_000 + 1_000;
        const late = await callback(url);
        assert.equal(late.code, 'invalid_state');
        const status = await stack.status(token);
        assert.equal(status.state, 'not_connected');
        assert.equal(status.lastAttempt?.code, 'invalid_state');
      },
      { now: () => new Date(Date.now() + offset) },
    );
  });
});

describe('authorization_expired: Stripe refuses the code at completion', () => {
  test('an expired code', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      const back = await callback(url);
      await stack.control.expireCodes();
      const done = await stack.completeFlow(token, back);
      assert.equal(done.code, 'authorization_expired');
      assert.equal(done.completed?.status, 400);
      assert.equal((await stack.status(token)).state, 'not_connected');
    }));

  test('a code already used, brought back with a fresh state', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      const first = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      assert.equal((await finish(stack, token, first)).outcome, 'success');
      const second = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      second.searchParams.set('code', first.searchParams.get('code')!);
      assert.equal((await finish(stack, token, second)).code, 'authorization_expired');
    }));
});

describe('stripe_unavailable: Stripe failing at any call changes nothing, and a retry then works', () => {
  const faults = [
    { route: 'token', kind: 'error_500' },
    { route: 'token', kind: 'timeout' },
    { route: 'token', kind: 'drop' },
    { route: 'account', kind: 'error_500' },
    { route: 'account', kind: 'timeout' },
  ] as const;
  for (const fault of faults) {
    test(`${fault.kind} on ${fault.route}`, () =>
      shared.run(
        async (stack) => {
          const shop = uniqueTenant('shop');
          const token = await stack.connectTenant(shop, SANDBOX_ACCOUNTS.acme);
          const before = await tenantRow(stack, shop);
          // Enough failures to outlast the client's retries (and its one extra retry of a dropped socket).
          await stack.control.addFault({ route: fault.route, kind: fault.kind, count: 3 });
          const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
          assert.equal(flow.code, 'stripe_unavailable');
          assert.equal(flow.completed?.status, 503);
          assert.deepEqual(await tenantRow(stack, shop), before);
          await stack.control.clearFaults();
          stack.sandbox.releaseHeld();
          // The same handle may be presented again: nothing was decided.
          const again = await stack.completeFlow(token, flow);
          assert.equal(again.outcome, 'success');
          const retry = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
          assert.equal(retry.outcome, 'success');
        },
        { stripeTimeoutMs: 300, maxNetworkRetries: 1 },
      ));
  }
});

describe('answers lost on the wire', () => {
  test('a token exchange Stripe completed but whose answer was cut is retried with the same idempotency key and succeeds', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.mintSession(shop);
      await stack.control.addFault({ route: 'token', kind: 'drop_after', count: 1 });
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(flow.outcome, 'success', 'not "authorization_expired" from a second use of the code');
      assert.equal((await stack.control.calls()).token, 2, 'the client did retry');
      assert.equal((await stack.status(token)).state, 'connected');
    }));

  test('a completion retried after every answer was lost replays Stripe’s answer: the code is not used twice', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.mintSession(shop);
        await stack.control.addFault({ route: 'token', kind: 'drop_after', count: 2 });
        const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
        assert.equal(flow.code, 'stripe_unavailable', 'Stripe acted, but no answer came back');
        assert.equal((await stack.control.calls()).token, 2);
        const again = await stack.completeFlow(token, flow);
        assert.equal(again.outcome, 'success', 'replayed, not refused as a used code');
        assert.equal((await stack.control.calls()).token, 3);
        // A second use of a code would have revoked the tokens it issued: the connection works.
        const checked = await stack.request<{ state: string }>('/status/check', { method: 'POST', token });
        assert.equal(checked.body.state, 'connected');
        const acme = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme);
        assert.notEqual(acme?.connection, null);
      },
      { maxNetworkRetries: 1 },
    ));

  test('a slow Stripe within the client timeout is just slow', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.mintSession(shop);
        await stack.control.addFault({ route: '*', kind: 'slow', count: 2, delayMs: 200 });
        const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
        assert.equal(flow.outcome, 'success');
      },
      { stripeTimeoutMs: 2_000 },
    ));
});
