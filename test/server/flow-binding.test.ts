/**
 * A flow connects an account only for the session that started it: the
 * attacks on the completion step, over real HTTP (the browser's side, the
 * binding cookie, is browser-binding.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ErrorBody } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { mintSession } from '../../server/security/session-token.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { SESSION_SECRET, withStack, type FlowResult, type Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

const OTHER_ORIGIN = 'https://other-settings.example';
const JANE = { id: 'user_jane', name: 'Jane Doe', email: 'jane@acme.example' };
const SAM = { id: 'user_sam', name: 'Sam Lee' };

/** A flow of `tenant` (started with `token`), finished in Stripe's page and come back, not completed. */
const pending = (stack: Stack, token: string, accountId: string = SANDBOX_ACCOUNTS.acme) =>
  stack.runFlow(token, { accountId }, { complete: false });

function refused(flow: FlowResult, code = 'invalid_state', status = 400) {
  assert.equal(flow.completed?.status, status, flow.completed?.text);
  assert.equal((flow.completed?.body as ErrorBody).error.code, code);
}

/** No code exchanged, nothing connected, no Stripe connection made for it. */
async function nothingConnected(stack: Stack, tenant: string, token: string) {
  assert.equal((await stack.control.calls()).token, 0, 'no code was exchanged');
  assert.equal((await stack.status(token)).state, 'not_connected', `${tenant} connected nothing`);
}

describe('a handle in the wrong hands', () => {
  test('whatever browser holds the handle, only workspace A’s session can redeem it; another workspace’s cannot', () =>
    shared.run(
      async (stack) => {
        const workspaceA = uniqueTenant('workspace-a');
        const workspaceB = uniqueTenant('workspace-b');
        const a = await stack.mintSession(workspaceA);
        const b = await stack.mintSession(workspaceB);
        const flow = await pending(stack, a);
        refused(await stack.completeFlow(b, flow));
        await nothingConnected(stack, workspaceB, b);
        await nothingConnected(stack, workspaceA, a);
        // Not burned: its owner still completes it.
        assert.equal((await stack.completeFlow(a, flow)).outcome, 'success');
        assert.equal((await stack.status(b)).state, 'not_connected');
        assert.equal((await stack.status(a)).state, 'connected');
      },
      { allowedOrigins: ['https://shop-settings.example', OTHER_ORIGIN] },
    ));
});

describe('a completion is bound to the person who started the flow', () => {
  test('another user of the same workspace cannot redeem it; the same user with a renewed session can', () =>
    shared.run(async (stack) => {
      const workspace = uniqueTenant('workspace');
      const jane = await stack.mintSession(workspace, { user: JANE });
      const flow = await pending(stack, jane);
      const sam = await stack.mintSession(workspace, { user: SAM });
      const nobody = await stack.mintSession(workspace);
      refused(await stack.completeFlow(sam, flow));
      refused(await stack.completeFlow(nobody, flow));
      await nothingConnected(stack, workspace, jane);
      // sessionProvider gave Jane a new token meanwhile.
      const renewed = await stack.mintSession(workspace, { user: { id: JANE.id, name: 'Jane D.' } });
      assert.notEqual(renewed, jane);
      assert.equal((await stack.completeFlow(renewed, flow)).outcome, 'success');
    }));

  test('a flow started by a session that named nobody is the workspace’s: any of its sessions completes it', () =>
    shared.run(async (stack) => {
      const workspace = uniqueTenant('workspace');
      const anyone = await stack.mintSession(workspace);
      const flow = await pending(stack, anyone);
      assert.equal((await stack.completeFlow(await stack.mintSession(workspace, { user: SAM }), flow)).outcome, 'success');
    }));
});

