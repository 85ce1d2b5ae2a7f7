import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TenantDetails } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { finishFlow } from '../support/flow.js';
import { withStack } from '../support/stack.js';

describe('races', () => {
  test('50 simultaneous callbacks with the same code and state, then 50 completions of its handle: one exchange, one connection', () =>
    withStack(async (stack) => {
      const token = await stack.mintSession('shop');
      const callbackUrl = await stack.control.completeAuthorize(await stack.startFlow(token), { accountId: SANDBOX_ACCOUNTS.acme });
      await stack.control.resetCalls();
      const backs = await Promise.all(Array.from({ length: 50 }, () => finishFlow(callbackUrl, '')));
      const pending = backs.filter((r) => r.outcome === 'pending');
      assert.equal(pending.length, 1, 'one browser got a handle');
      assert.equal(backs.filter((r) => r.code === 'invalid_state').length, 49);
      assert.equal((await stack.control.calls()).token, 0, 'the callbacks exchanged nothing');

      const results = await Promise.all(Array.from({ length: 50 }, () => stack.completeFlow(token, pending[0]!)));
      const outcomes = results.map((r) => r.outcome);
      assert.equal(outcomes.filter((o) => o === 'success').length, 1);
      assert.equal(outcomes.filter((o) => o === 'invalid_state').length, 49);
      assert.equal((await stack.control.calls()).token, 1, 'exactly one code exchange');
      const details = await stack.admin<TenantDetails>('/tenants/shop');
      assert.equal(details.body.status.state, 'connected');
      assert.deepEqual(
        details.body.attempts.map((a) => a.outcome),
        ['success'],
        'replays are not recorded as the tenant’s attempts',
      );
    }, {
      rateLimits: {
        callbackPerTenant: { limit: 1000, windowSeconds: 60 },
        callbackPerAddress: { limit: 1000, windowSeconds: 60 },
        completePerTenant: { limit: 1000, windowSeconds: 60 },
      },
    }));

  test('two tenants racing for one account: exactly one owner, the other told account_already_integrated', () =>
    withStack(async (stack) => {
      const accounts = [SANDBOX_ACCOUNTS.acme, SANDBOX_ACCOUNTS.beta, SANDBOX_ACCOUNTS.gamma];
      for (const [round, accountId] of accounts.entries()) {
        const tenants = [`left-${round}`, `right-${round}`];
        const tokens = await Promise.all(tenants.map((t) => stack.mintSession(t)));
        const urls = await Promise.all(tokens.map((t) => stack.startFlow(t)));
        const callbacks = await Promise.all(urls.map((u) => stack.control.completeAuthorize(u, { accountId })));
        const backs = await Promise.all(callbacks.map((url, i) => finishFlow(url, urls[i]!)));
        const results = await Promise.all(backs.map((back, i) => stack.completeFlow(tokens[i]!, back)));
        const codes = results.map((r) => r.code ?? 'success').sort();
        assert.deepEqual(codes, ['account_already_integrated', 'success'], `round ${round}`);
        const states = await Promise.all(tokens.map((t) => stack.status(t)));
        assert.equal(states.filter((s) => s.state === 'connected' && s.account?.id === accountId).length, 1);
        const inStripe = (await stack.control.accounts()).find((a) => a.id === accountId);
        assert.notEqual(inStripe?.connection, null, 'the winner’s account was not deauthorized by the loser');
      }
    }));

  test('a reconnect racing a deauthorization ends in the state Stripe has', () =>
    withStack(async (stack) => {
      const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
      for (let round = 0; round < 8; round++) {
        const callbackUrl = await stack.control.completeAuthorize(await stack.startFlow(token), { accountId: SANDBOX_ACCOUNTS.acme });
        // Stripe's side revokes (sending its webhook) while the completion runs; which comes first varies by round.
        const revoke = async () => {
          if (round % 2) await new Promise((r) => setTimeout(r, round));
          await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
        };
        const back = await finishFlow(callbackUrl, '');
        await Promise.all([stack.completeFlow(token, back), revoke()]);
        await stack.sandbox.webhooksIdle();
        const connectedInStripe = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)?.connection !== null;
        const status = await stack.status(token);
        assert.equal(status.state, connectedInStripe ? 'connected' : 'needs_attention', `round ${round}: Stripe says connected=${connectedInStripe}`);
        if (!connectedInStripe) await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      }
    }));

  test('a deauthorization confirmed between the code exchange and the connection stays: the completion fails with access_denied', () =>
    withStack(async (stack) => {
      const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { complete: false });
      // The owner removes the app in Stripe once the code is exchanged, and its webhook is applied before the completion's change.
      const tenants = stack.store.tenants;
      const transition = tenants.transition.bind(tenants);
      let revoked = false;
      tenants.transition = async (input) => {
        if (input.attempt && !revoked) {
          revoked = true;
          assert.equal((await stack.control.calls()).token, 1, 'the code was exchanged');
          await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
          await stack.sandbox.webhooksIdle();
          assert.equal((await stack.status(token)).problem?.code, 'deauthorized', 'the webhook was applied first');
        }
        return transition(input);
      };
      await stack.control.resetCalls();
      const result = await stack.completeFlow(token, flow);
      assert.ok(revoked);
      assert.equal(result.completed?.status, 403);
      assert.equal(result.code, 'access_denied');

      const status = await stack.status(token);
      assert.equal(status.state, 'needs_attention');
      assert.equal(status.problem?.code, 'deauthorized');
      assert.equal(status.account?.id, SANDBOX_ACCOUNTS.acme);
      assert.equal((await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)?.connection, null, 'Stripe has no connection');
      const details = await stack.admin<TenantDetails>('/tenants/shop');
      assert.deepEqual(
        details.body.attempts.slice(0, 2).map((a) => [a.outcome, a.code, a.accountId]),
        [['error', 'access_denied', SANDBOX_ACCOUNTS.acme], ['success', null, SANDBOX_ACCOUNTS.acme]],
        'the attempt is recorded as failed',
      );

      // Granting access again after the loss connects.
      const again = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal(again.outcome, 'success');
      assert.equal((await stack.status(token)).state, 'connected');
    }));
});
