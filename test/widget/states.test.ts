/**
 * Every integration state as a person sees it: the indicator (colour, icon
 * and words), the account's facts, the dates, and "Check again".
 */
import { expect } from '@open-wc/testing';
import { button, indicator, mount, part, press, settled, stack, text, waitForPanel, waitUntil } from './support/helpers.js';

/** The indicator's icon (its `::before`) and colour: what a sighted person sees beside the words. */
function look(el: Element) {
  const ind = part(el, 'indicator')!;
  const before = getComputedStyle(ind, '::before');
  return { icon: before.content, colour: before.backgroundColor };
}

const GREEN = 'rgb(10, 124, 66)';
const RED = 'rgb(192, 18, 60)';
const GREY = 'rgb(105, 115, 134)';

describe('states', () => {
  it('not_connected: grey, no account, a Connect button', async () => {
    const { el } = await mount('nc');
    expect(indicator(el)).to.equal('Not connected');
    expect(look(el)).to.deep.equal({ icon: '"–" / ""', colour: GREY });
    expect(text(el)).to.contain('Connect your Stripe account to take payments.');
    expect(part(el, 'account')).to.equal(null);
    expect(!!button(el, 'connect')).to.equal(true);
    expect(!!button(el, 'check') || !!button(el, 'disconnect')).to.equal(false);
  });

  it('connected: green, the account, its dates, Check again', async () => {
    const { el, status } = await mount('ok', { state: 'connected' });
    expect(indicator(el)).to.equal('Connected');
    expect(look(el)).to.deep.equal({ icon: '"✓" / ""', colour: GREEN });
    const account = text(el, 'account');
    const key = status.account!.publishableKey!;
    expect(account).to.contain(status.account!.name!).and.contain(status.account!.id).and.contain(`${key.slice(0, 12)}…${key.slice(-3)}`);
    expect(part(el, 'account')!.querySelector('code[title]')!.getAttribute('title')).to.equal(key);
    const times = [...part(el, 'account')!.querySelectorAll('time')].map((t) => t.getAttribute('datetime'));
    expect(times).to.deep.equal([status.connectedAt, status.checkedAt]);
    expect(account).to.match(/Connected on \w+ \d+, \d{4}\. Last checked \w+ \d+, \d{4} at \d+:\d\d [AP]M\.$/);
    // No label repeats the pill.
    expect([...part(el, 'account')!.querySelectorAll('dt')].map((dt) => dt.textContent)).to.deep.equal(['Account', 'Account ID', 'Publishable key']);
    expect(!!button(el, 'reconnect') && !!button(el, 'check') && !!button(el, 'disconnect')).to.equal(true);
  });

  it('needs_attention (deauthorized): red, why and since when, the account to pick again', async () => {
    const { el, status } = await mount('deauth', { state: 'needs_attention' });
    expect(status.problem!.code).to.equal('deauthorized');
    expect(indicator(el)).to.equal('Needs attention');
    expect(look(el)).to.deep.equal({ icon: '"!" / ""', colour: RED });
    expect(text(el, 'message')).to.match(/^The connection was removed from your Stripe account on \w+ \d+, \d{4}\. Reconnect to take payments again\.$/);
    expect(text(el, 'account')).to.contain(status.expected!.id);
  });

  it('needs_attention (access_revoked): Check again finds the revoked access', async () => {
    const { el, status } = await mount('revoked', { state: 'connected' });
    await stack('revoke', { accountId: status.account!.id, webhook: false });
    await press(el, 'check');
    await waitUntil(() => indicator(el) === 'Needs attention', 'the revoked access is not shown');
    expect(text(el, 'message')).to.match(/^Since \w+ \d+, \d{4}, we can no longer use your Stripe account\. Reconnect to take payments again\.$/);
    expect(look(el).colour).to.equal(RED);
  });

  it('legacy: red, "Update needed", the account of its publishable key', async () => {
    const { el, status } = await mount('legacy', { state: 'legacy' });
    expect(indicator(el)).to.equal('Update needed');
    expect(look(el)).to.deep.equal({ icon: '"!" / ""', colour: RED });
    expect(text(el, 'message')).to.contain('older setup (pasted API keys)');
    expect(part(el, 'account')!.querySelector('code[title]')!.getAttribute('title')).to.equal(status.expected!.publishableKey);
    // Checking a pasted-keys setup is not a thing: only Reconnect moves it on.
    expect(!!button(el, 'check')).to.equal(false);
    expect(!!button(el, 'reconnect')).to.equal(true);
  });

  it('disconnected: grey, Connect again', async () => {
    const { el } = await mount('disc', { state: 'disconnected' });
    expect(indicator(el)).to.equal('Disconnected');
    expect(look(el)).to.deep.equal({ icon: '"–" / ""', colour: GREY });
    expect(text(el)).to.contain('Connect again when you are ready.');
    expect(!!button(el, 'connect')).to.equal(true);
  });

  it('Check again while Stripe is unreachable: stripe_unavailable, and the state stays', async () => {
    const { el } = await mount('unavail', { state: 'connected' });
    await stack('fault', { route: 'account', kind: 'error_500', count: 20 });
    try {
      await press(el, 'check');
      const panel = await waitForPanel(el, 'error');
      expect(panel.textContent).to.contain("Stripe isn't answering");
      await settled(el);
      expect(indicator(el)).to.equal('Connected');
      expect(!!button(el, 'retry')).to.equal(true);
    } finally {
      await stack('clear-faults');
    }
  });

  it('re-renders when the status changes under it (no class field hides a reactive property)', async () => {
    const { el } = await mount('rerender', { state: 'connected' });
    el.setAttribute('session-token', (await stack<string>('session', { tenantId: 'w-rerender-other' }))!);
    await waitUntil(() => indicator(el) === 'Not connected', 'the new tenant is not shown');
  });
});
