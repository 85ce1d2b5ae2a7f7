/**
 * Every error code of docs/design.md has a troubleshooting panel. Each is reached
 * through the real redirect-return path: the page comes back with
 * `?stripe_reconnect=<code>`, the element reads it, shows the panel and
 * removes the parameter.
 */
import { expect } from '@open-wc/testing';
import { COMPLETION_PARAM, ERROR_CODES, RETURN_PARAM, type ErrorCode } from '../../contract/codes.js';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { format } from '../../widget/messages/index.js';
import { button, comeBack, focused, mount, newTenant, record, panelButtons, panelTexts, part, press, stack, text, waitForPanel, waitUntil } from './support/helpers.js';

const INELIGIBLE = 'If Stripe showed your account as ineligible, it was created through another app: use an account created directly with Stripe.';
/** Where the popup is the trouble, the next step is this window, not Try again. */
const IN_THIS_WINDOW: ErrorCode[] = ['popup_blocked'];
/** What the shop owner cannot fix: the panel says so and points to support, with no retry. */
const DEAD_ENDS: ErrorCode[] = ['livemode_mismatch', 'validation_failed', 'account_ineligible'];

/** Comes back to this page as the return of a flow this browser started, then mounts the element. */
async function returnWith(code: string, options: Parameters<typeof mount>[1] = {}) {
  comeBack(code);
  const mounted = await mount(`panel-${code}`, { state: 'connected', ...options });
  return { ...mounted, panel: await waitForPanel(mounted.el, 'error') };
}

