/**
 * One clear next step on every screen, as a person sees it: at most one
 * filled button, at most three actions (buttons and links that can be
 * pressed, a panel's Close icon apart) counting the card's own, and
 * "Contact support" last in every panel's row. While Stripe's window is
 * open, the card's buttons are off.
 */
import { expect } from '@open-wc/testing';
import { ERROR_CODES, type ErrorCode } from '../../contract/codes.js';
import type { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import type { TenantState } from './support/commands.js';
import { actions, button, comeBack, filled, info, mount, part, press, restricted, stack, startFlow, waitForPanel } from './support/helpers.js';

const SUPPORT = { 'support-url': 'https://help.example.com/stripe' };

/** The rule, on what is on screen now. */
function oneNextStep(el: StripeReconnectElement, where: string) {
  const shown = actions(el);
  expect(shown.length, `${where}: ${shown.join(' | ')}`).to.be.at.most(3);
  expect(filled(el), `${where}: filled`).to.have.length.at.most(1);
}

/** "Contact support" closes the open panel's row, and the row closes the panel. */
function supportLast(el: StripeReconnectElement, where: string) {
  const panel = part(el, 'panel')!;
  const row = panel.querySelector(':scope > .row')!;
  expect(panel.lastElementChild, `${where}: the row ends the panel`).to.equal(row);
  expect(row.lastElementChild!.getAttribute('part'), `${where}: support last in the row`).to.equal('support-link');
}

describe('one clear next step: the card', () => {
  for (const state of ['not_connected', 'connected', 'needs_attention', 'legacy', 'disconnected'] as TenantState[]) {
    it(state, async () => {
      const { el } = await mount(`step-${state}`, { state, attrs: SUPPORT });
      oneNextStep(el, state);
    });
  }

  it('what Stripe asks: information due by a date, and payments paused for each reason', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['due', { condition: 'due', deadline: new Date(Date.now() + 7 * 86_400_000).toISOString() }],
      ['past due', { condition: 'pause', reason: 'requirements.past_due' }],
      ['under review', { condition: 'pause', chargesEnabled: true, reason: 'under_review' }],
      ['rejected', { condition: 'pause', reason: 'rejected.fraud' }],
      ['paused by the platform', { condition: 'pause', reason: 'platform_paused' }],
      ['another reason', { condition: 'pause', reason: 'other' }],
    ];
    for (const [name, condition] of cases) {
      const { el } = await restricted(`step-${name.replace(/ /g, '-')}`, condition, SUPPORT);
      oneNextStep(el, name);
      expect(filled(el), `${name}: the notice's link is the next step`).to.have.length(1);
      el.remove();
    }
  });
});

describe('one clear next step: the panels', () => {
  for (const state of ['not_connected', 'connected', 'needs_attention', 'legacy', 'disconnected'] as TenantState[]) {
    it(`before you start (${state})`, async () => {
      const { el } = await mount(`step-prepare-${state}`, { state, attrs: SUPPORT });
      await press(el, button(el, 'connect') ? 'connect' : 'reconnect');
      await waitForPanel(el, 'prepare');
      oneNextStep(el, 'prepare');
      expect(filled(el)).to.deep.equal(['Continue to Stripe']);
      expect(part(el, 'actions'), "the card's buttons step back").to.equal(null);
      supportLast(el, 'prepare');
    });
  }

  it("waiting for Stripe: the card's buttons are off; Cancel and Contact support are what can be pressed", async () => {
    const { el } = await mount('step-wait', { state: 'connected', attrs: SUPPORT });
    await startFlow(el);
    await waitForPanel(el, 'wait');
    const card = [...part(el, 'actions')!.querySelectorAll('button')];
    expect(card.map((b) => [b.textContent, b.getAttribute('aria-disabled')])).to.deep.equal([
      ['Reconnect', 'true'],
      ['Check again', 'true'],
      ['Disconnect', 'true'],
    ]);
    oneNextStep(el, 'wait');
    expect(actions(el)).to.deep.equal(['Cancel', 'Contact support']);
    supportLast(el, 'wait');
    // A press on them does nothing: no second Stripe window, no other panel.
    await press(el, 'disconnect');
    expect(part(el, 'wait-panel')).to.exist;
    expect(((await stack<string[]>('windows')) ?? []).filter((url) => url.startsWith(info.sandboxUrl))).to.have.length(1);
    await press(el, 'cancel');
  });

  it('the disconnect confirmation', async () => {
    const { el } = await mount('step-confirm', { state: 'connected', attrs: SUPPORT });
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    oneNextStep(el, 'confirm');
    expect(filled(el)).to.deep.equal(['Disconnect']);
    supportLast(el, 'confirm');
  });

  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    it(`the ${code} panel`, async () => {
      comeBack(code);
      const { el } = await mount(`step-${code}`, { state: 'connected', attrs: SUPPORT });
      await waitForPanel(el, 'error');
      oneNextStep(el, code);
      expect(part(el, 'actions'), "the card's buttons step back").to.equal(null);
      supportLast(el, code);
    });
  }

  it('a window closed twice: "Continue in this window" is the next step, still one filled button', async () => {
    comeBack('flow_cancelled');
    (await mount('step-closed-once', { state: 'connected', attrs: SUPPORT })).el.remove();
    comeBack('flow_cancelled');
    const { el } = await mount('step-closed-twice', { state: 'connected', attrs: SUPPORT });
    await waitForPanel(el, 'error');
    oneNextStep(el, 'closed twice');
    expect(filled(el)).to.deep.equal(['Continue in this window']);
    expect(actions(el)).to.deep.equal(['Continue in this window', 'Copy details for support', 'Contact support']);
  });

  it('a sign-in panel with a sessionProvider: Try again, still three actions', async () => {
    comeBack('session_expired');
    const { el } = await mount('step-session', { state: 'connected', attrs: SUPPORT });
    await waitForPanel(el, 'error');
    el.sessionProvider = async () => (await stack<string>('session', { tenantId: 'unused' }))!;
    await el.updateComplete;
    oneNextStep(el, 'session with a provider');
    expect(actions(el)).to.deep.equal(['Try again', 'Copy details for support', 'Contact support']);
  });
});
