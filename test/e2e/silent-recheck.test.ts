/**
 * A break Stripe never tells the platform about: the QA drawer pauses the
 * workspace's account in the sandbox with no webhook, nothing changes, then
 * the backend's own re-check finds it (the card, the host's webhook, the
 * support page), and finds the repair the same way. The demo here re-checks
 * every 5 s (the demo's own default is 30 s), so the test waits seconds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sandboxControl } from '../../server/sandbox/control-client.js';
import { SupportPage } from './support-page.js';
import { SANDBOX_ACCOUNTS, startHarness, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness({ recheckInterval: '5s' });
});
after(() => harness?.close());

/** Stripe's webhooks to the platform about `account` so far (the sandbox records every delivery). */
async function stripeWebhooksAbout(account: string): Promise<string[]> {
  const deliveries = await sandboxControl(harness.demo.sandboxUrl).deliveries();
  return deliveries.filter((d) => d.event.account === account).map((d) => d.event.id);
}

describe('a silent pause, found by the re-check', () => {
  test('pausing charges with no webhook changes nothing until a re-check finds it; the card, the host and support then see it', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    const tenantId = await e2e.page.locator('#tenant-id').innerText();
    const qaStatus = e2e.page.locator('#qa-status');
    await e2e.page.locator('#recheck-note', { hasText: /^The backend re-checks every 5 s \(RECHECK_INTERVAL\)\. This workspace: last checked \d\d:\d\d:\d\d, next by \d\d:\d\d:\d\d\.$/ }).waitFor();
    const webhooksBefore = await stripeWebhooksAbout(SANDBOX_ACCOUNTS.acme);
    const attemptsBefore = (await (await fetch(new URL('/demo/api/tenant', harness.demo.url))).json()) as { attempts: unknown[] };

    await e2e.page.getByRole('button', { name: 'Pause charges silently (no webhook): a re-check will find it' }).click();
    await qaStatus.filter({ hasText: /^Done in Stripe, no webhook sent: the connection on record still says connected\. Watching for the re-check/ }).waitFor();
    // The card is not told: it still says Connected.
    await e2e.state('Connected').waitFor();

    await qaStatus.filter({ hasText: /^A re-check found it at \d\d:\d\d:\d\d: needs_attention \(payments_paused\) \(was connected\)\. Stripe sent no webhook/ }).waitFor();
    await e2e.state('Needs attention').waitFor();
    await e2e.part('notice').filter({ hasText: "Customers can't pay you" }).filter({ hasText: 'Money already in your Stripe balance is still paid out' }).waitFor();
    // The host's backend hears it from the backend (no `by`: nobody did it here).
    await e2e.webhook('connection.broken', 'reason=payments_paused').waitFor();
    // Stripe sent the platform nothing about the account, and the re-check is no attempt of anyone's.
    assert.deepEqual(await stripeWebhooksAbout(SANDBOX_ACCOUNTS.acme), webhooksBefore);
    const after = (await (await fetch(new URL('/demo/api/tenant', harness.demo.url))).json()) as { attempts: unknown[] };
    assert.equal(after.attempts.length, attemptsBefore.attempts.length);

    const support = await SupportPage.open(e2e.page.context(), harness.demo);
    await support.filter({ problem: 'payments_paused' });
    await support.row(tenantId).waitFor();
    const row = await support.cells(support.row(tenantId));
    assert.equal(row.State, 'Needs attention');
    assert.match(row.Why, /^Payments paused by Stripe since /);
    await support.openTenant(tenantId);
    await support.details.locator('dd', { hasText: 'charges off · payouts on · reason requirements.past_due' }).waitFor();
    await support.details.locator('[data-detail="owner"]', { hasText: "Customers can't pay you. Stripe is waiting for information about your business or identity." }).waitFor();
    // Paused connections are re-checked too, so the repair can be found.
    await support.details.locator('[data-detail="next-check"] time').waitFor();

    // Lifted in Stripe, again with no webhook: the re-check finds the repair.
    await e2e.page.getByRole('button', { name: "Lift Stripe's pause and requests silently (no webhook): a re-check will find the repair" }).click();
    await qaStatus.filter({ hasText: /^A re-check found it at \d\d:\d\d:\d\d: connected \(was needs_attention \(payments_paused\)\)/ }).waitFor();
    await e2e.state('Connected').waitFor();
    await e2e.webhook('connection.repaired').waitFor();
    assert.deepEqual(await stripeWebhooksAbout(SANDBOX_ACCOUNTS.acme), webhooksBefore);
    await support.filter({ state: 'connected' });
    await support.row(tenantId).waitFor();
  });

  test('a silent break needs a connection: on a workspace that never connected, the drawer says so', async () => {
    const e2e = await harness.open();
    await e2e.scenario('not_connected', 'Not connected');
    await e2e.page.getByRole('button', { name: 'Revoke access silently (no webhook): a re-check will find it' }).click();
    await e2e.page.locator('#qa-status', { hasText: 'Could not do it: This workspace has no Stripe account on record' }).waitFor();
    await e2e.state('Not connected').waitFor();
  });
});
