/**
 * The person closes the Stripe window: the flow ends as `flow_cancelled`,
 * whatever happened in the flow before it (an attempt counts as this flow's
 * only when the backend recorded it after this flow started, on the
 * backend's clock). And while the window is open and nothing happens
 * elsewhere, this page getting the focus back reads nothing.
 */
import { expect } from '@open-wc/testing';
import { enHelp } from '../../widget/messages/en-help.js';
import { announced, choose, info, mount, part, press, record, stack, startFlow, text, waitForPanel, waitForTitle, waitUntil } from './support/helpers.js';

describe('a Stripe window closed by the person', () => {
  it('right after a flow denied in Stripe: flow_cancelled, not the denial again, and it counts as the second failure it is', async () => {
    const { el } = await mount('closed-after-deny', { state: 'connected' });
    const events = record();
    await startFlow(el);
    await choose({ deny: true });
    await waitForTitle(el, enHelp.code.access_denied[0]);
    // Within the minute: Try again opens Stripe again, and the person closes its window.
    await press(el, 'retry');
    await waitForPanel(el, 'wait');
    await stack('close-stripe');
    const panel = await waitForTitle(el, enHelp.code.flow_cancelled[0]);
    events.stop();
    expect(events.of('error').map((event) => event.detail.code)).to.deep.equal(['access_denied', 'flow_cancelled']);
    expect(text(el, 'error-panel')).to.contain('It closed before the end.').and.not.contain('You left Stripe before approving.');
    // Two failures in a row, as they happened: the fallback step, and both in the details for support.
    expect(panel.textContent).to.contain('Installed apps');
    await stack('allow-clipboard', { origin: location.origin });
    await press(el, 'copy');
    await waitUntil(() => announced(el) === enHelp.copied, 'not copied');
    expect(await navigator.clipboard.readText()).to.match(/^tried_here: 20\S+Z access_denied; 20\S+Z flow_cancelled$/m);
  });
});

describe('the focus back while the Stripe window is open', () => {
  it('reads no status, sends no event and says nothing, when nothing happened elsewhere', async () => {
    const { el, status } = await mount('focus-quiet', { state: 'connected' });
    await startFlow(el);
    await waitForPanel(el, 'wait');
    await waitUntil(() => announced(el).startsWith('Waiting for Stripe'), 'the wait is not announced');
    const said = announced(el);
    const original = window.fetch;
    const asked: string[] = [];
    window.fetch = (input, init) => {
      asked.push(String(input));
      return original(input, init);
    };
    const events = record();
    try {
      for (let i = 0; i < 3; i += 1) {
        window.dispatchEvent(new FocusEvent('focus'));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      window.fetch = original;
      events.stop();
    }
    expect(asked.filter((url) => url.startsWith(info.apiBase))).to.deep.equal([]);
    expect(events.events).to.deep.equal([]);
    expect(announced(el)).to.equal(said);
    expect(part(el, 'wait-panel')).to.exist;
    // The flow still ends as the window says: here, the person picks the account.
    const done = record();
    await choose({ accountId: status.account!.id });
    await waitUntil(() => done.of('connected').length === 1, 'the flow did not finish', { timeout: 15_000 });
    done.stop();
  });
});
