/**
 * A flow connects an account only for the browser that started it, through
 * the demo as a person uses it: a page served with
 * `Cross-Origin-Opener-Policy: same-origin` (its popup cut off) still
 * completes; Stripe's page finished in another browser connects nothing;
 * return links made up by someone else fire nothing.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS, choose, startHarness, stripePage, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

const RETURN = /[?&]stripe_reconnect/;

describe('a page whose opener policy cuts its popups off', () => {
  test('the popup finishes on the page inside itself, tells this page, and closes; this page shows the outcome', async () => {
    const e2e = await harness.open({ coop: true });
    const answer = await e2e.page.request.get(e2e.page.url());
    assert.equal(answer.headers()['cross-origin-opener-policy'], 'same-origin');
    await e2e.scenario('deauthorized', 'Needs attention');
    const stripe = await e2e.startFlow();
    // Once the popup is at Stripe, this page can no longer see it: the flow waits, and says why.
    await e2e.part('wait-panel').filter({ hasText: 'this page updates by itself' }).waitFor();
    await e2e.shoot('panel-wait-elsewhere');
    await e2e.part('cancel-button').waitFor();
    const closed = stripe.waitForEvent('close');
    await choose(stripe, { account: SANDBOX_ACCOUNTS.acme });
    await closed;
    await e2e.state('Connected').waitFor();
    await e2e.event('stripe-reconnect:connected', `account=${SANDBOX_ACCOUNTS.acme}`).waitFor();
    await e2e.part('message').filter({ hasText: 'Reconnected to Acme Inc. Subscriptions and settings are unchanged.' }).waitFor();
    await e2e.webhook('connection.repaired').waitFor();
    await e2e.errorPanel.waitFor({ state: 'detached' });
    assert.doesNotMatch(e2e.page.url(), RETURN);
  });

  test('an error over there is shown here, with its panel', async () => {
    const e2e = await harness.open({ coop: true });
    await e2e.scenario('connected', 'Connected');
    const stripe = await e2e.startFlow();
    await e2e.part('wait-panel').filter({ hasText: 'this page updates by itself' }).waitFor();
    const closed = stripe.waitForEvent('close');
    await choose(stripe, 'deny');
    await closed;
    await e2e.expectError('access_denied', 'The connection was not finished');
    await e2e.state('Connected').waitFor();
  });
});

describe('Stripe finished in another browser', () => {
  test('connects nothing: that browser shows nothing new, and this page stays as it was, waiting', async () => {
    // A workspace with no account yet: any account picked would have been linked, before the completion step.
    const e2e = await harness.open();
    await e2e.scenario('not_connected', 'Not connected');
    const stripe = await e2e.startFlow();
    const authorizeUrl = stripe.url();
    // The link forwarded to someone else, who finishes Stripe's page in their own browser.
    const elsewhere = await harness.browser.newContext();
    try {
      const page = await elsewhere.newPage();
      await page.goto(authorizeUrl);
      await stripePage(page);
      await choose(page, { account: SANDBOX_ACCOUNTS.beta });
      // The callback sends that browser to the return URL with the handle; its element ignores it and clears the address.
      await page.waitForURL((url) => url.href.startsWith(harness.demo.url));
      await page.locator('stripe-reconnect [part~="indicator"]', { hasText: /^\s*Not connected\s*$/ }).waitFor({ timeout: 45_000 });
      await page.waitForFunction(() => !/[?&]stripe_reconnect/.test(location.search));
      const heard = await page.locator('#event-log li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.type));
      assert.ok(!heard.includes('stripe-reconnect:connected') && !heard.includes('stripe-reconnect:error'), `events there: ${heard.join(', ')}`);
    } finally {
      await elsewhere.close();
    }
    // Here: still waiting for its own Stripe window, nothing connected.
    await e2e.part('wait-panel').filter({ hasText: 'Finish in the Stripe window.' }).waitFor();
    await e2e.state('Not connected').waitFor();
    assert.ok(!(await e2e.eventTypes()).includes('stripe-reconnect:connected'));
    await stripe.close();
    await e2e.expectError('flow_cancelled', 'The Stripe window closed');
    await e2e.page.reload();
    await e2e.state('Not connected').waitFor();
    assert.equal(await e2e.webhook('connection.connected').count(), 0);
  });
});

describe('return links made up by someone else', () => {
  const handle = `cmp_${randomBytes(32).toString('base64url')}`;
  for (const [name, search] of [
    ['stripe_reconnect=success', '?stripe_reconnect=success'],
    ['an error code', '?stripe_reconnect=account_mismatch'],
    ['a handle this browser never asked for', `?stripe_reconnect=pending&stripe_reconnect_completion=${handle}`],
  ] as const) {
    test(`${name}: fires nothing, opens no panel, leaves the address bar`, async () => {
      const e2e = await harness.open();
      await e2e.scenario('deauthorized', 'Needs attention');
      const logged = (await e2e.eventTypes()).length;
      await e2e.page.goto(`${harness.demo.url}${search}`);
      await e2e.state('Needs attention').waitFor();
      await e2e.page.waitForFunction(() => !/[?&]stripe_reconnect/.test(location.search));
      // Time for whatever the element would do with it.
      await e2e.page.waitForTimeout(1_000);
      const heard = (await e2e.eventTypes()).slice(logged);
      assert.deepEqual(
        heard.filter((type) => type !== 'stripe-reconnect:status'),
        [],
      );
      assert.equal(await e2e.part('panel').count(), 0);
    });
  }
});
