/**
 * Safe to embed: defining twice is harmless, a second reconnect() brings the
 * open Stripe window forward instead of opening another, and removing the
 * element ends its flow and closes that window.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import { choose, indicator, info, mount, part, press, record, stack, startFlow, waitForPanel, waitUntil } from './support/helpers.js';

const stripeWindows = async () => ((await stack<string[]>('windows')) ?? []).filter((url) => url.startsWith(info.sandboxUrl));

describe('safe to embed', () => {

  it('defining the tag twice is harmless, and another tag takes a subclass', () => {
    StripeReconnectElement.define();
    StripeReconnectElement.define('stripe-reconnect');
    expect(customElements.get('stripe-reconnect') === StripeReconnectElement).to.equal(true);
    class Scoped extends StripeReconnectElement {}
    Scoped.define('acme-stripe-reconnect');
    expect(customElements.get('acme-stripe-reconnect') === Scoped).to.equal(true);
  });

  it('waits quietly without api-base, and starts once it is set', async () => {
    const el = await fixture<StripeReconnectElement>(html`<stripe-reconnect></stripe-reconnect>`);
    expect(indicator(el)).to.equal('Unknown');
    expect(part(el, 'panel')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('reconnect() while the Stripe window is open brings it forward instead of opening another', async () => {
    const { el, status } = await mount('embed-twice', { state: 'connected' });
    const events = record();
    await startFlow(el);
    await waitUntil(async () => (await stripeWindows()).length === 1, 'no Stripe window');
    // No user gesture here: a second window would be blocked and show popup_blocked.
    void el.reconnect();
    await press(el, 'reconnect');
    expect(await stripeWindows()).to.have.length(1);
    expect(part(el, 'error-panel')).to.equal(null);
    await choose({ accountId: status.account!.id });
    await waitUntil(() => events.of('connected').length === 1, 'the first flow did not finish', { timeout: 15_000 });
    events.stop();
    expect(events.of('error')).to.have.length(0);
  });

  it('removing the element ends its flow and closes the Stripe window', async () => {
    const { el } = await mount('embed-remove', { state: 'connected' });
    const events = record();
    await startFlow(el);
    await waitForPanel(el, 'wait');
    await waitUntil(async () => (await stripeWindows()).length === 1, 'no Stripe window');
    el.remove();
    await waitUntil(async () => (await stripeWindows()).length === 0, 'the Stripe window stays open');
    events.stop();
    expect(events.events.filter((e) => e.type !== 'stripe-reconnect:status')).to.have.length(0);
  });

  it('put back after removal, it reads the status again', async () => {
    const { el } = await mount('embed-move', { state: 'connected' });
    const parent = el.parentElement!;
    el.remove();
    const events = record();
    parent.append(el);
    await waitUntil(() => events.of('status').length === 1, 'no status read after reconnecting to the DOM');
    events.stop();
    expect(indicator(el)).to.equal('Connected');
  });
});
