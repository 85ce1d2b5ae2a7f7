import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { runFlow } from '../support/flow.js';
import { clientsOf, hostSession, launchChromium, startExample, type RunningExample } from './support.js';

describe('plain HTML page with the CDN build (examples/plain-html)', () => {
  let running: RunningExample;
  let browser: Browser;
  before(async () => {
    running = await startExample('plain-html/server.ts');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  test('the page shows the tenant connected to its account, through its sessionProvider', async () => {
    const { client, control } = clientsOf(running);
    const flow = await runFlow(client, control, await hostSession(running), { accountId: SANDBOX_ACCOUNTS.acme });
    assert.equal(flow.message?.outcome, 'success', flow.response.text);

    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('pageerror', (error) => failed.push(error.message));
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    await page.goto(running.pageUrl!);

    const element = page.locator('stripe-reconnect');
    await element.locator('[part~="indicator"]', { hasText: 'Connected' }).waitFor();
    const account = await element.locator('[part~="account"]').innerText();
    assert.match(account, /Acme Inc/);
    assert.match(account, new RegExp(SANDBOX_ACCOUNTS.acme));
    assert.equal(await page.locator('#host-state').innerText(), 'Stripe: connected', 'the page heard stripe-reconnect:status');
    const loaded = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter(Boolean));
    assert.deepEqual(loaded.map((src) => new URL(src).pathname), ['/cdn/stripe-reconnect.js'], 'one script file: Lit is inside it');
    assert.deepEqual(failed, []);
    await page.close();
  });
});
