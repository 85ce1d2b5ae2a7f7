/**
 * Every error code of DESIGN.md has a troubleshooting panel. Each is reached
 * through the real redirect-return path: the page comes back with
 * `?stripe_reconnect=<code>`, the element reads it, shows the panel and
 * removes the parameter.
 */
import { expect } from '@open-wc/testing';
import { ERROR_CODES, RETURN_PARAM, type ErrorCode } from '../../contract/codes.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { en } from '../../widget/messages/en.js';
import { button, focused, mount, part, press, record, stack, text, waitForPanel, waitUntil } from './support/helpers.js';

const INELIGIBLE = 'If Stripe showed your account as ineligible, it was created through another app: use an account created directly with Stripe.';

/** Comes back to this page as Stripe's redirect would, then mounts the element. */
async function returnWith(code: string, options: Parameters<typeof mount>[1] = {}) {
  const url = new URL(location.href);
  url.searchParams.set(RETURN_PARAM, code);
  history.replaceState(history.state, '', url);
  const mounted = await mount(`panel-${code}`, { state: 'connected', ...options });
  return { ...mounted, panel: await waitForPanel(mounted.el, 'error') };
}

describe('troubleshooting panels', () => {
  beforeEach(() => sessionStorage.clear());

  for (const code of (Object.keys(ERROR_CODES) as ErrorCode[])) {
    it(`${code}: title, what happened, steps, actions`, async () => {
      const events = record();
      const { el, panel } = await returnWith(code, { attrs: { 'support-url': 'https://help.example.com/stripe' } });
      events.stop();
      const [title, what, ...steps] = enHelp.code[code];
      const alert = panel.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain(title).and.contain(what);
      const items = [...panel.querySelectorAll('[part~="steps"] li')].map((li) => li.textContent);
      expect(items).to.deep.equal(steps);
      expect(button(el, 'copy')).to.exist;
      expect(part(el, 'support-link')!.getAttribute('href')).to.equal('https://help.example.com/stripe');
      // Retrying helps except for a refused request, and for a session only a host's sessionProvider can renew.
      const retry = code !== 'validation_failed' && !/^(session|unauth)/.test(code);
      expect(!!button(el, 'retry'), 'retry button').to.equal(retry);
      expect(new URL(location.href).searchParams.has(RETURN_PARAM), 'parameter removed').to.equal(false);
      const [error] = events.of('error');
      expect(error.detail).to.deep.equal({ code, message: what, retryable: ERROR_CODES[code].retryable });
      await expect(el).to.be.accessible();
    });
  }

  it('says what Stripe shows for an ineligible account where it matters', async () => {
    for (const code of ['access_denied', 'flow_cancelled', 'account_mismatch'] as const) {
      expect(enHelp.code[code]).to.include(INELIGIBLE);
    }
    expect(enHelp.code.account_ineligible.join(' ')).to.contain('Account cannot connect to itself');
    const { panel } = await returnWith('account_ineligible');
    expect(panel.textContent).to.contain('Disconnect it from the other platform, or use another account.');
  });

  it('account_mismatch shows the expected account to compare with', async () => {
    const { el, status, panel } = await returnWith('account_mismatch');
    const expected = panel.querySelector('[part~="expected"]')!;
    expect(expected.textContent).to.contain(status.expected!.id).and.contain(status.expected!.publishableKey);
    expect(text(el, 'error-panel')).to.contain('name and publishable key match');
  });

  it('adds the Installed apps step when a reconnect fails the same way twice', async () => {
    const first = await returnWith('access_denied');
    expect(first.panel.textContent).not.to.contain('Settings > Installed apps');
    first.el.remove();
    const second = await returnWith('access_denied');
    expect(second.panel.textContent).to.contain('in Stripe, open Settings > Installed apps, remove this app, then reconnect');
  });

  it('copies details for support: time, request id, code, masked ids, never a secret', async () => {
    await stack('allow-clipboard', { origin: location.origin });
    const token = await stack<string>('session', { tenantId: 'unused' });
    const { el, status } = await returnWith('account_mismatch');
    await press(el, 'copy');
    await waitUntil(() => text(el, 'base').includes(en.copied), 'no announcement');
    const copied = await navigator.clipboard.readText();
    const accountId = status.account!.id;
    expect(copied).to.contain('code: account_mismatch').and.contain('time: 20').and.contain('request_id: ');
    expect(copied).to.contain(`account: acct_…${accountId.slice(-4)}`).and.not.contain(accountId);
    expect(copied).not.to.contain(token!.slice(0, 20)).and.not.contain('sk_').and.not.contain(status.expected!.publishableKey);
    expect(copied).to.match(/publishable_key: pk_test_…\w{4}/);
  });

  it('without a clipboard, shows the details selected, to copy by hand', async () => {
    await stack('deny-clipboard', { origin: location.origin });
    try {
      const { el, status } = await returnWith('account_mismatch');
      await press(el, 'copy');
      await waitUntil(() => part(el, 'details'), 'the details are not shown');
      const area = part(el, 'details') as HTMLTextAreaElement;
      expect(area.value).to.contain('code: account_mismatch').and.not.contain(status.account!.id);
      expect(focused(el) === area, 'the details have focus').to.equal(true);
      expect(area.selectionEnd - area.selectionStart).to.equal(area.value.length);
      expect(text(el)).to.contain(en.copyHand);
      await expect(el).to.be.accessible();
    } finally {
      await stack('allow-clipboard', { origin: location.origin });
    }
  });

  it('a panel shown on page load leaves the focus where it is', async () => {
    const { el } = await returnWith('stripe_unavailable');
    expect(focused(el)?.id ?? null).to.equal(null);
  });

  it('links to support only when support-url is an http(s) or mailto URL', async () => {
    const { el } = await returnWith('internal', { attrs: { 'support-url': 'javascript:alert(1)' } });
    expect(part(el, 'support-link')).to.equal(null);
  });
});
