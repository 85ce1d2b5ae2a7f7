/**
 * Re-checks find what no webhook told: a revocation, a pause, information
 * due, and a repair, made in the sandbox silently, each found within the
 * interval and recorded as a webhook-driven change would be.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostEvent, Status, TenantDetails } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { waitFor } from '../support/fleet.js';
import { withHostWebhooks, type Stack } from '../support/stack.js';

/** Seconds: short, so the test waits a few of them. */
const INTERVAL = 2;

async function statusOf(stack: Stack, tenantId: string): Promise<Status> {
  return (await stack.admin<TenantDetails>(`/tenants/${tenantId}`)).body.status;
}

/** Waits until the tenant's Status satisfies `found`: within two intervals and a margin for a loaded machine. */
async function foundWithin(stack: Stack, tenantId: string, what: string, found: (s: Status) => boolean): Promise<Status> {
  const started = Date.now();
  await waitFor(`${tenantId}: ${what}`, async () => found(await statusOf(stack, tenantId)), 2 * INTERVAL * 1_000 + 4_000);
  assert.ok(Date.now() - started < 2 * INTERVAL * 1_000 + 4_000);
  return statusOf(stack, tenantId);
}

describe('re-checks find what no webhook told', () => {
  test('a silent revocation, pause and deadline are found within the interval, then a silent repair; each is told to the host like a webhook-driven change, with no by, attempts untouched', () =>
    withHostWebhooks(
      async (stack, receiver) => {
        for (const [tenant, account] of [
          ['quiet-revoked', SANDBOX_ACCOUNTS.acme],
          ['quiet-paused', SANDBOX_ACCOUNTS.beta],
          ['quiet-due', SANDBOX_ACCOUNTS.gamma],
        ] as const) {
          await stack.connectTenant(tenant, account);
        }
        await stack.worker!.drain();
        receiver.received.length = 0;
        const silently = { webhook: false };
        const deadline = Math.floor(Date.now() / 1000) + 5 * 86_400;
        const before = Date.now();
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, silently);
        await stack.control.pauseAccount(SANDBOX_ACCOUNTS.beta, { ...silently, chargesEnabled: false, reason: 'requirements.past_due' });
        await stack.control.requireInformation(SANDBOX_ACCOUNTS.gamma, { ...silently, deadline });

        const revoked = await foundWithin(stack, 'quiet-revoked', 'access_revoked', (s) => s.problem?.code === 'access_revoked');
        assert.equal(revoked.state, 'needs_attention');
        assert.ok(Date.parse(revoked.problem!.since) >= before);
        const paused = await foundWithin(stack, 'quiet-paused', 'payments_paused', (s) => s.problem?.code === 'payments_paused');
        assert.deepEqual(paused.problem!.details && { charges: paused.problem!.details.charges, reason: paused.problem!.details.reason }, {
          charges: false,
          reason: 'requirements.past_due',
        });
        const due = await foundWithin(stack, 'quiet-due', 'requirements_due', (s) => s.warning?.code === 'requirements_due');
        assert.equal(due.state, 'connected');
        assert.equal(Date.parse(due.warning!.deadline), deadline * 1000);

        await stack.control.clearAccount(SANDBOX_ACCOUNTS.beta, silently);
        const repaired = await foundWithin(stack, 'quiet-paused', 'repaired', (s) => s.state === 'connected');
        assert.equal(repaired.problem, null);

        await stack.worker!.drain();
        const events = receiver.received.map((r) => JSON.parse(r.body) as HostEvent);
        const told = (tenantId: string) => events.filter((e) => e.tenantId === tenantId).map((e) => [e.type, e.reason]);
        assert.deepEqual(told('quiet-revoked'), [['connection.broken', 'access_revoked']]);
        assert.deepEqual(told('quiet-paused'), [
          ['connection.broken', 'payments_paused'],
          ['connection.repaired', null],
        ]);
        assert.deepEqual(told('quiet-due'), [['connection.warning', null]]);
        assert.ok(events.every((e) => e.by === null));
        assert.equal((await stack.control.deliveries()).filter((d) => d.event.type !== 'account.application.authorized').length, 0, 'no webhook told anything');

        for (const tenant of ['quiet-revoked', 'quiet-paused', 'quiet-due']) {
          const details = (await stack.admin<TenantDetails>(`/tenants/${tenant}`)).body;
          assert.deepEqual(
            details.attempts.map((a) => a.outcome),
            ['success'],
            `${tenant}: the re-checks added no attempt`,
          );
        }
      },
      { recheck: { interval: INTERVAL, rate: 20 } },
    ));

  test('a disconnected or broken tenant is not re-checked; a working one costs one Stripe call per interval', () =>
    withHostWebhooks(
      async (stack) => {
        await stack.connectTenant('steady', SANDBOX_ACCOUNTS.acme);
        const token = await stack.connectTenant('leaving', SANDBOX_ACCOUNTS.beta);
        await stack.request('/disconnect', { method: 'POST', token });
        await stack.connectTenant('gone', SANDBOX_ACCOUNTS.gamma);
        await stack.control.revoke(SANDBOX_ACCOUNTS.gamma);
        await waitFor('the deauthorization', async () => (await statusOf(stack, 'gone')).problem?.code === 'deauthorized', 5_000);
        await stack.control.resetCalls();
        const started = Date.now();
        await new Promise((r) => setTimeout(r, 3 * INTERVAL * 1_000));
        const seconds = (Date.now() - started) / 1000;
        const reads = (await stack.control.calls()).account;
        // Only `steady`: once per interval (the jitter brings each check up to a tenth earlier), never per instance or per tenant on record.
        assert.ok(reads >= Math.floor(seconds / INTERVAL) - 1 && reads <= Math.ceil(seconds / (INTERVAL * 0.9)) + 1, `${reads} reads in ${seconds} s`);
      },
      { recheck: { interval: INTERVAL, rate: 20 } },
    ));
});
