/**
 * The Reconnect flow in a popup, end to end: a trusted key press opens
 * Stripe's page (the sandbox's) in a real window, puppeteer chooses there
 * like a person, the backend's callback posts the outcome back.
 */
import { expect } from '@open-wc/testing';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { announced, button, choose, indicator, info, mount, newTenant, panelButtons, part, press, record, settled, stack, startedFlows, startFlow, text, waitForPanel, waitForTitle, waitUntil } from './support/helpers.js';

const title = (code: keyof typeof enHelp.code) => enHelp.code[code][0];

describe('reconnect in a popup', () => {

  it('says what is needed first, then waits for Stripe and reports the connected account', async () => {
    const { el, status } = await mount('pop-ok', { state: 'needs_attention' });
    const events = record();
    await press(el, 'reconnect');
    const prepare = await waitForPanel(el, 'prepare');
    const needs = [...prepare.querySelectorAll('li')].map((li) => li.textContent);
    expect(needs).to.deep.equal(['Log in to Stripe in this browser first.', 'You need the Administrator role in the Stripe account.']);
    expect(prepare.textContent).to.contain(`Stripe's list shows your accounts by name: pick ${status.expected!.name}, the account shown above.`);
    expect(prepare.textContent).to.contain('To use another Stripe account on purpose: Disconnect, then Connect Stripe.');
    // The account to pick is shown once, in the card above.
    expect(prepare.querySelector('[part~="expected"]')).to.equal(null);
    expect(part(el, 'expected')!.textContent).to.contain(status.expected!.id!).and.contain(status.expected!.name!);
    expect(panelButtons(prepare)).to.deep.equal(['Continue to Stripe', 'Cancel']);
    await press(el, 'start');
    await waitForPanel(el, 'wait');
    expect(text(el, 'wait-panel')).to.contain('Waiting for Stripe');
    await waitUntil(() => announced(el).startsWith('Waiting for Stripe'), 'the wait is not announced');
    await choose({ accountId: status.expected!.id! });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event', { timeout: 15_000 });
    events.stop();
    expect(events.of('connected')[0].detail.account).to.include({ id: status.expected!.id, publishableKey: status.expected!.publishableKey });
    await waitUntil(() => indicator(el) === 'Connected', 'the state is not shown');
    expect(part(el, 'panel')).to.equal(null);
    expect(events.of('error')).to.have.length(0);
    const done = `Reconnected to ${status.expected!.name}. Subscriptions and settings are unchanged.`;
    expect(text(el, 'message')).to.equal(done);
    await waitUntil(() => announced(el) === done, 'the reconnection is not announced');
  });

  it('a first connection says "Connected to", without promising unchanged settings', async () => {
    const { el } = await mount('pop-first');
    const events = record();
    await startFlow(el, 'connect');
    await choose({ createAccount: true });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event', { timeout: 15_000 });
    events.stop();
    const { name } = events.of('connected')[0].detail.account;
    await waitUntil(() => text(el, 'message') === `Connected to ${name}.`, 'the connection is not said');
    expect(announced(el)).to.equal(`Connected to ${name}.`);
    // A brand-new Stripe account takes no payments until its owner finishes Stripe's onboarding: the card says so at once.
    await waitUntil(() => part(el, 'notice'), 'no notice of the paused payments');
    expect(text(el, 'notice')).to.contain("Customers can't pay you, and payouts are on hold");
    expect(button(el, 'reconnect'), 'Reconnect is not offered as the fix').to.equal(null);
  });

  it('legacy: picking the account of the pasted publishable key moves it to OAuth', async () => {
    const { el } = await mount('pop-legacy', { state: 'legacy' });
    const events = record();
    await startFlow(el);
    await choose({ accountId: info.accounts.gamma });
    await waitUntil(() => events.of('connected').length === 1, 'no connected event', { timeout: 15_000 });
    events.stop();
    expect(events.of('connected')[0].detail.account.id).to.equal(info.accounts.gamma);
    await waitUntil(() => indicator(el) === 'Connected', 'the state is not shown');
  });

  it('account_mismatch: the chosen account is refused and the expected one shown to compare', async () => {
    const { el, status, tenantId } = await mount('pop-mismatch', { state: 'connected' });
    await startFlow(el);
    await choose({ accountId: info.accounts.beta });
    const panel = await waitForTitle(el, title('account_mismatch'));
    expect(part(el, 'expected')!.textContent).to.contain(status.account!.id).and.contain(status.account!.name!);
    // The completion's answer names the account picked in Stripe: said, and shown beside the one to pick.
    expect(panel.textContent).to.contain('We did not link Beta LLC.').and.contain(`Your connection to ${status.account!.name} still works.`);
    const compare = [...part(el, 'compare')!.children].map((child) => child.textContent);
    expect(compare).to.deep.equal(['You picked', `Beta LLC ${info.accounts.beta}`, 'Pick instead', `${status.account!.name} ${status.account!.id}`]);
    expect(panel.textContent).to.contain(`In Stripe's list of accounts, pick ${status.account!.name}.`);
    // Support can find this attempt: the callback's request id is in the details.
    await stack('allow-clipboard', { origin: location.origin });
    await press(el, 'copy');
    await waitUntil(() => announced(el) === enHelp.copied, 'the copy is not announced');
    const details = await navigator.clipboard.readText();
    expect(details).to.match(/^request_id: [\w-]{8,}$/m).and.contain('code: account_mismatch');
    expect(details).to.contain(`picked_account: acct_…${info.accounts.beta.slice(-4)}`).and.match(/^tried_here: \S+ account_mismatch$/m);
    expect(details).not.to.contain(status.account!.id);
    // The tenant's connection is untouched.
    expect((await stack<Status>('status', { tenantId }))!.account!.id).to.equal(status.account!.id);
    expect(indicator(el)).to.equal('Connected');
  });

  it('deny in Stripe: access_denied; on a first connection, with the ineligible-account hint', async () => {
    const { el } = await mount('pop-deny');
    const events = record();
    await startFlow(el, 'connect');
    await choose({ deny: true });
    const panel = await waitForTitle(el, title('access_denied'));
    events.stop();
    expect(panel.textContent).to.contain('Start again and finish in Stripe.').and.contain('created through another app');
    expect(events.of('error').map((e) => e.detail.code)).to.deep.equal(['access_denied']);
  });

  it("account_ineligible: the platform's own account", async () => {
    const { el } = await mount('pop-inelig');
    await startFlow(el, 'connect');
    await choose({ accountId: info.accounts.platform });
    const panel = await waitForTitle(el, title('account_ineligible'));
    expect(panel.textContent).to.contain('Pick another Stripe account, or create one in the Stripe window.');
    expect(panel.textContent).to.contain('Settings > Team and security > Installed apps, find that other service and click Revoke access');
    expect(!!button(el, 'retry')).to.equal(true);
    expect(indicator(el)).to.equal('Not connected');
  });

  it('account_already_integrated: an account another tenant uses', async () => {
    const other = (await stack<Status>('state', { tenantId: newTenant('owner'), state: 'connected' }))!;
    const { el } = await mount('pop-taken');
    await startFlow(el, 'connect');
    await choose({ accountId: other.account!.id });
    const panel = await waitForTitle(el, title('account_already_integrated'));
    expect(panel.textContent).to.contain(`${other.account!.name} is already connected to another workspace on this service.`);
    expect(panel.textContent).to.contain('Pick another Stripe account. If that other workspace is yours too, take payments there');
  });

  it('livemode_mismatch: a live account for a test-mode platform', async () => {
    const { el } = await mount('pop-live');
    await startFlow(el, 'connect');
    await choose({ accountId: info.accounts.live });
    const panel = await waitForTitle(el, title('livemode_mismatch'));
    expect(panel.textContent).to.contain("You can't fix this from your side");
    expect(!!button(el, 'retry')).to.equal(false);
  });

  it('invalid_state and authorization_expired: a used state, an expired code', async () => {
    const { el, status } = await mount('pop-spoil', { state: 'connected' });
    await startFlow(el);
    await choose({ accountId: status.account!.id }, 'reuse');
    await waitForTitle(el, title('invalid_state'));
    // Stripe is still connected: nothing more to do, so no Try again; the person closes the panel and starts again.
    expect(button(el, 'retry')).to.equal(null);
    await press(el, 'close');
    await startFlow(el);
    await choose({ accountId: status.account!.id }, 'expire');
    await waitForTitle(el, title('authorization_expired'));
  });

  it('stripe_unavailable at the completion: Try again presents the same handle once Stripe answers, without going back to Stripe', async () => {
    const { el, status } = await mount('pop-down', { state: 'connected' });
    await stack('fault', { route: 'token', kind: 'error_500', count: 20 });
    try {
      await startFlow(el);
      await choose({ accountId: status.account!.id });
      await waitForTitle(el, title('stripe_unavailable'));
    } finally {
      await stack('clear-faults');
    }
    const events = record();
    const windows = await stack<string[]>('windows');
    await press(el, 'retry');
    await waitUntil(() => events.of('connected').length === 1, 'no connected event after the retry', { timeout: 15_000 });
    events.stop();
    expect(await stack<string[]>('windows'), 'no new Stripe window').to.deep.equal(windows);
    await waitUntil(() => !part(el, 'panel'), 'the panel stays');
    expect(indicator(el)).to.equal('Connected');
  });

  it('a Stripe window closed without an answer: flow_cancelled, Try again; closed again, "continue in this window"', async () => {
    const { el } = await mount('pop-closed', { state: 'connected' });
    await startFlow(el);
    await waitForPanel(el, 'wait');
    await stack('close-stripe');
    const panel = await waitForTitle(el, title('flow_cancelled'));
    // The account was connected here through Stripe before: Stripe's ineligible mark cannot be why.
    expect(panel.textContent).not.to.contain('created through another app');
    expect(!!button(el, 'retry')).to.equal(true);
    expect(button(el, 'here')).to.equal(null);
    await press(el, 'retry');
    await waitForPanel(el, 'wait');
    await stack('close-stripe');
    await waitUntil(() => !!button(el, 'here'), 'no "continue in this window" after the second close');
    expect(button(el, 'here')!.textContent).to.equal('Continue in this window');
    expect(button(el, 'retry')).to.equal(null);
  });

  it('Cancel pressed while the flow is still being started: the card comes back, with no error and nothing remembered', async () => {
    const { el } = await mount('pop-cancel-early', { state: 'connected' });
    // A slow network: the backend's answer to the flow's start comes a second late.
    const realFetch = window.fetch;
    let started = false;
    window.fetch = async (input, init) => {
      const answer = realFetch(input, init);
      if (!String(input).endsWith('/connect')) return answer;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      started = true;
      return answer;
    };
    try {
      const events = record();
      await startFlow(el);
      await waitForPanel(el, 'wait');
      await press(el, 'cancel');
      await waitUntil(() => started, 'the start was not answered', { timeout: 5_000 });
      // The answer is read after this test's timer: give the element the time to act on it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await settled(el);
      events.stop();
      expect(part(el, 'panel'), 'no panel').to.equal(null);
      expect(events.of('error'), 'no error event').to.deep.equal([]);
      expect(startedFlows(), 'no flow remembered').to.deep.equal([]);
      expect(indicator(el)).to.equal('Connected');
      expect(button(el, 'disconnect')!.disabled).to.equal(false);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('a blocked popup (no user gesture): popup_blocked, with "continue in this window"', async () => {
    const { el } = await mount('pop-blocked', { state: 'connected' });
    // Spend any user activation a previous key press left, so that the next open() is blocked.
    open('about:blank', 'spend-activation')?.close();
    const events = record();
    await el.reconnect();
    events.stop();
    const panel = await waitForTitle(el, title('popup_blocked'));
    expect(panel.textContent).to.contain('allow pop-ups for this site');
    expect(!!button(el, 'here')).to.equal(true);
    expect(events.of('error')[0].detail).to.deep.equal({ code: 'popup_blocked', message: enHelp.code.popup_blocked[1], retryable: false });
  });
});
