/**
 * The Reconnect flow with `mode="redirect"`: the page itself goes to
 * Stripe's authorize URL and comes back with `?stripe_reconnect=`. It runs
 * in a window of its own (a settings page), opened by a trusted key press.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { RETURN_PARAM } from '../../contract/codes.js';
import type { Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import type { StripeReconnectElement } from '../../widget/stripe-reconnect.js';
import { button, choose, indicator, info, newTenant, part, settled, stack, waitForPanel, waitUntil } from './support/helpers.js';

const PAGE = new URL('./support/redirect-window.html', import.meta.url).href;

/** Opens the settings page for a new tenant in `state`, as a window the test can read (same origin). */
async function openSettings(name: string, state: string, mode = 'redirect') {
  const tenantId = newTenant(name);
  const status = (await stack<Status>('state', { tenantId, state }))!;
  const token = (await stack<string>('session', { tenantId }))!;
  sessionStorage.setItem('redirect-window', JSON.stringify({ apiBase: info.apiBase, token, mode }));
  const opener = document.createElement('button');
  opener.textContent = 'open settings';
  let win: Window | null = null;
  opener.addEventListener('click', () => (win = open(PAGE, `settings-${tenantId}`, 'popup,width=700,height=700')));
  document.body.append(opener);
  opener.focus();
  await sendKeys({ press: 'Enter' });
  opener.remove();
  expect(win, 'the settings window').to.exist;
  const page = win! as Window & { recorded: { type: string; detail: any }[] };
  return { page, tenantId, status, el: () => element(page) };
}

/** The element in `page`, once the page is back on this origin and has it. */
function element(page: Window): StripeReconnectElement | null {
  try {
    return page.document.querySelector('stripe-reconnect');
  } catch {
    return null; // the window is at Stripe's page, another origin
  }
}

/** The events the settings page recorded, once it is back on this origin. */
function recorded(page: Window & { recorded?: { type: string; detail: any }[] }) {
  try {
    return page.recorded ?? [];
  } catch {
    return [];
  }
}

function address(page: Window): string | null {
  try {
    return page.location.href;
  } catch {
    return null;
  }
}

describe('reconnect in this window (mode="redirect")', () => {
  const windows: Window[] = [];
  afterEach(() => windows.splice(0).forEach((w) => w.close()));

  it('goes to Stripe, comes back with success, shows it and removes the parameter', async () => {
    const { page, status, el } = await openSettings('redir-ok', 'needs_attention');
    windows.push(page);
    await waitUntil(() => el()?.shadowRoot && indicator(el()!) === 'Needs attention', 'the settings page did not load', { timeout: 10_000 });
    el()!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="reconnect-button"]')!.click();
    const prepare = await waitForPanel(el()!, 'prepare');
    expect(prepare.textContent).to.contain('Stripe opens in this window, then brings you back.');
    button(el()!, 'start')!.click();
    await choose({ accountId: status.expected!.id! });
    await waitUntil(() => el()?.shadowRoot && indicator(el()!) === 'Connected', 'not back as connected', { timeout: 15_000 });
    await settled(el()!);
    expect(new URL(address(page)!).searchParams.has(RETURN_PARAM), 'parameter removed').to.equal(false);
    await waitUntil(() => recorded(page).some((e) => e.type === 'connected'), 'no connected event');
    expect(page.recorded.find((e) => e.type === 'connected')!.detail.account.id).to.equal(status.expected!.id);
    expect(part(el()!, 'panel')).to.equal(null);
  });

  it('comes back with an error code: its panel, and the parameter removed', async () => {
    const { page, el } = await openSettings('redir-deny', 'connected');
    windows.push(page);
    await waitUntil(() => el()?.shadowRoot && indicator(el()!) === 'Connected', 'the settings page did not load', { timeout: 10_000 });
    el()!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="reconnect-button"]')!.click();
    await waitForPanel(el()!, 'prepare');
    button(el()!, 'start')!.click();
    await choose({ deny: true });
    await waitUntil(() => el()?.shadowRoot && part(el()!, 'error-panel'), 'no panel after the return', { timeout: 15_000 });
    expect(part(el()!, 'error-panel')!.textContent).to.contain(enHelp.code.access_denied[0]);
    expect(new URL(address(page)!).searchParams.has(RETURN_PARAM)).to.equal(false);
    expect(page.recorded.filter((e) => e.type === 'error').map((e) => e.detail.code)).to.deep.equal(['access_denied']);
  });

  it('a blocked popup falls back to this window: "Continue in this window" goes to Stripe and back', async () => {
    const { page, status, el } = await openSettings('redir-fallback', 'connected', 'popup');
    windows.push(page);
    await waitUntil(() => el()?.shadowRoot && indicator(el()!) === 'Connected', 'the settings page did not load');
    // Called without a user gesture in that window: its popup is blocked.
    void el()!.reconnect();
    await waitUntil(() => part(el()!, 'error-panel')?.textContent?.includes(enHelp.code.popup_blocked[0]), 'no popup_blocked panel');
    button(el()!, 'here')!.click();
    await choose({ accountId: status.account!.id });
    await waitUntil(() => recorded(page).some((e) => e.type === 'connected'), 'not back as connected', { timeout: 15_000 });
    expect(new URL(address(page)!).searchParams.has(RETURN_PARAM)).to.equal(false);
    expect(part(el()!, 'panel')).to.equal(null);
  });
});
