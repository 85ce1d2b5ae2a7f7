/**
 * Payments paused by Stripe and the warning before it, over real HTTP: found
 * at connect time and by `POST /status/check`, with the precedence of the
 * other problems. (`account.updated` is in payments-webhooks.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Status, TenantDetails } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks } from '../support/shared.js';
import { tenantRow, type Stack } from '../support/stack.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** A whole second, as Stripe's unix-seconds deadlines are. */
const inDays = (days: number) => Math.floor((Date.now() + days * DAY) / 1000) * 1000;

/**
 * Each test on the file's stack, reset before it to an empty store and the
 * sandbox's seed (one Stripe account connects to one tenant), with tenant ids
 * no other test uses. No reuse of Stripe's answers: every test checks acme.
 */
const shared = sharedStacks();
const fresh = (fn: (stack: Stack) => Promise<void>) => () => shared.run(fn, { statusReuseMs: 0 });

async function check(stack: Stack, token: string): Promise<Status> {
  const result = await stack.request<Status>('/status/check', { method: 'POST', token });
  assert.equal(result.status, 200, result.text);
  return result.body;
}

describe('payments paused and information due, at connect time', () => {
  test('connecting an account whose payments Stripe paused: needs_attention, payments_paused with Stripe’s facts', fresh(async (stack) => {
    const token = await stack.mintSession('shop-epsilon');
    const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.paused });
    assert.equal(flow.outcome, 'success', 'the account is connected: reconnecting would not lift the pause');
    const status = await stack.status(token);
    assert.equal(status.state, 'needs_attention');
    assert.deepEqual({ ...status.problem, since: undefined }, {
      code: 'payments_paused',
      since: undefined,
      details: { charges: false, payouts: false, reason: 'requirements.past_due', deadline: null },
    });
    assert.ok(Date.parse(status.problem!.since) <= Date.now());
    assert.deepEqual([status.account?.id, status.account?.name, status.expected?.id], [SANDBOX_ACCOUNTS.paused, 'Epsilon Events', SANDBOX_ACCOUNTS.paused]);
    assert.equal(status.warning, null);
    assert.deepEqual([status.lastAttempt?.outcome, status.lastAttempt?.code], ['success', null]);
    // The host backend sees the same.
    const details = await stack.admin<TenantDetails>('/tenants/shop-epsilon');
    assert.deepEqual(details.body.status, status);
    // Stored on the engine under test, not only in the cache.
    const row = await tenantRow(stack, 'shop-epsilon');
    assert.deepEqual([row?.problem_code, row?.warning_code], ['payments_paused', null]);
  }));

  test('connecting an account Stripe needs information from within 7 days: connected, with the warning and its deadline', fresh(async (stack) => {
    const token = await stack.mintSession('shop-zeta');
    await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.due });
    const zeta = (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.due)!;
    const status = await stack.status(token);
    assert.equal(status.state, 'connected');
    assert.equal(status.problem, null);
    assert.deepEqual(status.warning, { code: 'requirements_due', deadline: iso(Date.parse(zeta.requirements.currentDeadline!)) });
    assert.ok(Date.parse(status.warning!.deadline) - Date.now() < 7 * DAY + 60_000);
  }));

  test('a healthy account connects with no problem and no warning', fresh(async (stack) => {
    const token = await stack.connectTenant('shop-healthy', SANDBOX_ACCOUNTS.acme);
    const status = await stack.status(token);
    assert.deepEqual([status.state, status.problem, status.warning], ['connected', null, null]);
  }));
});

