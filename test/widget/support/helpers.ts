/**
 * The browser side of the widget tests: put a tenant in a state on the real
 * backend, mount the element against it, and read what a person sees.
 */
import { expect, fixture, html, waitUntil as until } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { FLOW_PARAM, RETURN_PARAM, type ErrorCode } from '../../../contract/codes.js';
import type { Status } from '../../../contract/schemas.js';
import { markStarted, POPUP_TOKEN, type StartedFlow } from '../../../widget/flow-memory.js';
import { enHelp } from '../../../widget/messages/en-help.js';
import { format } from '../../../widget/messages/index.js';
import '../../../widget/stripe-reconnect.js';
import type { StripeReconnectElement } from '../../../widget/stripe-reconnect.js';
import type { StackInfo, TenantState, User } from './commands.js';

export { expect, html };

/**
 * `waitUntil` with room for a loaded machine (the real backend and Stripe
 * sandbox answer behind every step): 10 s unless told, instead of 1 s.
 */
export const waitUntil: typeof until = (predicate, message, options = {}) => until(predicate, message, { timeout: 10_000, interval: 50, ...options });

/** Calls a Node-side command of web-test-runner.config.mjs. */
export const stack = <T = unknown>(command: string, payload?: unknown) => executeServerCommand<T, unknown>(`stack:${command}`, payload);

export const info = (await stack<StackInfo>('info'))!;

// Every test starts with a browser that remembers no flow: the test pages share one origin, so its storage.
beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

/** A flow id of the backend's shape (`flw_` and 22 characters). */
export const newFlowId = () => `flw_${crypto.randomUUID().replace(/-/g, '').slice(0, 22)}`;

/**
 * Writes down flow `id` as the element does when it leaves for Stripe from
 * this page: a redirect flow started in this tab; or, for `popup`, this page
 * playing the popup cut off from its opener (it holds the flow's window
 * token, and is not the tab that opened it).
 */
export function startedHere(id: string, mode: 'redirect' | 'popup'): StartedFlow {
  const expiresAt = new Date(Date.now() + 600_000).toISOString();
  if (mode === 'redirect') return markStarted(id, mode, expiresAt);
  const token = crypto.randomUUID();
  const flow = markStarted(id, mode, expiresAt, token);
  sessionStorage.removeItem('stripe-reconnect:opened');
  sessionStorage.setItem(POPUP_TOKEN, JSON.stringify(token));
  return flow;
}

/** The flows this tab started and has written down (what the element keeps in `sessionStorage`). */
export function startedFlows(): StartedFlow[] {
  return Object.values(JSON.parse(sessionStorage.getItem('stripe-reconnect:started') ?? '{}') as Record<string, StartedFlow>);
}

/**
 * Comes back to this page as Stripe's callback sends a browser back: the
 * return parameters in the address bar (`stripe_reconnect=<code>`, or
 * `pending` and a handle) with the flow's id. `started` (default): this
 * browser started that flow, written down as the element writes it when a
 * flow leaves for Stripe (`startedHere`); false: a link of a flow this
 * browser never started.
 */
export function comeBack(params: string | Record<string, string>, { started = true, mode = 'redirect' as 'redirect' | 'popup', flowId = newFlowId() } = {}): void {
  if (started) startedHere(flowId, mode);
  const url = new URL(location.href);
  url.searchParams.set(FLOW_PARAM, flowId);
  for (const [name, value] of Object.entries(typeof params === 'string' ? { [RETURN_PARAM]: params } : params)) url.searchParams.set(name, value);
  history.replaceState(history.state, '', url);
}

let count = 0;
/** A tenant id of its own for each test: tests never share a tenant. */
export const newTenant = (name: string) => `w-${name}-${Date.now().toString(36)}-${(count += 1)}`;

export interface MountOptions {
  state?: TenantState;
  /** The tenant (default: a new one of its own). */
  tenantId?: string;
  /** The tenant is already in this state: mount only. */
  ready?: Status;
  /** The host's signed-in person: named in the sessions (the one that connects, and the element's). */
  user?: User;
  /** The account to connect (default: a new account of the tenant's own). */
  accountId?: string;
  publishableKey?: string;
  attrs?: Record<string, string>;
  token?: string | null;
  provider?: () => Promise<string>;
  apiBase?: string;
}

