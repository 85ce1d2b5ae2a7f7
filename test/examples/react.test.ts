import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ERROR_CODES } from '../../contract/codes.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { runFlow } from '../support/flow.js';
import { clientsOf, hostSession, launchChromium, startExample, type RunningExample } from './support.js';

describe('React wrapper in a Vite-built page (examples/react)', () => {
  let running: RunningExample;
  let browser: Browser;
  before(async () => {
    running = await startExample('react/server.ts');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });

  test('the component shows the tenant connected, and its onStatus and onDisconnected props are called', async () => {
    const { client, control } = clientsOf(running);
    const flow = await runFlow(client, control, await hostSession(running), { accountId: SANDBOX_ACCOUNTS.acme });
    assert.equal(flow.message?.outcome, 'success', flow.response.text);

    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('pageerror', (error) => failed.push(error.message));
    await page.goto(running.pageUrl!);

    const element = page.locator('stripe-reconnect');
    await element.locator('[part~="indicator"]', { hasText: 'Connected' }).waitFor();
    assert.match(await element.locator('[part~="account"]').innerText(), /Acme Inc/);
    await page.getByTestId('host-state').filter({ hasText: 'Payments: connected' }).waitFor();

    // The element's own buttons: Disconnect asks for confirmation first.
    await element.locator('[part~="disconnect-button"]').click();
    await element.locator('[part~="confirm-button"]').click();
    await page.getByRole('status').filter({ hasText: 'Stripe was disconnected' }).waitFor();
    await element.locator('[part~="indicator"]', { hasText: 'Disconnected' }).waitFor();
    assert.deepEqual(failed, []);
    await page.close();
  });

  test('onError gets the code and message the panel shows', async () => {
    const context = await browser.newContext();
    // A signed-out visitor: the host's session route says 401, so the element has no session.
    await context.addCookies([{ name: 'workspace', value: 'none', url: running.url }]);
    const page = await context.newPage();
    await page.goto(running.pageUrl!);
    const notice = page.getByRole('status').filter({ hasText: /^\w+: / });
    await notice.waitFor();
    const code = (await notice.innerText()).split(':')[0]!;
    assert.ok(code in ERROR_CODES, `${code} is one of the contract's codes`);
    await page.locator('stripe-reconnect [part~="error-panel"]').waitFor();
    await context.close();
  });
});
