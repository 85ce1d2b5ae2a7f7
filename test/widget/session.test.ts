/**
 * Session renewal: when the backend says the session token is missing or
 * expired, the element asks the host's `sessionProvider` once and sends the
 * same request again; without a provider it explains the problem.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import { button, indicator, info, newTenant, part, record, settled, stack, waitForPanel, waitUntil } from './support/helpers.js';

/** A tenant in `connected`, and an element given `token` (and `provider`) for it. */
async function mountWith(name: string, token: (tenantId: string) => Promise<string | null>, provider?: (tenantId: string) => () => Promise<string>) {
  const tenantId = newTenant(name);
  await stack('state', { tenantId, state: 'connected' });
  const el = await fixture<StripeReconnectElement>(html`<stripe-reconnect></stripe-reconnect>`);
  if (provider) el.sessionProvider = provider(tenantId);
  const value = await token(tenantId);
  if (value) el.setAttribute('session-token', value);
  el.setAttribute('api-base', info.apiBase);
  await settled(el);
  return { el, tenantId };
}

const expired = (tenantId: string) => stack<string>('session', { tenantId, expired: true }) as Promise<string>;
const fresh = (tenantId: string) => stack<string>('session', { tenantId }) as Promise<string>;

describe('session renewal', () => {
  it('an expired token: sessionProvider is called once and the request retried', async () => {
    let calls = 0;
    const events = record();
    const { el } = await mountWith('sess-renew', expired, (tenantId) => async () => ((calls += 1), fresh(tenantId)));
    events.stop();
    expect(calls).to.equal(1);
    expect(indicator(el)).to.equal('Connected');
    expect(part(el, 'panel')).to.equal(null);
    expect(events.of('error')).to.have.length(0);
    // The fresh token is kept: the next request does not ask again.
    await el.refresh();
    expect(calls).to.equal(1);
  });

  it('no token at all: sessionProvider gives the first one', async () => {
    let calls = 0;
    const { el } = await mountWith('sess-none', async () => null, (tenantId) => async () => ((calls += 1), fresh(tenantId)));
    await waitUntil(() => indicator(el) === 'Connected', 'the status is not shown');
    expect(calls).to.equal(1);
  });

  it('a provider that keeps giving expired tokens: one retry, then the session panel', async () => {
    let calls = 0;
    const { el } = await mountWith('sess-stale', expired, (tenantId) => async () => ((calls += 1), expired(tenantId)));
    const panel = await waitForPanel(el, 'error');
    expect(calls).to.equal(1);
    expect(panel.textContent).to.contain('Your sign-in on this page timed out');
    // With a provider, trying again can help.
    expect(!!button(el, 'retry')).to.equal(true);
  });

  it('an expired token and no provider: the session panel, without a retry that cannot help', async () => {
    const events = record();
    const { el } = await mountWith('sess-noprov', expired);
    events.stop();
    const panel = await waitForPanel(el, 'error');
    expect(panel.textContent).to.contain('Your sign-in on this page timed out').and.contain('Reload this page and try again, or sign in again.');
    expect(!!button(el, 'retry')).to.equal(false);
    expect(events.of('error').map((e) => e.detail.code)).to.deep.equal(['session_expired']);
  });

  it('a forged token: session_invalid', async () => {
    const { el } = await mountWith('sess-forged', async (tenantId) => (await fresh(tenantId)).slice(0, -4) + 'AAAA');
    const panel = await waitForPanel(el, 'error');
    expect(panel.textContent).to.contain("Your sign-in couldn't be checked");
  });
});
