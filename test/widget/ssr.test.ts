/**
 * Server-side rendering: the element's module is imported by Node (a
 * framework rendering the host page) where there is no DOM. It must load
 * without throwing and without touching `window`, `document` or `location`.
 *
 *   tsx --test test/widget/ssr.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing the element in Node without a DOM does not throw', async () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const module = await import('../../widget/stripe-reconnect.js');
  assert.equal(typeof module.StripeReconnectElement, 'function');
  // Defining again (a second import, another bundle) stays harmless.
  module.StripeReconnectElement.define();
  const index = await import('../../widget/index.js');
  assert.equal(index.StripeReconnectElement, module.StripeReconnectElement);
});

test("registers in Lit's server registry, so server rendering finds the tag", async () => {
  const { StripeReconnectElement } = await import('../../widget/stripe-reconnect.js');
  assert.equal(globalThis.customElements?.get('stripe-reconnect'), StripeReconnectElement);
});
