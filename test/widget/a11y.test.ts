/**
 * Accessibility: axe in every state and every kind of panel, the keyboard
 * alone reaches every action, focus follows panels, and status changes are
 * announced in the live region.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TenantState } from './support/commands.js';
import { announced, button, checkWhileStripeFails, focused, mount, part, press, stack, waitForPanel, waitUntil } from './support/helpers.js';

const STATES: TenantState[] = ['not_connected', 'connected', 'needs_attention', 'legacy', 'disconnected'];

describe('accessibility', () => {
  for (const state of STATES) {
    it(`${state} passes axe, in light and dark`, async () => {
      const { el } = await mount(`a11y-${state}`, { state });
      await expect(el).to.be.accessible();
      el.setAttribute('theme', 'dark');
      await expect(el).to.be.accessible();
    });
  }

  it('the before-you-start, wait and confirm panels pass axe', async () => {
    const { el } = await mount('a11y-panels', { state: 'connected' });
    await press(el, 'reconnect');
    await waitForPanel(el, 'prepare');
    await expect(el).to.be.accessible();
    await press(el, 'start');
    await waitForPanel(el, 'wait');
    await expect(el).to.be.accessible();
    await press(el, 'cancel');
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    await expect(el).to.be.accessible();
  });

  it('an error panel passes axe, with its support link', async () => {
    const { el } = await mount('a11y-error', { state: 'connected', attrs: { 'support-url': 'https://help.example.com/' } });
    await checkWhileStripeFails(el);
    await expect(el).to.be.accessible();
  });

  it('focus goes to a panel heading when it opens and back to the main button when it closes', async () => {
    const { el } = await mount('a11y-focus', { state: 'connected' });
    await press(el, 'reconnect');
    await waitForPanel(el, 'prepare');
    await waitUntil(() => focused(el)?.id === 'panel-title', 'focus is not on the panel heading');
    expect(focused(el)!.textContent).to.equal('Before you start');
    await press(el, 'cancel');
    await waitUntil(() => !part(el, 'panel'), 'the panel stays');
    expect(focused(el) === button(el, 'reconnect'), 'focus on Reconnect').to.equal(true);

    await checkWhileStripeFails(el);
    await waitUntil(() => focused(el)?.id === 'panel-title', 'focus is not on the error heading');
    await press(el, 'close');
    expect(focused(el) === button(el, 'reconnect'), 'focus on Reconnect').to.equal(true);
  });

  it('Tab reaches every action in order', async () => {
    const { el } = await mount('a11y-tab', { state: 'connected' });
    el.focus();
    const seen = [focused(el)?.getAttribute('part')];
    for (let i = 0; i < 2; i += 1) {
      await sendKeys({ press: 'Tab' });
      seen.push(focused(el)?.getAttribute('part'));
    }
    expect(seen).to.deep.equal(['button reconnect-button', 'button check-button', 'button disconnect-button']);
  });

  it('announces status changes in the live region', async () => {
    const { el, status } = await mount('a11y-live', { state: 'connected' });
    const region = el.shadowRoot!.querySelector('[role="status"]')!;
    expect(region.closest('[aria-live="off"]')).to.equal(null);
    expect(announced(el)).to.equal('Stripe: Connected');
    await stack('revoke', { accountId: status.account!.id, webhook: false });
    await press(el, 'check');
    await waitUntil(() => announced(el) === 'Stripe: Needs attention', 'the change is not announced');
  });
});

describe('keyboard', () => {
  it('Escape closes a panel and gives focus back', async () => {
    const { el } = await mount('kbd-escape', { state: 'connected' });
    await press(el, 'disconnect');
    await waitForPanel(el, 'confirm');
    await waitUntil(() => focused(el)?.id === 'panel-title', 'focus is not on the panel heading');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !part(el, 'panel'), 'Escape did not close the panel');
    expect(focused(el) === button(el, 'reconnect'), 'focus on Reconnect').to.equal(true);
  });
});
