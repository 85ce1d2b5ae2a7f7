/**
 * A flow that ends somewhere else than in this page's popup: Stripe's page
 * finished in another browser profile (a forwarded link: nothing connects),
 * and a popup cut off from this page by its opener policy, which finishes on
 * the host page inside itself and tells this page (BroadcastChannel, or a
 * storage event).
 */
import { expect } from '@open-wc/testing';
import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM } from '../../contract/codes.js';
import type { Status } from '../../contract/schemas.js';
import { listen, tell, type FlowNews } from '../../widget/flow-signals.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { button, choose, indicator, info, mount, newFlowId, newTenant, openSettingsWindow, part, record, stack, startedFlows, startedHere, startFlow, text, waitForPanel, waitForTitle, waitUntil } from './support/helpers.js';

const { wait } = enHelp;

/**
 * This page's own answer (the HEAD the element sends it) as a page served with
 * `Cross-Origin-Opener-Policy: same-origin` would give it; returns the undo.
 */
function servedWithCutOffPopups(): () => void {
  const original = window.fetch;
  window.fetch = async (input, init) =>
    init?.method === 'HEAD' && String(input) === location.href
      ? new Response(null, { status: 200, headers: { 'Cross-Origin-Opener-Policy': 'same-origin' } })
      : original(input, init);
  return () => (window.fetch = original);
}

/** The flow this page started, once it has left for Stripe (its start is written down then). */
async function flowUnderWay() {
  await waitUntil(() => startedFlows().length === 1, 'the flow did not leave for Stripe');
  return startedFlows()[0]!;
}