describe('troubleshooting panels', () => {
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    it(`${code}: title, what happened, that the connection still works, steps, at most three buttons`, async () => {
      const { el, panel, status, events } = await returnWithEvents(code);
      const [title, ...texts] = panelTexts(code, status);
      let [what, ...steps] = texts;
      // Over a connection that works: an ended attempt needs nothing more; the platform's mode is known (test), so a mode mix-up is said the right way round.
      if (code === 'invalid_state') steps = [enHelp.invalidConnected];
      if (code === 'livemode_mismatch') what = format(enHelp.livemode.live, {});
      const alert = panel.querySelector('[role="alert"]')!;
      expect(alert.textContent).to.contain(title).and.contain(what);
      expect(alert.textContent).to.contain(`Your connection to ${status.account!.name} still works.`);
      if (DEAD_ENDS.includes(code) && (code !== 'account_ineligible' || status.expected)) {
        // A dead end: no steps, a sentence that points to support.
        expect(part(el, 'steps')!.tagName).to.equal('P');
        expect(text(el, 'steps')).to.equal(steps.join(' '));
      } else {
        const items = [...panel.querySelectorAll('[part~="steps"] li')].map((li) => li.textContent);
        expect(items).to.deep.equal(code === 'account_mismatch' ? [...steps, format(enHelp.switch, {})] : steps);
      }
      expect(button(el, 'copy')).to.exist;
      expect(part(el, 'support-link')!.getAttribute('href')).to.equal('https://help.example.com/stripe');
      expect(panelButtons(panel).length, 'buttons in the row').to.be.at.most(3);
      const close = button(el, 'close')!;
      expect(close.getAttribute('aria-label')).to.equal('Close');
      // Retrying helps except for a dead end, and for a session only a host's sessionProvider can renew.
      // Nor after an ended attempt, the connection working: nothing more to do.
      const retry = !DEAD_ENDS.includes(code) && !/^(session|unauth)/.test(code) && !IN_THIS_WINDOW.includes(code) && code !== 'invalid_state';
      expect(!!button(el, 'retry'), 'retry button').to.equal(retry);
      expect(!!button(el, 'here'), 'continue in this window').to.equal(IN_THIS_WINDOW.includes(code));
      expect(new URL(location.href).searchParams.has(RETURN_PARAM), 'parameter removed').to.equal(false);
      const [error] = events;
      expect(error.detail).to.deep.equal({ code, message: what, retryable: ERROR_CODES[code].retryable });
      await expect(el).to.be.accessible();
    });
  }

  it('over a connection that needs reconnecting, says that it still does', async () => {
    const { panel, status } = await returnWith('access_denied', { state: 'needs_attention' });
    expect(panel.querySelector('[role="alert"]')!.textContent).to.contain(`Your ${status.expected!.name} connection still needs reconnecting.`);
  });

  it('says what Stripe shows for an ineligible account only where it can have shown it: an account never connected here through Stripe', async () => {
    for (const [code, state, shown] of [
      ['access_denied', 'not_connected', true],
      ['flow_cancelled', 'disconnected', true],
      ['account_mismatch', 'legacy', true],
      ['access_denied', 'connected', false],
      ['flow_cancelled', 'needs_attention', false],
      ['account_mismatch', 'connected', false],
    ] as const) {
      sessionStorage.clear();
      const { el, panel } = await returnWith(code, { state });
      expect(panel.textContent!.includes(INELIGIBLE), `${code} over ${state}`).to.equal(shown);
      el.remove();
    }
    // account_ineligible says what to do in the words a shop owner knows, not Stripe's own message.
    expect(enHelp.code.account_ineligible.join(' ')).not.to.contain('Account cannot connect to itself');
    const { panel } = await returnWith('account_ineligible', { state: 'not_connected' });
    expect(panel.textContent).to.contain('Pick another Stripe account, or create one in the Stripe window.');
    expect(panel.textContent).to.contain('Settings > Team and security > Installed apps, find that other service and click Revoke access');
  });

  it('dead ends say the owner cannot fix them and point to support, with no steps to try', async () => {
    for (const [code, state] of [['livemode_mismatch', 'not_connected'], ['account_ineligible', 'connected']] as const) {
      sessionStorage.clear();
      const { el, panel } = await returnWith(code, { state, attrs: { 'support-url': 'https://help.example.com/stripe' } });
      expect(text(el, 'steps')).to.equal("You can't fix this from your side: copy the details for support and contact our support.");
      expect(panel.querySelector('[part~="steps"] li'), 'no numbered steps').to.equal(null);
      expect(panelButtons(panel)).to.deep.equal(['Copy details for support']);
      expect(part(el, 'support-link')!.textContent).to.equal('Contact support');
      el.remove();
    }
  });

  it('account_mismatch points to the account shown once, in the card, and says where Stripe shows its facts', async () => {
    const { el, status, panel } = await returnWith('account_mismatch');
    expect(panel.querySelector('[part~="expected"]'), 'no second copy in the panel').to.equal(null);
    const card = part(el, 'expected')!;
    expect(card.getAttribute('part')).to.equal('account expected');
    expect(card.textContent).to.contain(status.expected!.id).and.contain(status.expected!.name);
    expect(card.querySelector(`code[title="${status.expected!.publishableKey}"]`)).to.exist;
    // Stripe's list shows names and emails: the name first, the publishable key only to be sure.
    expect(text(el, 'error-panel')).to.contain(`In Stripe's list of accounts, pick ${status.expected!.name}.`);
    expect(text(el, 'error-panel')).to.contain("Stripe's list shows each account's name and email.").and.contain('Developers > API keys');
    expect(text(el, 'error-panel')).to.contain('We did not link the account you picked.');
  });

  it('adds the Revoke access step after any second failure in a row, whatever the codes', async () => {
    const first = await returnWith('access_denied');
    expect(first.panel.textContent).not.to.contain('Installed apps');
    first.el.remove();
    const second = await returnWith('stripe_unavailable', { attrs: { 'platform-name': 'Ledgerly' } });
    const last = [...second.panel.querySelectorAll('[part~="steps"] li')].at(-1)!;
    expect(last.textContent).to.equal(
      "Still failing? In Stripe, open Settings > Team and security > Installed apps and find Ledgerly in the list. Click Revoke access (Stripe's word for uninstalling it), then reconnect here.",
    );
    expect(last.querySelector('strong')!.textContent).to.equal('Revoke access');
  });

  it('a success between two failures starts the count again', async () => {
    (await returnWith('access_denied')).el.remove();
    // A success: a flow of this page comes back with its handle, which the element redeems.
    const tenantId = newTenant('panel-success');
    const ready = (await stack<Status>('state', { tenantId, state: 'connected' }))!;
    const { completion } = (await stack<{ completion: string }>('callback', { tenantId, accountId: ready.account!.id }))!;
    comeBack({ [RETURN_PARAM]: 'pending', [COMPLETION_PARAM]: completion });
    const events = record();
    (await mount('panel-success', { tenantId, ready })).el.remove();
    events.stop();
    expect(events.of('connected')).to.have.length(1);
    const again = await returnWith('flow_cancelled');
    expect(again.panel.textContent).not.to.contain('Installed apps');
  });

  it('copies details for support: time, request id, code, masked ids, the whole publishable key, never a secret', async () => {
    await stack('allow-clipboard', { origin: location.origin });
    const token = await stack<string>('session', { tenantId: 'unused' });
    const { el, status } = await returnWith('account_mismatch');
    await press(el, 'copy');
    await waitUntil(() => text(el, 'base').includes(enHelp.copied), 'no announcement');
    const copied = await navigator.clipboard.readText();
    const accountId = status.account!.id;
    expect(copied).to.contain('code: account_mismatch').and.contain('time: 20').and.contain('request_id: ');
    expect(copied).to.contain(`account: acct_…${accountId.slice(-4)}`).and.not.contain(accountId);
    expect(copied).not.to.contain(token!.slice(0, 20)).and.not.contain('sk_');
    expect(copied).to.contain(`publishable_key: ${status.expected!.publishableKey}`);
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
      expect(text(el)).to.contain(enHelp.copyHand);
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

/** `returnWith` with a support URL, and the error events the host page heard. */
async function returnWithEvents(code: ErrorCode) {
  const events: CustomEvent[] = [];
  const listener = (event: Event) => events.push(event as CustomEvent);
  document.addEventListener('stripe-reconnect:error', listener);
  try {
    return { ...(await returnWith(code, { attrs: { 'support-url': 'https://help.example.com/stripe' } })), events };
  } finally {
    document.removeEventListener('stripe-reconnect:error', listener);
  }
}
