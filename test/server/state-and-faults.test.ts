import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { parseCallbackPage, readResult, tenantRow, withStack, type Stack } from '../support/stack.js';

async function callback(url: URL | string) {
  const response = await readResult<string>(await fetch(url, { redirect: 'manual' }));
  return { response, ...parseCallbackPage(response.text) };
}

/** Starts a flow and chooses in Stripe, without following Stripe back yet. */
async function choose(stack: Stack, token: string, accountId: string): Promise<URL> {
  const started = await stack.request<{ authorizeUrl: string }>('/connect', { method: 'POST', token, json: { mode: 'popup' } });
  return stack.control.completeAuthorize(started.body.authorizeUrl, { accountId });
}

describe('invalid_state: no code is exchanged for a state that is not good', () => {
  test('missing or forged state gets a page that posts nothing (no trusted origin) and changes nothing', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      const calls = await stack.control.calls();

      const noState = new URL(url);
      noState.searchParams.delete('state');
      const missing = await callback(noState);
      assert.equal(missing.response.status, 400);
      assert.equal(missing.message, null);
      assert.match(missing.response.text, /no longer valid/);

      const forged = new URL(url);
      const [version, body, mac] = forged.searchParams.get('state')!.split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
      payload.t = 'someone-else';
      forged.searchParams.set('state', [version, Buffer.from(JSON.stringify(payload)).toString('base64url'), mac].join('.'));
      assert.equal((await callback(forged)).message, null);

      assert.deepEqual(await stack.control.calls(), calls, 'no call reached Stripe');
      assert.equal(await tenantRow(stack, 'shop'), null);
      assert.equal((await stack.status(token)).lastAttempt, null, 'forgeries are not the tenant’s attempts');
    }));

  test('a state is accepted once: replaying the callback is refused and exchanges nothing', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      assert.equal((await callback(url)).message?.outcome, 'success');
      const before = await tenantRow(stack, 'shop');
      const tokenCalls = (await stack.control.calls()).token;
      const replay = await callback(url);
      assert.equal(replay.message?.code, 'invalid_state');
      assert.equal((await stack.control.calls()).token, tokenCalls);
      assert.deepEqual(await tenantRow(stack, 'shop'), before);
    }));

  test('a state older than 10 minutes is refused', async () => {
    let offset = 0;
    await withStack(
      async (stack) => {
        const token = await stack.mintSession('shop', { ttlSeconds: 3600 });
        const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
        offset = 10 * 60_000 + 1_000;
        const late = await callback(url);
        assert.equal(late.message?.code, 'invalid_state');
        assert.equal((await stack.status(token)).state, 'not_connected');
      },
      { now: () => new Date(Date.now() + offset) },
    );
  });
});

describe('authorization_expired: Stripe refuses the code', () => {
  test('an expired code', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      const url = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      await stack.control.expireCodes();
      assert.equal((await callback(url)).message?.code, 'authorization_expired');
      assert.equal((await stack.status(token)).state, 'not_connected');
    }));

  test('a code already used, brought back with a fresh state', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      const first = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      assert.equal((await callback(first)).message?.outcome, 'success');
      const second = await choose(stack, token, SANDBOX_ACCOUNTS.acme);
      second.searchParams.set('code', first.searchParams.get('code')!);
      assert.equal((await callback(second)).message?.code, 'authorization_expired');
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
      withStack(
        async (stack) => {
          const { token } = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme).then((t) => ({ token: t }));
          const before = await tenantRow(stack, 'shop');
          // Enough failures to outlast the client's retries (and its one extra retry of a dropped socket).
          await stack.control.addFault({ route: fault.route, kind: fault.kind, count: 3 });
          const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
          assert.equal(flow.message?.code, 'stripe_unavailable');
          assert.deepEqual(await tenantRow(stack, 'shop'), before);
          await stack.control.clearFaults();
          stack.sandbox.releaseHeld();
          const retry = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
          assert.equal(retry.message?.outcome, 'success');
        },
        { stripeTimeoutMs: 300, maxNetworkRetries: 1 },
      ));
  }
});

describe('answers lost on the wire', () => {
  test('a token exchange Stripe completed but whose answer was cut is retried with the same idempotency key and succeeds', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      await stack.control.addFault({ route: 'token', kind: 'drop_after', count: 1 });
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(flow.message?.outcome, 'success', 'not "authorization_expired" from a second use of the code');
      assert.equal((await stack.control.calls()).token, 2, 'the client did retry');
      assert.equal((await stack.status(token)).state, 'connected');
    }));

  test('a slow Stripe within the client timeout is just slow', () =>
    withStack(
      async (stack) => {
        const token = await stack.mintSession('shop');
        await stack.control.addFault({ route: '*', kind: 'slow', count: 2, delayMs: 200 });
        const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
        assert.equal(flow.message?.outcome, 'success');
      },
      { stripeTimeoutMs: 2_000 },
    ));
});
