/**
 * The element's DOM events as the host page hears them: bubbling out of the
 * shadow root, with exactly docs/design.md's `detail`, and typed in HTMLElementEventMap.
 */
import { expect } from '@open-wc/testing';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { choose, mount, part, press, record, stack, startFlow, waitForPanel, waitUntil } from './support/helpers.js';

describe('events', () => {

  it('status: on load and after each read, { status } as the backend says it', async () => {
    const events = record();
    const { el, tenantId } = await mount('ev-status', { state: 'connected' });
    await waitUntil(() => events.of('status').length >= 1, 'no status event');
    const [first] = events.of('status');
    expect(first).to.include({ bubbles: true, composed: true });
    expect(Object.keys(first.detail)).to.deep.equal(['status']);
    expect(first.detail.status).to.deep.equal(await stack<Status>('status', { tenantId }));
    await el.refresh();
    events.stop();
    expect(events.of('status')).to.have.length(2);
  });

  it('connected: { account } once the flow succeeds', async () => {
    const { el, status } = await mount('ev-connected', { state: 'connected' });
    const events = record();
    await startFlow(el);
    await choose({ accountId: status.account!.id });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event', { timeout: 15_000 });
    events.stop();
    const [connected] = events.of('connected');
    expect(connected).to.include({ bubbles: true, composed: true });
    expect(connected.detail).to.deep.equal({ account: { ...status.account } });
  });

  it('disconnected: { status } in the disconnected state', async () => {
    const { el } = await mount('ev-disc', { state: 'connected' });
    const events = record();
    await el.disconnect();
    events.stop();
    const [disconnected] = events.of('disconnected');
    expect(disconnected).to.include({ bubbles: true, composed: true });
    expect(Object.keys(disconnected.detail)).to.deep.equal(['status']);
    expect(disconnected.detail.status.state).to.equal('disconnected');
  });

  it('error: { code, message, retryable } with the words the panel shows', async () => {
    const { el } = await mount('ev-error', { state: 'connected' });
    await stack('fault', { route: 'account', kind: 'error_500', count: 20 });
    const events = record();
    try {
      await press(el, 'check');
      await waitForPanel(el, 'error');
    } finally {
      events.stop();
      await stack('clear-faults');
    }
    const [error] = events.of('error');
    expect(error).to.include({ bubbles: true, composed: true });
    expect(error.detail).to.deep.equal({ code: 'stripe_unavailable', message: enHelp.code.stripe_unavailable[1], retryable: true });
    expect(part(el, 'error-panel')!.textContent).to.contain(error.detail.message);
  });

  it('are typed for the host page', async () => {
    const { el } = await mount('ev-typed');
    // Compiles only with the events in HTMLElementEventMap (npm run typecheck covers this file).
    const seen = new Promise<string>((resolve) => el.addEventListener('stripe-reconnect:status', (event) => resolve(event.detail.status.state), { once: true }));
    await el.refresh();
    expect(await seen).to.equal('not_connected');
  });
});