describe('a completion is redeemed from the flow’s own page, once, in time', () => {
  test('from another allowed page, or with no Origin at all, it is refused and left for its page', () =>
    shared.run(
      async (stack) => {
        const workspace = uniqueTenant('workspace');
        // A session any allowed page may use: the completion is still bound to the page the flow started on.
        const { token } = mintSession({ sessionSecret: SESSION_SECRET, tenantId: workspace });
        const flow = await pending(stack, token);
        refused(await stack.completeFlow(token, flow, { origin: OTHER_ORIGIN }));
        const bare = await fetch(`${stack.apiBase}/connect/complete`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ completion: flow.completion }),
        });
        assert.equal(bare.status, 400);
        assert.equal(((await bare.json()) as ErrorBody).error.code, 'invalid_state');
        await nothingConnected(stack, workspace, token);
        assert.equal((await stack.completeFlow(token, flow)).outcome, 'success');
      },
      { allowedOrigins: ['https://shop-settings.example', OTHER_ORIGIN] },
    ));

  test('a used handle exchanges nothing a second time', () =>
    shared.run(async (stack) => {
      const workspace = uniqueTenant('workspace');
      const token = await stack.mintSession(workspace);
      const flow = await pending(stack, token);
      assert.equal((await stack.completeFlow(token, flow)).outcome, 'success');
      const calls = await stack.control.calls();
      refused(await stack.completeFlow(token, flow));
      assert.deepEqual(await stack.control.calls(), calls);
    }));

  test('an unknown or malformed handle exchanges nothing and records nothing', () =>
    shared.run(async (stack) => {
      const workspace = uniqueTenant('workspace');
      const token = await stack.mintSession(workspace);
      await pending(stack, token);
      for (const completion of ['cmp_' + 'x'.repeat(43), 'cmp_short', '', 'cmp_' + 'x'.repeat(43) + '=', ' cmp_' + 'x'.repeat(43)]) {
        const answer = await stack.complete(token, completion);
        assert.equal(answer.status, 400, completion);
        assert.equal((answer.body as ErrorBody).error.code, 'invalid_state', completion);
      }
      const tooLong = await stack.complete(token, 'cmp_' + 'x'.repeat(300));
      assert.equal((tooLong.body as ErrorBody).error.code, 'validation_failed');
      await nothingConnected(stack, workspace, token);
      assert.equal((await stack.status(token)).lastAttempt, null);
    }));

  test('a handle older than 5 minutes exchanges nothing; the late attempt is the tenant’s own', async () => {
    let offset = 0;
    await withStack(
      async (stack) => {
        const token = await stack.mintSession('workspace', { ttlSeconds: 3600 });
        const flow = await pending(stack, token);
        offset = 5 * 60_000 + 1_000;
        refused(await stack.completeFlow(token, flow));
        await nothingConnected(stack, 'workspace', token);
        assert.equal((await stack.status(token)).lastAttempt?.code, 'invalid_state');
      },
      { now: () => new Date(Date.now() + offset) },
    );
  });

  test('a completion never redeemed connects nothing, and goes with the housekeeping an hour after it expired', async () => {
    let offset = 0;
    await withStack(
      async (stack) => {
        const token = await stack.mintSession('workspace', { ttlSeconds: 3600 });
        await pending(stack, token);
        offset = 30 * 60_000;
        assert.deepEqual(await stack.app.housekeeping.run().then((p) => [p.completions, p.oauth_states]), [0, 0], 'kept a while after expiry');
        offset = 75 * 60_000;
        assert.deepEqual(await stack.app.housekeeping.run().then((p) => [p.completions, p.oauth_states]), [1, 1]);
        await nothingConnected(stack, 'workspace', await stack.mintSession('workspace'));
      },
      { now: () => new Date(Date.now() + offset) },
    );
  });
});

describe('the account errors name the account that was picked', () => {
  test('account_mismatch carries error.account; other errors do not', () =>
    shared.run(async (stack) => {
      const workspace = uniqueTenant('workspace');
      const token = await stack.connectTenant(workspace, SANDBOX_ACCOUNTS.acme);
      const mismatch = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta });
      refused(mismatch, 'account_mismatch', 409);
      const picked = (mismatch.completed?.body as ErrorBody).error.account;
      const beta = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.beta)!;
      assert.deepEqual(picked, { id: SANDBOX_ACCOUNTS.beta, name: beta.name });
      const flow = await pending(stack, token);
      await stack.control.expireCodes();
      const expired = await stack.completeFlow(token, flow);
      refused(expired, 'authorization_expired');
      assert.equal('account' in (expired.completed?.body as ErrorBody).error, false);
    }));
});
