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
import { SANDBOX_ACCOUNTS, choose, E2EPage, startHarness, stripePage, type Harness } from './support.js';

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
  for (const mode of ['popup', 'redirect'] as const) {
    test(`${mode}: that browser is told nothing was connected; this page's own flow still completes`, async () => {
      // A workspace with no account yet: any account picked elsewhere would have been linked, were the return taken.
      const e2e = await harness.open();
      await e2e.setMode(mode);
      await e2e.scenario('not_connected', 'Not connected');
      const stripe = await e2e.startFlow();
      const authorizeUrl = stripe.url();
      // The address forwarded to someone else, who finishes Stripe's page with their own account in their own browser.
      const elsewhere = await harness.browser.newContext();
      try {
        const page = await elsewhere.newPage();
        await page.goto(authorizeUrl);
        await stripePage(page);
        await choose(page, { account: SANDBOX_ACCOUNTS.beta });
        // The backend answers that browser in words: no handle, no way back to the settings page.
        await page.getByText('Nothing was connected.').waitFor();
        await page.getByText(/finished in a different browser/).waitFor();
        await page.getByText(/sign in to Ledgerly in this browser and click Reconnect/).waitFor();
        assert.match(page.url(), /\/oauth\/callback\?/);
        assert.doesNotMatch(await page.content(), /cmp_|stripe_reconnect=/);
        if (mode === 'popup') await e2e.shootPage(page, 'page-finished-elsewhere');
      } finally {
        await elsewhere.close();
      }
      if (mode === 'popup') {
        await e2e.state('Not connected').waitFor();
        assert.ok(!(await e2e.eventTypes()).includes('stripe-reconnect:connected'));
      }
      // The person who started the flow finishes it with their own (new) account.
      const closed = mode === 'popup' ? stripe.waitForEvent('close') : null;
      await choose(stripe, 'new');
      if (closed) await closed;
      await e2e.event('stripe-reconnect:connected').waitFor();
      assert.equal(await e2e.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.beta).count(), 0, 'never the other browser’s account');
      assert.equal(await e2e.webhook('connection.connected', SANDBOX_ACCOUNTS.beta).count(), 0);
    });
  }
});

describe('two tabs with a flow each, at once', () => {
  test('each tab’s popup finishes its own flow (one binding cookie per flow), whichever finishes first', async () => {
    const first = await harness.open();
    await first.scenario('deauthorized', 'Needs attention');
    const page = await first.page.context().newPage();
    await page.goto(first.home);
    const second = new E2EPage(page, harness.demo, first.home);
    await second.state('Needs attention').waitFor();
    const stripeFirst = await first.startFlow();
    const stripeSecond = await second.startFlow();
    // The second tab's flow finishes first; the first tab's is still open, and then finishes too.
    const secondClosed = stripeSecond.waitForEvent('close');
    await choose(stripeSecond, { account: SANDBOX_ACCOUNTS.acme });
    await secondClosed;
    await second.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    await first.part('wait-panel').waitFor();
    const firstClosed = stripeFirst.waitForEvent('close');
    await choose(stripeFirst, { account: SANDBOX_ACCOUNTS.acme });
    await firstClosed;
    await first.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    await first.state('Connected').waitFor();
    assert.equal(await first.errorPanel.count(), 0);
  });
});

describe('a backend on another site than the page', () => {
  // The page at http://127.0.0.1:<port>, the backend's public address (start and callback) at http://localhost:<port>.
  for (const mode of ['popup', 'redirect'] as const) {
    test(`${mode}: the binding cookie is set and read in top-level navigations, so the flow completes`, async () => {
      const e2e = await harness.open({ otherSite: true });
      assert.match(e2e.page.url(), /^http:\/\/127\.0\.0\.1:/);
      await e2e.setMode(mode);
      await e2e.scenario('deauthorized', 'Needs attention');
      await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
      await e2e.state('Connected').waitFor();
      await e2e.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    });
  }

  test('in a browser that blocks third-party cookies, both modes still complete', async () => {
    const blocking = await harness.launch(['--test-third-party-cookie-phaseout']);
    const e2e = await harness.open({ otherSite: true, browser: blocking });
    // Proof that this browser blocks them: a frame of the backend's site inside the page cannot keep a cookie.
    const probe = await thirdPartyCookieKept(e2e);
    assert.equal(probe, false, 'this browser keeps third-party cookies: the test would prove nothing');
    for (const mode of ['popup', 'redirect'] as const) {
      await e2e.setMode(mode);
      await e2e.scenario('deauthorized', 'Needs attention');
      await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
      await e2e.state('Connected').waitFor();
      await e2e.event('stripe-reconnect:connected', SANDBOX_ACCOUNTS.acme).waitFor();
    }
  });
});

/** Whether a frame of the backend's site, inside the page, can keep a cookie (a third-party cookie). */
async function thirdPartyCookieKept(e2e: E2EPage): Promise<boolean> {
  const backend = new URL(harness.demo.url).origin;
  await e2e.page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.id = 'third-party-probe';
    frame.src = src;
    document.body.append(frame);
  }, `${backend}/stripe-reconnect/healthz`);
  const frame = await (await e2e.page.waitForSelector('#third-party-probe')).contentFrame();
  await frame!.waitForLoadState();
  const kept = await frame!.evaluate(() => {
    document.cookie = 'third_party_probe=1; SameSite=None; Secure; Path=/';
    return document.cookie.includes('third_party_probe');
  });
  await e2e.page.evaluate(() => document.getElementById('third-party-probe')?.remove());
  return kept;
}

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