export interface Mounted {
  el: StripeReconnectElement;
  tenantId: string;
  status: Status;
}

/** Puts a new tenant in `state` on the backend, then mounts the element for it and waits for its status. */
export async function mount(name: string, options: MountOptions = {}): Promise<Mounted> {
  const tenantId = options.tenantId ?? newTenant(name);
  const status = options.ready ?? (await stack<Status>('state', { tenantId, state: options.state ?? 'not_connected', ...options }))!;
  const token = options.token === undefined ? await stack<string>('session', { tenantId, user: options.user }) : options.token;
  const el = await fixture<StripeReconnectElement>(html`<stripe-reconnect></stripe-reconnect>`);
  for (const [name, value] of Object.entries(options.attrs ?? {})) el.setAttribute(name, value);
  if (options.provider) el.sessionProvider = options.provider;
  if (token) el.setAttribute('session-token', token);
  el.setAttribute('api-base', options.apiBase ?? info.apiBase);
  await settled(el);
  return { el, tenantId, status };
}

/** A connected tenant whose account Stripe then restricts (`pause`) or asks information of (`due`), as the backend reads it, with the element mounted on its notice. */
export async function restricted(name: string, condition: Record<string, unknown>, attrs: Record<string, string> = {}): Promise<Mounted> {
  const tenantId = newTenant(name);
  await stack<Status>('state', { tenantId, state: 'connected' });
  const ready = (await stack<Status>('condition', { tenantId, ...condition }))!;
  const mounted = await mount(name, { tenantId, ready, attrs });
  await waitUntil(() => part(mounted.el, 'notice'), 'no notice');
  return mounted;
}

/** Waits until the element is not busy any more. */
export async function settled(el: StripeReconnectElement, timeout = 8_000): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => part(el, 'base')?.getAttribute('aria-busy') === 'false', 'the element stays busy', { timeout });
  await el.updateComplete;
}

export const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
export const button = (el: Element, name: string) => part(el, `${name}-button`) as HTMLButtonElement | null;
/** What a person reads in a part, spaces collapsed. */
export const text = (el: Element, name = 'base') => (part(el, name)?.textContent ?? '').replace(/\s+/g, ' ').trim();
export const indicator = (el: Element) => text(el, 'indicator');
export const focused = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;

/**
 * Presses a button of the element with the keyboard: a trusted key press, so
 * a popup may open. Like a person, it waits for the button to be there and
 * enabled (after a panel closes, the card shows its buttons again on the next render).
 */
export async function press(el: Element, name: string): Promise<void> {
  await waitUntil(() => button(el, name) && !button(el, name)!.disabled, `the ${name} button is not there, or not enabled`);
  const target = button(el, name)!;
  target.focus();
  await sendKeys({ press: 'Enter' });
}

export interface Recorded {
  type: string;
  detail: any;
  bubbles: boolean;
  composed: boolean;
}

/** Records the element's events as the host page hears them (on document: they bubble out of the shadow root). */
export function record(): { events: Recorded[]; of(type: string): Recorded[]; stop(): void } {
  const events: Recorded[] = [];
  const types = ['status', 'connected', 'disconnected', 'error'].map((name) => `stripe-reconnect:${name}`);
  const listener = (event: Event) => {
    const { type, detail, bubbles, composed } = event as CustomEvent;
    events.push({ type, detail, bubbles, composed });
  };
  for (const type of types) document.addEventListener(type, listener);
  return {
    events,
    of: (type) => events.filter((event) => event.type === `stripe-reconnect:${type}`),
    stop: () => types.forEach((type) => document.removeEventListener(type, listener)),
  };
}

/** Waits for a troubleshooting panel with `code`'s title to be on screen. */
export async function waitForPanel(el: Element, name: string, timeout = 10_000): Promise<HTMLElement> {
  await waitUntil(() => part(el, `${name}-panel`), `no ${name} panel`, { timeout });
  return part(el, `${name}-panel`)!;
}

/** The before-you-start panel, then Stripe's window: a trusted key press each, as a person would. */
export async function startFlow(el: StripeReconnectElement, from: 'reconnect' | 'connect' = 'reconnect'): Promise<void> {
  await press(el, from);
  await waitForPanel(el, 'prepare');
  await press(el, 'start');
}

