/**
 * The attack the browser binding stops, in Chromium: the shop owner's
 * authorize address is forwarded to someone who finishes Stripe's page with
 * their own account and sends back the address Stripe gave them. Opened in
 * the owner's browser (a new tab, from a mail) it reaches the backend with
 * the owner's binding cookie, but the element there is not the flow's: it
 * is neither the tab that started a redirect flow nor the popup of a popup
 * flow, so it redeems nothing, and nothing of the other account is linked.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import type { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import { button, choose, indicator, info, mount, newTenant, press, record, stack, startFlow, waitForPanel, waitForTitle, waitUntil } from './support/helpers.js';

const SETTINGS = new URL('./support/redirect-window.html', import.meta.url).href;
const RETURN = /[?&]stripe_reconnect/;

interface Tab {
  url: string;
  recorded: { type: string; detail: unknown }[] | null;
}

/** The forwarded address finished with another account, and what Stripe sent that browser back with opened here in a new tab. */
async function relayedIntoNewTab(accountId: string): Promise<Tab> {
  const { callbackUrl } = (await stack<{ callbackUrl: string }>('forward-authorize', { accountId }))!;
  expect(callbackUrl, 'the address Stripe sent the other browser back to').to.match(/\/oauth\/callback\?/);
  return (await stack<Tab>('open-tab', { url: callbackUrl, waitMs: 2_500 }))!;
}

/** Nothing the new tab's element heard but its status: no connection, no error. */
function heardNothing(tab: Tab) {
  expect(tab.url, 'the tab landed on the settings page').to.match(/redirect-window\.html/);
  expect(tab.url, 'the return parameters were removed').not.to.match(RETURN);
  expect((tab.recorded ?? []).filter((event) => event.type !== 'status')).to.deep.equal([]);
}

describe('a forwarded authorize address whose return comes back to this browser in another tab', () => {
  afterEach(() => localStorage.removeItem('redirect-window'));

  it('popup flow: the new tab is not the flow’s popup and redeems nothing; the owner’s own flow then fails safe and a new one connects', async () => {
    const { el, tenantId } = await mount('relay-popup', { attrs: { 'return-url': SETTINGS } });
    localStorage.setItem('redirect-window', JSON.stringify({ apiBase: info.apiBase, token: (await stack<string>('session', { tenantId }))!, mode: 'popup' }));
    const events = record();
    await startFlow(el, 'connect');
    await waitForPanel(el, 'wait');
    heardNothing(await relayedIntoNewTab(info.accounts.beta));
    expect((await stack<Status>('status', { tenantId }))!.state, 'nothing connected').to.equal('not_connected');

    // The owner finishes Stripe in their own popup: its state was used by the relayed address, so it ends, connecting nothing.
    await choose({ createAccount: true });
    await waitForTitle(el, enHelp.code.invalid_state[0]);
    expect(events.of('connected')).to.have.length(0);
    // A new flow connects the owner's account.
    await press(el, 'retry');
    await choose({ createAccount: true });
    await waitUntil(() => events.of('connected').length === 1, 'the owner’s new flow did not connect', { timeout: 15_000 });
    events.stop();
    expect(events.of('connected')[0].detail.account.id, 'the owner’s own account, not the other one').not.to.equal(info.accounts.beta);
  });

  it('redirect flow: the new tab is not the tab that left for Stripe and redeems nothing', async () => {
    const tenantId = newTenant('relay-redirect');
    await stack('state', { tenantId, state: 'not_connected' });
    const token = (await stack<string>('session', { tenantId }))!;
    sessionStorage.setItem('redirect-window', JSON.stringify({ apiBase: info.apiBase, token, mode: 'redirect' }));
    localStorage.setItem('redirect-window', JSON.stringify({ apiBase: info.apiBase, token, mode: 'redirect' }));
    const opener = document.createElement('button');
    let win: Window | null = null;
    opener.addEventListener('click', () => (win = open(SETTINGS, `settings-${tenantId}`, 'popup,width=700,height=700')));
    document.body.append(opener);
    opener.focus();
    await sendKeys({ press: 'Enter' });
    opener.remove();
    const page = win! as Window;
    try {
      const element = () => {
        try {
          return page.document.querySelector<StripeReconnectElement>('stripe-reconnect');
        } catch {
          return null;
        }
      };
      await waitUntil(() => element()?.shadowRoot && indicator(element()!) === 'Not connected', 'the settings page did not load');
      button(element()!, 'connect')!.click();
      await waitForPanel(element()!, 'prepare');
      button(element()!, 'start')!.click();
      heardNothing(await relayedIntoNewTab(info.accounts.beta));
      expect((await stack<Status>('status', { tenantId }))!.state, 'nothing connected').to.equal('not_connected');
    } finally {
      page.close();
    }
  });
});