describe('POST /status/check finds what Stripe says now', () => {
  test('a pause made silently (no webhook) is found by a check, and the check after it is lifted repairs it', fresh(async (stack) => {
    const token = await stack.connectTenant('shop-check', SANDBOX_ACCOUNTS.acme);
    await stack.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { chargesEnabled: true, reason: 'under_review', webhook: false });
    assert.equal((await stack.status(token)).state, 'connected', 'nothing told the backend yet');
    const paused = await check(stack, token);
    assert.equal(paused.state, 'needs_attention');
    assert.equal(paused.problem?.code, 'payments_paused');
    assert.deepEqual(paused.problem?.details, { charges: true, payouts: false, reason: 'under_review', deadline: null });
    assert.equal(paused.checkedAt, paused.problem?.since);

    // Worse: charges stop too, with a deadline for more. Still the same pause, its facts updated.
    const deadline = inDays(5);
    await stack.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'requirements.past_due', deadline: deadline / 1000, webhook: false });
    const worse = await check(stack, token);
    assert.equal(worse.problem?.since, paused.problem?.since, 'the pause began at the first check');
    assert.deepEqual(worse.problem?.details, { charges: false, payouts: false, reason: 'requirements.past_due', deadline: iso(deadline) });

    await stack.control.clearAccount(SANDBOX_ACCOUNTS.acme, { webhook: false });
    const repaired = await check(stack, token);
    assert.deepEqual([repaired.state, repaired.problem, repaired.warning], ['connected', null, null]);
  }));

  test('information due within 14 days shows as a warning; beyond 14 days it does not; cleared, it goes', fresh(async (stack) => {
    const token = await stack.connectTenant('shop-due', SANDBOX_ACCOUNTS.acme);
    await stack.control.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline: inDays(20) / 1000, webhook: false });
    const far = await check(stack, token);
    assert.deepEqual([far.state, far.warning], ['connected', null], 'a deadline 20 days away is not a warning yet');

    const soon = inDays(10);
    await stack.control.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline: soon / 1000, webhook: false });
    const warned = await check(stack, token);
    assert.deepEqual([warned.state, warned.problem, warned.warning], ['connected', null, { code: 'requirements_due', deadline: iso(soon) }]);

    await stack.control.clearAccount(SANDBOX_ACCOUNTS.acme, { webhook: false });
    assert.equal((await check(stack, token)).warning, null);
  }));

  test('Stripe unreachable changes nothing: the pause stays, the answer is 503 stripe_unavailable', fresh(async (stack) => {
    const token = await stack.mintSession('shop-unreachable');
    await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.paused });
    const before = await tenantRow(stack, 'shop-unreachable');
    await stack.control.addFault({ route: 'account', kind: 'error_500', count: 3 });
    try {
      const result = await stack.request<{ error: { code: string } }>('/status/check', { method: 'POST', token });
      assert.equal(result.status, 503);
      assert.equal(result.body.error.code, 'stripe_unavailable');
      assert.deepEqual(await tenantRow(stack, 'shop-unreachable'), before);
    } finally {
      await stack.control.clearFaults();
    }
  }));
});

describe('precedence with the other problems', () => {
  test('a paused account deauthorized in Stripe is deauthorized (no details), and a check does not make it paused again', fresh(async (stack) => {
    const token = await stack.mintSession('shop-paused-revoked');
    await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.paused });
    await stack.control.revoke(SANDBOX_ACCOUNTS.paused, { webhook: true });
    await stack.sandbox.webhooksIdle();
    const status = await stack.status(token);
    assert.equal(status.state, 'needs_attention');
    assert.deepEqual({ ...status.problem, since: undefined }, { code: 'deauthorized', since: undefined, details: null });
    const checked = await check(stack, token);
    assert.equal(checked.problem?.code, 'deauthorized');
    assert.equal(checked.problem?.details, null);
  }));

  test('a check that finds no access says access_revoked even when paused; one that finds access again, still paused, says payments_paused', fresh(async (stack) => {
    const token = await stack.connectTenant('shop-back', SANDBOX_ACCOUNTS.acme);
    await stack.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { webhook: false });
    await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
    const revoked = await check(stack, token);
    assert.deepEqual([revoked.state, revoked.problem?.code, revoked.problem?.details], ['needs_attention', 'access_revoked', null]);

    // The owner authorizes the platform again in Stripe; no webhook reaches the backend, so only a check can tell.
    const webhookUrl = await stack.control.webhookUrl();
    await stack.control.setWebhookUrl(null);
    try {
      await stack.control.completeAuthorize(await stack.startFlow(token), { accountId: SANDBOX_ACCOUNTS.acme });
    } finally {
      await stack.control.setWebhookUrl(webhookUrl);
    }
    const back = await check(stack, token);
    assert.equal(back.state, 'needs_attention');
    assert.equal(back.problem?.code, 'payments_paused');
    assert.deepEqual(back.problem?.details, { charges: false, payouts: false, reason: 'requirements.past_due', deadline: null });
  }));

  test('disconnecting a paused connection forgets the problem', fresh(async (stack) => {
    const token = await stack.mintSession('shop-paused-gone');
    await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.paused });
    const result = await stack.request<Status>('/disconnect', { method: 'POST', token });
    assert.equal(result.status, 200);
    assert.deepEqual([result.body.state, result.body.problem, result.body.warning], ['disconnected', null, null]);
  }));
});
