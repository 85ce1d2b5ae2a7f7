/**
 * `account.updated` on the Connect webhook endpoint, over real HTTP: Stripe
 * pausing and resuming payments, asking for information, the host events
 * that follow, and events replayed, late, out of order or unconfirmable.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { HostEvent } from '../../contract/schemas.js';
import { HANDLED_STRIPE_EVENTS } from '../../server/reconnect/stripe-events.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import type { SandboxEvent } from '../../server/sandbox/webhook-sender.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { tenantRow, withHostWebhooks, type Stack } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

const DAY = 86_400_000;
const ACME = SANDBOX_ACCOUNTS.acme;

/** Posts an event to the backend signed with the Connect endpoint's secret, as Stripe delivers it. */
async function deliver(stack: Stack, event: SandboxEvent) {
  const payload = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const mac = createHmac('sha256', stack.sandbox.credentials.webhookSecret).update(`${t}.${payload}`).digest('hex');
  return stack.request<{ result?: string; error?: { code: string; retryable: boolean } }>('/webhooks/stripe', {
    method: 'POST',
    body: payload,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${t},v1=${mac}` },
  });
}

/** The account.updated events the sandbox made, oldest first. */
async function accountUpdates(stack: Stack): Promise<SandboxEvent[]> {
  return (await stack.control.deliveries()).map((d) => d.event).filter((e) => e.type === 'account.updated');
}

/** The backend stops hearing Stripe: changes still make events, kept for the test to deliver. */
const unplug = (stack: Stack) => stack.control.setWebhookUrl(null);

describe('account.updated from Stripe', () => {
  test('Stripe pauses payments: needs_attention; resumes: repaired; asks for information: the warning; each told to the host once', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        const token = await stack.connectTenant('shop', ACME);
        await stack.control.pauseAccount(ACME, { payoutsEnabled: true, reason: 'requirements.past_due' });
        await stack.sandbox.webhooksIdle();
        assert.equal((await stack.control.deliveries()).at(-1)?.httpStatus, 200, 'the backend accepted the signed account.updated');
        const paused = await stack.status(token);
        assert.equal(paused.state, 'needs_attention');
        assert.deepEqual(paused.problem?.details, { charges: false, payouts: true, reason: 'requirements.past_due', deadline: null });

        await stack.control.clearAccount(ACME);
        await stack.sandbox.webhooksIdle();
        const repaired = await stack.status(token);
        assert.deepEqual([repaired.state, repaired.problem, repaired.warning], ['connected', null, null]);

        const deadline = Math.floor((Date.now() + 5 * DAY) / 1000);
        await stack.control.requireInformation(ACME, { deadline });
        await stack.sandbox.webhooksIdle();
        // Other fields, same deadline: Stripe tells, the warning is the same, the host is not told again.
        await stack.control.requireInformation(ACME, { deadline, fields: ['company.tax_id'] });
        await stack.sandbox.webhooksIdle();
        const warned = await stack.status(token);
        assert.deepEqual([warned.state, warned.warning], ['connected', { code: 'requirements_due', deadline: new Date(deadline * 1000).toISOString() }]);
        await stack.control.clearAccount(ACME);
        await stack.sandbox.webhooksIdle();
        assert.equal((await stack.status(token)).warning, null);

        await stack.worker!.drain();
        await receiver.waitFor(4);
        const events = receiver.received.map((r) => JSON.parse(r.body) as HostEvent);
        assert.deepEqual(
          events.map((e) => [e.type, e.reason, e.status.state]),
          [
            ['connection.connected', null, 'connected'],
            ['connection.broken', 'payments_paused', 'needs_attention'],
            ['connection.repaired', null, 'connected'],
            ['connection.warning', null, 'connected'],
          ],
        );
        assert.deepEqual(events[1]!.status.problem?.details, paused.problem?.details);
        assert.equal(events[3]!.status.warning?.deadline, warned.warning?.deadline);
      },
    );
  });

  test('a paused connection deauthorized in Stripe becomes deauthorized, told to the host as broken again with the new reason', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.paused);
        await stack.control.revoke(SANDBOX_ACCOUNTS.paused, { webhook: true });
        await stack.sandbox.webhooksIdle();
        assert.deepEqual((await stack.status(token)).problem?.code, 'deauthorized');
        await stack.worker!.drain();
        await receiver.waitFor(2);
        assert.deepEqual(
          receiver.received.map((r) => JSON.parse(r.body) as HostEvent).map((e) => [e.type, e.reason]),
          [
            ['connection.broken', 'payments_paused'],
            ['connection.broken', 'deauthorized'],
          ],
        );
      },
    );
  });

  test('an event replayed after a later change is applied once: nothing changes', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, ACME);
      await stack.control.pauseAccount(ACME);
      await stack.control.clearAccount(ACME);
      await stack.sandbox.webhooksIdle();
      const [pause] = await accountUpdates(stack);
      assert.equal((await stack.status(token)).state, 'connected');
      const before = await tenantRow(stack, shop);
      const replay = await deliver(stack, pause!);
      assert.deepEqual([replay.status, replay.body.result], [200, 'duplicate']);
      assert.deepEqual(await tenantRow(stack, shop), before);
    }));

  test('events late and out of order end in Stripe’s current state, whatever they carry', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, ACME);
      await unplug(stack);
      await stack.control.pauseAccount(ACME);
      await stack.control.clearAccount(ACME);
      const [pause, clear] = await accountUpdates(stack);
      // Newest first: the pause arrives last, but Stripe says the account is healthy now.
      assert.equal((await deliver(stack, clear!)).status, 200);
      assert.equal((await deliver(stack, pause!)).status, 200);
      assert.deepEqual([(await stack.status(token)).state, (await stack.status(token)).problem], ['connected', null]);

      // And the other way round: paused again, the event saying "healthy" arrives late and changes nothing.
      await stack.control.pauseAccount(ACME, { reason: 'rejected.fraud' });
      const late = { ...clear!, id: `${clear!.id.slice(0, -4)}late` };
      const [, , repause] = await accountUpdates(stack);
      assert.equal((await deliver(stack, repause!)).status, 200);
      assert.equal((await deliver(stack, late)).status, 200);
      const status = await stack.status(token);
      assert.equal(status.state, 'needs_attention');
      assert.equal(status.problem?.details?.reason, 'rejected.fraud');
    }));

  test('an event Stripe cannot confirm is answered 503 and not recorded, so Stripe’s redelivery applies it', () =>
    shared.run(
      async (stack) => {
        const shop = uniqueTenant('shop');
        const token = await stack.connectTenant(shop, ACME);
        await unplug(stack);
        await stack.control.pauseAccount(ACME);
        const [pause] = await accountUpdates(stack);
        await stack.control.addFault({ route: 'account', kind: 'error_500', count: 1 });
        const refused = await deliver(stack, pause!);
        assert.equal(refused.status, 503);
        assert.deepEqual([refused.body.error?.code, refused.body.error?.retryable], ['stripe_unavailable', true]);
        assert.equal((await stack.status(token)).state, 'connected', 'not taken at its word');
        const again = await deliver(stack, pause!);
        assert.deepEqual([again.status, again.body.result], [200, 'applied']);
        assert.equal((await stack.status(token)).problem?.code, 'payments_paused');
      },
      { maxNetworkRetries: 0 },
    ));

  test('account.updated for an account no tenant holds, or one disconnected on purpose, changes nothing', () =>
    shared.run(async (stack) => {
      const shop = uniqueTenant('shop');
      const token = await stack.connectTenant(shop, ACME);
      await unplug(stack);
      await stack.control.pauseAccount(ACME);
      const [pause] = await accountUpdates(stack);
      assert.deepEqual((await deliver(stack, { ...pause!, id: 'evt_1NobodysAccount000000', account: 'acct_1NobodyHasThis00' })).body.result, 'ignored');
      await stack.request('/disconnect', { method: 'POST', token });
      await stack.control.resetCalls();
      assert.deepEqual((await deliver(stack, pause!)).body.result, 'ignored');
      assert.equal((await stack.control.calls()).account, 0, 'nothing to confirm: Stripe is not asked');
      assert.deepEqual([(await stack.status(token)).state, (await stack.status(token)).problem], ['disconnected', null]);
    }));
});

describe('README: Real Stripe set-up', () => {
  test('subscribes the Connect endpoint to every event the backend handles, account.updated included', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const setup = /## Real Stripe set-up([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    assert.ok(HANDLED_STRIPE_EVENTS.includes('account.updated'));
    for (const type of HANDLED_STRIPE_EVENTS) assert.ok(setup.includes(`\`${type}\``), `${type} is listed`);
  });
});
