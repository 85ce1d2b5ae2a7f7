/**
 * The demo page: Ledgerly's Settings > Integrations, with <stripe-reconnect>
 * as the Stripe card, and a QA drawer that puts the demo workspace into each
 * starting point. The page plays the host's frontend: it gets session tokens
 * from its own backend (/demo/api/session), never the API key.
 */
import '../widget/stripe-reconnect.js';
import type { StripeReconnectElement } from '../widget/stripe-reconnect-element.js';
import { ELEMENT_EVENTS, EventLog, renderWebhooks, summarize } from './logs.js';
import type { ReceivedWebhook } from './host/receiver.js';
import { setupSilentBreaks } from './silent.js';

interface DemoView {
  generation: number;
  tenantId: string;
  otherTenantId: string;
  scenario: string;
  conditions: Record<string, boolean>;
  /** The last silent change of the account (no webhook), if any since the starting point. */
  silent: { kind: string; accountId: string; at: string } | null;
  webhooks: ReceivedWebhook[];
}

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;
const slot = $<HTMLDivElement>('#stripe-slot');
const qaStatus = $<HTMLParagraphElement>('#qa-status');
const events = new EventLog($<HTMLOListElement>('#event-log'));
const webhookList = $<HTMLOListElement>('#webhook-log');
const SCENARIO_NAMES: Record<string, string> = Object.fromEntries(
  [...document.querySelectorAll<HTMLButtonElement>('[data-scenario]')].map((b) => [b.dataset.scenario!, b.textContent!.trim()]),
);

let view: DemoView | null = null;
/** The receiver's deliveries for the current workspaces, by id: the scenario answer and the live feed can cross, so they are merged. */
let webhooks = new Map<string, ReceivedWebhook>();
const webhookKey = (w: ReceivedWebhook) => w.event?.id ?? `${w.receivedAt}:${w.problem}`;

function addWebhooks(received: readonly ReceivedWebhook[]): void {
  for (const w of received) webhooks.set(webhookKey(w), w);
  renderWebhooks(webhookList, [...webhooks.values()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
}
let element: StripeReconnectElement | null = null;
const settings = {
  get mode() {
    return localStorage['demo:mode'] === 'redirect' ? 'redirect' : 'popup';
  },
  get lang() {
    return localStorage['demo:lang'] === 'fr' ? 'fr' : 'en';
  },
  get blockPopups() {
    return sessionStorage['demo:block-popups'] === '1';
  },
};

// A pop-up blocker makes window.open answer null; the element then shows popup_blocked.
const realOpen = window.open.bind(window);
window.open = (...args: Parameters<typeof window.open>) => (settings.blockPopups ? null : realOpen(...args));

// The host page listens on the document: the element's events bubble and are composed.
for (const type of ELEMENT_EVENTS) {
  document.addEventListener(type, (event) => {
    const detail = (event as CustomEvent<Record<string, unknown>>).detail;
    events.add({ at: new Date().toISOString(), type, summary: summarize(type, detail), detail: JSON.stringify(detail, null, 2) });
  });
}

async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

/** A fresh element for the current workspace: what a host renders on its settings page. */
function mount(): void {
  element?.remove();
  const el = document.createElement('stripe-reconnect');
  el.setAttribute('api-base', `${location.origin}/stripe-reconnect`);
  el.setAttribute('mode', settings.mode);
  el.setAttribute('lang', settings.lang);
  el.setAttribute('theme', 'light');
  el.setAttribute('support-url', 'mailto:support@ledgerly.example');
  el.sessionProvider = async () => (await post<{ token: string }>('/demo/api/session', {})).token;
  slot.append(el);
  element = el;
}

function showView(next: DemoView, message?: string): void {
  const changed = view?.generation !== next.generation;
  view = next;
  $('#tenant-id').textContent = next.tenantId;
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-scenario]')) {
    button.setAttribute('aria-pressed', String(button.dataset.scenario === next.scenario));
  }
  for (const box of document.querySelectorAll<HTMLInputElement>('[data-condition]')) box.checked = !!next.conditions[box.dataset.condition!];
  if (changed) webhooks = new Map();
  addWebhooks(next.webhooks);
  // The same workspace, told again (the live feed echoing a change made here): keep what the drawer says about it.
  if (message || changed) qaStatus.textContent = message ?? `Ready: ${SCENARIO_NAMES[next.scenario] ?? next.scenario} · workspace ${next.tenantId}`;
  document.body.dataset.generation = String(next.generation);
  // Before the element exists, so that its first events land in the new log.
  events.follow(next.generation, `Scenario: ${SCENARIO_NAMES[next.scenario] ?? next.scenario} (workspace ${next.tenantId})`);
  if (changed) mount();
}

