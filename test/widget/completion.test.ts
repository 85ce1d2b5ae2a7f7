/**
 * The completion step, as the element holds it: only a flow this browser
 * started is completed (its handle redeemed with `POST /connect/complete`),
 * a return link proves nothing by itself, the parameters leave the address
 * bar whatever they said, and the element goes only to Stripe's page.
 */
import { expect } from '@open-wc/testing';
import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM } from '../../contract/codes.js';
import type { Status } from '../../contract/schemas.js';
import { isSafeAuthorizeUrl } from '../../widget/flow-return.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { button, comeBack, indicator, info, mount, newFlowId, newTenant, part, record, stack, startedFlows, startedHere, startFlow, text, waitForTitle, waitUntil } from './support/helpers.js';

/** The address bar carries no return parameter. */
const clean = () => {
  const params = new URL(location.href).searchParams;
  return !params.has(RETURN_PARAM) && !params.has(COMPLETION_PARAM) && !params.has(FLOW_PARAM);
};

/** A connected tenant, and the handle of a flow of its own taken up to Stripe's callback (its own account picked again). */
async function pendingFlow(name: string) {
  const tenantId = newTenant(name);
  const ready = (await stack<Status>('state', { tenantId, state: 'connected' }))!;
  const { completion } = (await stack<{ completion: string }>('callback', { tenantId, accountId: ready.account!.id }))!;
  return { tenantId, ready, completion };
}

/** Lets the element read what it would read, then answers what the host page heard beyond the status. */
async function mountAndHear(name: string, options: Parameters<typeof mount>[1]) {
  const events = record();
  const mounted = await mount(name, options);
  // Time for a completion, were the element to send one.
  await new Promise((resolve) => setTimeout(resolve, 500));
  events.stop();
  return { ...mounted, heard: events.events.filter((event) => event.type !== 'stripe-reconnect:status') };
}

describe('completing a flow', () => {
  it('a return with the handle of a flow this browser started: redeemed, connected once, the parameters removed', async () => {
    const { tenantId, ready, completion } = await pendingFlow('done-redirect');
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion });
    const events = record();
    const { el } = await mount('done-redirect', { tenantId, ready });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event');
    events.stop();
    expect(events.of('connected')[0].detail.account.id).to.equal(ready.account!.id);
    expect(clean(), 'parameters removed').to.equal(true);
    expect(text(el, 'message')).to.equal(`Reconnected to ${ready.account!.name}. Subscriptions and settings are unchanged.`);
    expect(part(el, 'panel')).to.equal(null);
    // Used once: the same handle again is refused.
    expect((await stack<{ status: number }>('complete', { tenantId, completion }))!.status).to.equal(400);
  });
});