/** What the person does in Stripe's page (in the popup, or in a frame that went there). */
export type Choice = { accountId: string } | { createAccount: true } | { deny: true };
export const choose = (choice: Choice, spoil?: 'expire' | 'reuse') => stack('choose', { choice, ...(spoil && { spoil }) });

/** Waits until a panel of `name` shows `title` (panels replace each other in place). */
export async function waitForTitle(el: Element, title: string, timeout = 15_000): Promise<HTMLElement> {
  await waitUntil(() => part(el, 'panel')?.querySelector('h4')?.textContent?.trim() === title, `no panel titled "${title}"`, { timeout });
  return part(el, 'panel')!;
}

/**
 * What the panel of `code` says over `status`, in English, as the person
 * reads it: its title, what happened, then its steps, placeholders filled
 * (the account's name; `platform` when the page names it). Where an account
 * is expected, `account_ineligible` is the dead end.
 */
export function panelTexts(code: ErrorCode, status: Status, platform?: string): string[] {
  const entry = code === 'account_ineligible' && status.expected ? enHelp.ineligibleExpected : enHelp.code[code];
  const account = (status.account ?? status.expected)?.name;
  return entry.map((line) => format(line, { account, platform }).replaceAll('**', ''));
}

/** Laid out on screen: not `display: none`, nor inside something that is. */
const onScreen = (node: Element) => node.getClientRects().length > 0;
const controls = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, a[href]')].filter(onScreen);

/**
 * The actions a person can take on screen: every button and link of the
 * element that is shown and not turned off, but a panel's Close icon, by
 * their words.
 */
export const actions = (el: Element) =>
  controls(el)
    .filter((node) => node.getAttribute('aria-disabled') !== 'true' && !node.matches('[part~="close-button"]'))
    .map((node) => node.textContent!.trim());

/** The filled buttons and links on screen: a background of their own, not the card's nor none. */
export function filled(el: Element): string[] {
  const card = getComputedStyle(part(el, 'base')!).backgroundColor;
  const ownBackground = (node: Element) => {
    const colour = getComputedStyle(node).backgroundColor;
    return colour !== card && colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent';
  };
  return controls(el).filter(ownBackground).map((node) => node.textContent!.trim());
}

/** The buttons of a panel's row (the Close icon apart). */
export const panelButtons = (panel: Element) => [...panel.querySelectorAll(':scope > .row > button')].map((b) => b.textContent!.trim());

/** The live region's text. */
export const announced = (el: Element) => (el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '').trim();

/**
 * Presses "Check again" while every Stripe call answers 500, waits for the
 * troubleshooting panel, and clears the faults whatever happens.
 */
export async function checkWhileStripeFails(el: StripeReconnectElement): Promise<HTMLElement> {
  await stack('fault', { route: 'account', kind: 'error_500', count: 20 });
  try {
    await press(el, 'check');
    return await waitForPanel(el, 'error');
  } finally {
    await stack('clear-faults');
  }
}

/** A settings page of its own (`redirect-window.html`): what it records, and its element once it is on this origin. */
export type SettingsWindow = Window & { recorded?: { type: string; detail: any }[] };

const SETTINGS_PAGE = new URL('./redirect-window.html', import.meta.url).href;

/**
 * Opens the test settings page in a window of its own, as a script-opened
 * popup (a trusted key press, so no blocker stops it), with `config` for its
 * element; `search` is added to its address (a flow's return parameters).
 */
export async function openSettingsWindow(config: { apiBase: string; token: string; mode?: string }, search = ''): Promise<SettingsWindow> {
  sessionStorage.setItem('redirect-window', JSON.stringify(config));
  const opener = document.createElement('button');
  opener.textContent = 'open settings';
  let win: Window | null = null;
  opener.addEventListener('click', () => (win = open(`${SETTINGS_PAGE}${search}`, `settings-${Date.now()}`, 'popup,width=700,height=700')));
  document.body.append(opener);
  opener.focus();
  await sendKeys({ press: 'Enter' });
  opener.remove();
  expect(win, 'the settings window').to.exist;
  return win!;
}
