import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { exampleInBrowser, openConnectedPage } from './support.js';

describe('plain HTML page with the CDN build (examples/plain-html)', () => {
  const example = exampleInBrowser('plain-html/server.ts');

  test('the page shows the tenant connected to its account, through its sessionProvider', async () => {
    const { page, element, failed } = await openConnectedPage(example.running(), example.browser());
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