describe('return links that prove nothing', () => {
  it('stripe_reconnect=success fires nothing and opens no panel, even while a flow of this browser is out', async () => {
    for (const started of [true, false]) {
      comeBack('success', { started });
      const { el, heard } = await mountAndHear('forged-success', { state: 'connected' });
      expect(heard, `events (flow started: ${started})`).to.deep.equal([]);
      expect(part(el, 'panel')).to.equal(null);
      expect(clean(), 'parameter removed').to.equal(true);
      el.remove();
    }
  });

  it('an error code this browser did not ask for opens no panel', async () => {
    comeBack('account_mismatch', { started: false });
    const { el, heard } = await mountAndHear('forged-code', { state: 'connected' });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
    expect(clean()).to.equal(true);
  });

  it('a genuine handle this browser did not ask for is not redeemed: nothing fires, and it stays its owner’s', async () => {
    const { tenantId, ready, completion } = await pendingFlow('forged-handle');
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion }, { started: false });
    const { el, heard } = await mountAndHear('forged-handle', { tenantId, ready });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
    expect(clean()).to.equal(true);
    // The element never sent it: the flow's own browser can still complete it.
    expect((await stack<{ status: number }>('complete', { tenantId, completion }))!.status).to.equal(200);
  });

  it('a handle of another flow than the one this tab started changes nothing, not even the memory of its own flow', async () => {
    const { tenantId, ready, completion } = await pendingFlow('other-flow');
    const own = newFlowId();
    startedHere(own, 'redirect');
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion }, { started: false });
    const { el, heard } = await mountAndHear('other-flow', { tenantId, ready });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
    expect(clean()).to.equal(true);
    expect(startedFlows().map((flow) => flow.id), 'its own flow is still remembered').to.deep.equal([own]);
    el.remove();
    // Its own return then completes as usual.
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion }, { started: false, flowId: own });
    const events = record();
    await mount('other-flow', { tenantId, ready });
    await waitUntil(() => events.of('connected').length === 1, 'its own flow’s return was not completed');
    events.stop();
  });

  it('the return of a popup flow, in the tab that opened the popup, is not the popup’s: nothing is redeemed', async () => {
    const { tenantId, ready, completion } = await pendingFlow('opener-tab');
    const id = newFlowId();
    // This tab opened the popup (its window token went to the popup), so the flow never comes back here by address.
    sessionStorage.setItem('stripe-reconnect:popup', JSON.stringify('token-of-the-popup'));
    const { markStarted } = await import('../../widget/flow-memory.js');
    markStarted(id, 'popup', new Date(Date.now() + 600_000).toISOString(), 'token-of-the-popup');
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion }, { started: false, flowId: id });
    const { el, heard } = await mountAndHear('opener-tab', { tenantId, ready });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
    expect((await stack<{ status: number }>('complete', { tenantId, completion }))!.status, 'never sent: still redeemable by its owner').to.equal(200);
  });

  it('a redirect flow’s return opened in another tab (no memory of it there) is not redeemed', async () => {
    const { tenantId, ready, completion } = await pendingFlow('other-tab');
    const id = newFlowId();
    // Another tab started it: the flow is in that tab's storage, not this one's.
    localStorage.setItem('stripe-reconnect:started', JSON.stringify({ [id]: { id, mode: 'redirect', expires: Date.now() + 600_000 } }));
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion }, { started: false, flowId: id });
    const { el, heard } = await mountAndHear('other-tab', { tenantId, ready });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
  });

  it('a handle that is not one (wrong shape) is ignored, even with a flow started', async () => {
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: 'cmp_short' });
    const { el, heard } = await mountAndHear('bad-handle', { state: 'connected' });
    expect(heard).to.deep.equal([]);
    expect(part(el, 'panel')).to.equal(null);
    expect(clean()).to.equal(true);
  });

  it("another tenant's handle, brought to a browser that started a flow, is refused: invalid_state, nothing connected", async () => {
    const other = await pendingFlow('other-owner');
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: other.completion });
    const events = record();
    const { el, tenantId, status } = await mount('other-handle', { state: 'connected' });
    await waitForTitle(el, enHelp.code.invalid_state[0]);
    events.stop();
    expect(events.of('connected')).to.have.length(0);
    expect(events.of('error').map((event) => event.detail.code)).to.deep.equal(['invalid_state']);
    expect((await stack<Status>('status', { tenantId }))!.account!.id).to.equal(status.account!.id);
    expect(indicator(el)).to.equal('Connected');
  });
});

describe('only to Stripe', () => {
  it('accepts https, and http on this machine only', () => {
    for (const url of ['https://connect.stripe.com/oauth/authorize?x=1', 'http://127.0.0.1:8788/oauth/authorize', 'http://localhost:9/x', 'http://[::1]:9/x']) {
      expect(isSafeAuthorizeUrl(url), url).to.equal(true);
    }
    for (const url of ['javascript:alert(1)', 'http://connect.stripe.com/oauth', 'http://127.0.0.2/x', 'data:text/html,x', 'ftp://x', '/relative', 'not a url']) {
      expect(isSafeAuthorizeUrl(url), url).to.equal(false);
    }
  });

  for (const bad of ['javascript:alert(document.domain)', 'http://stripe.example.com/oauth/authorize']) {
    it(`a start URL like ${bad.split(':')[0]}:… opens nothing: the "internal" panel, the window closed`, async () => {
      const original = window.fetch;
      // The backend's real answer to POST /connect, its startUrl replaced: a backend gone wrong.
      window.fetch = async (input, init) => {
        const response = await original(input, init);
        if (!String(input).endsWith('/connect')) return response;
        return new Response(JSON.stringify({ ...(await response.json()), startUrl: bad }), { status: 200, headers: response.headers });
      };
      try {
        const { el } = await mount('bad-url', { state: 'connected' });
        const before = (await stack<string[]>('windows'))!.length;
        const events = record();
        await startFlow(el);
        await waitForTitle(el, enHelp.code.internal[0]);
        events.stop();
        expect(events.of('error').map((event) => event.detail.code)).to.deep.equal(['internal']);
        await waitUntil(async () => (await stack<string[]>('windows'))!.length === before, 'the window stays open');
        expect(location.href.startsWith(info.origin)).to.equal(true);
        expect(!!button(el, 'retry')).to.equal(true);
      } finally {
        window.fetch = original;
      }
    });
  }
});