async function applyScenario(scenario: string): Promise<void> {
  setBusy(true, `Setting up: ${SCENARIO_NAMES[scenario]}…`);
  try {
    showView(await post<DemoView>('/demo/api/scenario', { scenario }));
  } catch (error) {
    qaStatus.textContent = `Could not set up the scenario: ${(error as Error).message}`;
  } finally {
    setBusy(false);
  }
}

function setBusy(busy: boolean, message?: string): void {
  document.body.toggleAttribute('data-busy', busy);
  for (const control of document.querySelectorAll<HTMLButtonElement | HTMLInputElement>('.qa button, .qa input')) control.disabled = busy;
  if (message) qaStatus.textContent = message;
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-scenario]')) {
  button.addEventListener('click', () => void applyScenario(button.dataset.scenario!));
}
$('#reset').addEventListener('click', () => void applyScenario('not_connected'));

for (const box of document.querySelectorAll<HTMLInputElement>('[data-condition]')) {
  box.addEventListener('change', async () => {
    showView(await post<DemoView>('/demo/api/conditions', { [box.dataset.condition!]: box.checked }));
  });
}

const block = $<HTMLInputElement>('#block-popups');
block.checked = settings.blockPopups;
block.addEventListener('change', () => {
  sessionStorage['demo:block-popups'] = block.checked ? '1' : '';
});

// A host page that cuts its popups off once they leave for Stripe: the element's flow still completes.
const coop = $<HTMLInputElement>('#coop');
coop.checked = new URL(location.href).searchParams.get('coop') === 'same-origin';
coop.addEventListener('change', () => {
  const url = new URL(location.href);
  if (coop.checked) url.searchParams.set('coop', 'same-origin');
  else url.searchParams.delete('coop');
  location.assign(url);
});

for (const radio of document.querySelectorAll<HTMLInputElement>('input[name=mode], input[name=lang]')) {
  radio.checked = radio.value === settings[radio.name as 'mode' | 'lang'];
  radio.addEventListener('change', () => {
    localStorage[`demo:${radio.name}`] = radio.value;
    element?.setAttribute(radio.name, radio.value);
  });
}

setupSilentBreaks({
  post,
  setBusy,
  showView: (next, message) => showView(next as DemoView, message),
  say: (message) => (qaStatus.textContent = message),
  refreshCard: () => void element?.refresh(),
  generation: () => view?.generation ?? null,
});

// Live: the receiver's verified deliveries, and scenario changes made elsewhere.
const feed = new EventSource('/demo/events');
feed.addEventListener('hello', (e) => showView(JSON.parse((e as MessageEvent<string>).data) as DemoView));
feed.addEventListener('state', (e) => showView(JSON.parse((e as MessageEvent<string>).data) as DemoView));
feed.addEventListener('webhook', (e) => {
  const received = JSON.parse((e as MessageEvent<string>).data) as ReceivedWebhook;
  // A delivery for workspaces this page does not show yet comes again with their scenario's state.
  const tenant = received.event?.tenantId;
  if (view && (!tenant || tenant === view.tenantId || tenant === view.otherTenantId)) addWebhooks([received]);
});
