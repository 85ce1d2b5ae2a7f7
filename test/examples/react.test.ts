import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES } from '../../contract/codes.js';
import { exampleInBrowser, openConnectedPage } from './support.js';

describe('React wrapper in a Vite-built page (examples/react)', () => {
  const example = exampleInBrowser('react/server.ts');

  test('the component shows the tenant connected, and its onStatus and onDisconnected props are called', async () => {
    const { page, element, failed } = await openConnectedPage(example.running(), example.browser());
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
    const context = await example.browser().newContext();
    // A signed-out visitor: the host's session route says 401, so the element has no session.
    await context.addCookies([{ name: 'workspace', value: 'none', url: example.running().url }]);
    const page = await context.newPage();
    await page.goto(example.running().pageUrl!);
    const notice = page.getByRole('status').filter({ hasText: /^\w+: / });
    await notice.waitFor();
    const code = (await notice.innerText()).split(':')[0]!;
    assert.ok(code in ERROR_CODES, `${code} is one of the contract's codes`);
    await page.locator('stripe-reconnect [part~="error-panel"]').waitFor();
    await context.close();
  });
});