describe('Stripe finished in another browser', () => {
  it('that browser is told nothing was connected and gets no handle; this page keeps waiting, and its own flow then completes', async () => {
    // No account yet: whichever account is picked would be linked, were the flow completed.
    const { el, status, tenantId } = await mount('elsewhere');
    const events = record();
    await startFlow(el, 'connect');
    await waitForPanel(el, 'wait');
    const { returnedTo, text: said } = (await stack<{ returnedTo: string; text: string }>('finish-elsewhere', { accountId: info.accounts.beta }))!;
    // Stripe sent that other browser to the backend's callback, which answered it in words, with no handle and no way back here.
    expect(new URL(returnedTo).pathname).to.match(/\/oauth\/callback$/);
    expect(said).to.contain('Nothing was connected.');
    expect(said).to.contain('different browser');
    expect(said).not.to.match(/cmp_/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(text(el, 'wait-panel')).to.contain(wait.popup);
    expect(events.events.filter((event) => event.type !== 'stripe-reconnect:status')).to.deep.equal([]);
    expect((await stack<Status>('status', { tenantId }))!).to.deep.equal(status);
    // The person who started it finishes Stripe's page in the popup: their own account connects.
    await choose({ createAccount: true });
    await waitUntil(() => events.of('connected').length === 1, 'the flow’s own browser did not complete it', { timeout: 15_000 });
    events.stop();
    expect(events.of('connected')[0].detail.account.id, 'the owner’s own account, not the other one').not.to.equal(info.accounts.beta);
  });

  it('closing the Stripe window after that ends the flow as flow_cancelled, nothing connected', async () => {
    const { el } = await mount('elsewhere-closed');
    const events = record();
    await startFlow(el, 'connect');
    await waitForPanel(el, 'wait');
    await stack('finish-elsewhere', { accountId: info.accounts.beta });
    await stack('close-stripe');
    await waitForTitle(el, enHelp.code.flow_cancelled[0]);
    events.stop();
    expect(events.of('connected')).to.have.length(0);
    expect(indicator(el)).to.equal('Not connected');
  });
});

describe('news of the flow from another window', () => {
  it('"finishing over there", then the outcome it ended with, in this page', async () => {
    const { el } = await mount('news-error', { state: 'connected' });
    const events = record();
    await startFlow(el);
    await waitForPanel(el, 'wait');
    const { id } = await flowUnderWay();
    tell({ id, stage: 'pending' });
    await waitUntil(() => text(el, 'wait-panel').includes(wait.finishing), 'the wait does not say it finishes elsewhere');
    tell({ id, stage: 'done', code: 'account_mismatch', requestId: 'req_elsewhere', account: { id: info.accounts.beta, name: 'Beta LLC' } });
    await waitForTitle(el, enHelp.code.account_mismatch[0]);
    events.stop();
    expect(text(el, 'error-panel')).to.contain('We did not link Beta LLC.');
    expect(events.of('error').map((event) => event.detail.code)).to.deep.equal(['account_mismatch']);
    await waitUntil(async () => !(await stack<string[]>('windows'))!.some((url) => url.startsWith(info.sandboxUrl)), 'the Stripe window stays open');
  });

  it('news of another flow is not this one’s', async () => {
    const { el } = await mount('news-other', { state: 'connected' });
    await startFlow(el);
    await waitForPanel(el, 'wait');
    tell({ id: 'another-flow', stage: 'done', code: 'access_denied' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(part(el, 'error-panel')).to.equal(null);
    expect(text(el, 'wait-panel')).to.contain(wait.popup);
  });

  it('a success told from over there is believed once the status shows it: connected, in this page', async () => {
    const tenantId = newTenant('news-ok');
    const ready = (await stack<Status>('state', { tenantId, state: 'connected' }))!;
    const { el } = await mount('news-ok', { tenantId, ready });
    const events = record();
    await startFlow(el);
    await waitForPanel(el, 'wait');
    const { id } = await flowUnderWay();
    // Over there, a flow of this tenant was completed (here by its session on the Node side), then told.
    const { completion } = (await stack<{ completion: string }>('callback', { tenantId, accountId: ready.account!.id }))!;
    expect((await stack<{ status: number }>('complete', { tenantId, completion }))!.status).to.equal(200);
    tell({ id, stage: 'done', code: null });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event');
    events.stop();
    expect(text(el, 'message')).to.equal(`Reconnected to ${ready.account!.name}. Subscriptions and settings are unchanged.`);
  });

  it('a window reported closed soon after it left, on a page whose opener policy cuts popups off, keeps the flow waiting', async () => {
    const restore = servedWithCutOffPopups();
    try {
      const { el } = await mount('cut-off', { state: 'connected' });
      const events = record();
      await startFlow(el);
      await waitForPanel(el, 'wait');
      const { id } = await flowUnderWay();
      await stack('close-stripe');
      await waitUntil(() => text(el, 'wait-panel').includes(wait.elsewhere), 'the wait does not say the window may finish elsewhere');
      expect(part(el, 'error-panel')).to.equal(null);
      expect(button(el, 'cancel'), 'Cancel still ends it').to.exist;
      tell({ id, stage: 'done', code: 'access_denied' });
      await waitForTitle(el, enHelp.code.access_denied[0]);
      events.stop();
      expect(events.of('error').map((event) => event.detail.code)).to.deep.equal(['access_denied']);
    } finally {
      restore();
    }
  });
});

describe('news that never comes', () => {
  it('a page that gets the focus back reads the status: a flow finished over there shows here', async () => {
    const restore = servedWithCutOffPopups();
    try {
      const tenantId = newTenant('focus');
      const ready = (await stack<Status>('state', { tenantId, state: 'connected' }))!;
      const { el } = await mount('focus', { tenantId, ready });
      const events = record();
      await startFlow(el);
      await waitForPanel(el, 'wait');
      await flowUnderWay();
      await stack('close-stripe');
      await waitUntil(() => text(el, 'wait-panel').includes(wait.elsewhere), 'not waiting for the window cut off');
      // Finished over there, and no news reached this page (another storage partition, say).
      const { completion } = (await stack<{ completion: string }>('callback', { tenantId, accountId: ready.account!.id }))!;
      expect((await stack<{ status: number }>('complete', { tenantId, completion }))!.status).to.equal(200);
      window.dispatchEvent(new FocusEvent('focus'));
      await waitUntil(() => events.of('connected').length === 1, 'the focus did not read the status');
      events.stop();
      expect(part(el, 'panel')).to.equal(null);
    } finally {
      restore();
    }
  });
});

describe('a popup cut off from the page that opened it', () => {
  for (const channel of [true, false]) {
    it(`finishes the flow on the page it comes back to, tells the first page (${channel ? 'BroadcastChannel' : 'storage event'}) and closes`, async () => {
      const tenantId = newTenant('cut-popup');
      const ready = (await stack<Status>('state', { tenantId, state: 'connected' }))!;
      const { completion } = (await stack<{ completion: string }>('callback', { tenantId, accountId: ready.account!.id, mode: 'popup' }))!;
      // The first page started a popup flow; the popup's copy of this tab's storage holds the flow's window token.
      const id = newFlowId();
      startedHere(id, 'popup');
      const heard: FlowNews[] = [];
      const Channel = window.BroadcastChannel;
      // Without BroadcastChannel here, only the storage event can carry the news.
      if (!channel) (window as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
      const stop = listen(id, (news) => heard.push(news));
      window.BroadcastChannel = Channel;
      try {
        const session = (await stack<string>('session', { tenantId }))!;
        const search = `?${RETURN_PARAM}=pending&${COMPLETION_PARAM}=${completion}&${FLOW_PARAM}=${id}`;
        const popup = await openSettingsWindow({ apiBase: info.apiBase, token: session, mode: 'popup' }, search);
        await waitUntil(() => heard.some((news) => news.stage === 'done'), 'the first page heard nothing', { timeout: 15_000 });
        expect(heard.map((news) => [news.stage, news.code ?? null])).to.deep.equal([
          ['pending', null],
          ['done', null],
        ]);
        await waitUntil(() => popup.closed, 'the popup stays open');
        const after = (await stack<Status>('status', { tenantId }))!;
        expect(after.lastAttempt).to.include({ outcome: 'success' });
        expect(localStorage.getItem('stripe-reconnect:news'), 'nothing left in storage').to.equal(null);
      } finally {
        stop();
      }
    });
  }
});
