/**
 * The starting points of the QA drawer as the person sees them, the actions
 * that are not a Reconnect (check, disconnect), the language, and the host's
 * side: webhooks verified by the receiver, no secret in the page, a demo
 * that starts again on the same data directory.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../demo/server.js';
import { SANDBOX_CREDENTIALS } from '../../server/sandbox/seed.js';
import { SANDBOX_ACCOUNTS, SCREENSHOTS, startHarness, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

describe('states', () => {
  test('access revoked: a failed check with Stripe shows needs attention', async () => {
    const e2e = await harness.open();
    await e2e.scenario('access_revoked', 'Needs attention');
    await e2e.part('message').filter({ hasText: 'can no longer use your Stripe account' }).waitFor();
    await e2e.webhook('connection.broken', 'reason=access_revoked').waitFor();
    await e2e.event('stripe-reconnect:status', 'problem=access_revoked').waitFor();
    await e2e.shoot('state-needs-attention-access-revoked');
  });

  test('Stripe failing: "Check again" reports stripe_unavailable and the state stays', async () => {
    const e2e = await harness.open();
    await e2e.scenario('stripe_down', 'Connected');
    await e2e.part('check-button').click();
    await e2e.expectError('stripe_unavailable', "Stripe isn't answering");
    await e2e.state('Connected').waitFor();
    await e2e.setCondition('stripeDown', false);
    await e2e.part('retry-button').click();
    await e2e.errorPanel.waitFor({ state: 'detached' });
    await e2e.state('Connected').waitFor();
  });

  test('disconnect on purpose, then connect another account', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    await e2e.part('disconnect-button').click();
    await e2e.part('confirm-panel').filter({ hasText: 'Disconnect Stripe?' }).waitFor();
    await e2e.part('confirm-panel').filter({ hasText: 'the renewals of your subscriptions charged through Ledgerly fail meanwhile' }).waitFor();
    await e2e.shoot('panel-confirm');
    await e2e.part('confirm-button').click();
    await e2e.state('Disconnected').waitFor();
    await e2e.event('stripe-reconnect:disconnected', 'state=disconnected').waitFor();
    await e2e.webhook('connection.disconnected', 'state=disconnected').waitFor();
    await e2e.shoot('state-disconnected');
    // A workspace that disconnected on purpose may pick another account.
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.state('Connected').waitFor();
    await e2e.webhook('connection.connected', SANDBOX_ACCOUNTS.beta).waitFor();
  });

  test('in French, states and panels speak French', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.page.locator('input[name=lang][value=fr]').check({ force: true });
    await e2e.state('Action requise').waitFor();
    await e2e.part('message').filter({ hasText: "L'accès à votre compte Stripe a été retiré" }).waitFor();
    await e2e.shoot('state-needs-attention-fr');
    // Before you start, in French, naming who connected first and the platform, Ledgerly.
    await e2e.part('reconnect-button').click();
    await e2e.part('prepare-panel').filter({ hasText: 'Avant de commencer' }).waitFor();
    await e2e.part('who').filter({ hasText: 'Jane Doe a connecté Stripe ici le' }).waitFor();
    await e2e.part('prepare-panel').filter({ hasText: 'les renouvellements prélevés par Ledgerly échouent' }).waitFor();
    await e2e.shoot('panel-prepare-fr');
    await e2e.part('cancel-button').click();
    await e2e.flow('deny');
    await e2e.errorPanel.locator('h4', { hasText: "La connexion n'a pas été terminée" }).waitFor();
    await e2e.event('stripe-reconnect:error', 'code=access_denied').waitFor();
    await e2e.shoot('error-access-denied-fr');
    // A second failure: the way out in Stripe, naming the platform as its Installed apps show it.
    await e2e.flow('deny');
    await e2e.errorPanel.filter({ hasText: 'Applications installées et cherchez Ledgerly dans la liste' }).waitFor();
    await e2e.shoot('error-again-fr');
  });

  test('the whole page, as the README shows it', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.webhook('connection.broken').waitFor();
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.expectError('account_mismatch', 'A different account was picked');
    await e2e.page.screenshot({ path: join(SCREENSHOTS, 'demo.png'), fullPage: true, animations: 'disabled', caret: 'hide' });
  });
});

describe('host side', () => {
  test('the receiver refuses a delivery whose signature does not match, and shows it', async () => {
    const e2e = await harness.open();
    const body = JSON.stringify({ id: 'evt_forged', type: 'connection.connected' });
    const answer = await fetch(new URL('/demo/webhooks', harness.demo.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Reconnect-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
      body,
    });
    assert.equal(answer.status, 400);
    await e2e.page.locator('#webhook-log li[data-type=rejected]', { hasText: 'The signature does not match the body.' }).waitFor();
  });

  test('no secret reaches the page, its API or its session answer', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    const secrets = Object.values(JSON.parse(await readFile(join(harness.demo.dataDir, 'demo-secrets.json'), 'utf8')) as Record<string, string>);
    const origin = new URL(harness.demo.url).origin;
    const texts = [
      await e2e.page.content(),
      await e2e.page.locator('body').innerText(),
      await (await fetch(new URL('/demo/api/state', origin))).text(),
      await (await fetch(new URL('/demo/api/tenant', origin))).text(),
      await (await fetch(new URL('/demo/api/session', origin), { method: 'POST', headers: { Origin: origin } })).text(),
    ];
    for (const text of texts) {
      for (const secret of [...secrets, SANDBOX_CREDENTIALS.secretKey, SANDBOX_CREDENTIALS.webhookSecret]) assert.ok(!text.includes(secret), 'a secret reached the page');
      assert.doesNotMatch(text, /sk_(test|live)_|rk_(test|live)_|whsec_/);
    }
    // The demo API refuses pages from other origins.
    const foreign = await fetch(new URL('/demo/api/session', origin), { method: 'POST', headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
  });

  test('"Reset demo" starts the workspace over, never connected', async () => {
    const e2e = await harness.open();
    await e2e.scenario('connected', 'Connected');
    const before = await e2e.page.locator('#tenant-id').innerText();
    await e2e.page.click('#reset');
    await e2e.state('Not connected').waitFor();
    await e2e.page.locator('#tenant-id', { hasNotText: before }).waitFor();
    await e2e.flow({ account: SANDBOX_ACCOUNTS.acme });
    await e2e.state('Connected').waitFor();
  });

  test('the demo starts again on the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'stripe-reconnect-e2e-restart-'));
    try {
      for (let run = 0; run < 2; run++) {
        const demo = await startDemo({ port: 0, dataDir });
        try {
          const context = await harness.browser.newContext();
          const page = await context.newPage();
          await page.goto(demo.url);
          await page.locator('stripe-reconnect [part~=indicator]', { hasText: /^\s*Not connected\s*$/ }).waitFor();
          await page.locator('#tenant-id', { hasText: `acme-workspace-${run + 1}` }).waitFor();
          await context.close();
        } finally {
          await demo.close();
        }
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
