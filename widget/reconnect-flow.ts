/**
 * The Reconnect flow as a Lit reactive controller: it sends the person to
 * Stripe (in the popup the element opened, or this page in redirect mode),
 * shows that it waits, turns what comes back into one {@link FlowResult},
 * remembers whether the flow before failed too, shows the outcome (the
 * error's panel, or the success), and closes its window when the flow ends
 * or the element leaves the page.
 *
 * Everything the browser brings back (a popup's message, a window closed
 * without one, a redirect's return parameter) goes through `#settle`: the
 * one place where a flow's outcome becomes final.
 *
 * The element loads this module when a flow starts or the page is a
 * redirect's return, so that a page whose connection works never downloads it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Account, Status } from '../contract/schemas.js';
import type { ApiClient } from './api-client.js';
import { awaitOutcome, pageUrl, takeReturnOutcome, type FlowOutcome } from './flow-window.js';
import type { PanelController } from './panel-controller.js';
import type { Action } from './panels.js';

/** How a flow ended, as the element shows it. */
export interface FlowResult extends FlowOutcome {
  /** It failed, and so did the flow before it: time for the fallback step. */
  again: boolean;
  /** The account picked in Stripe, when the backend said which (an account error of the completion). */
  account?: Pick<Account, 'id' | 'name'> | null;
}

/** What the flow needs from the element that runs it. */
export interface FlowDelegate {
  readonly api: ApiClient;
  readonly panels: PanelController;
  /** The backend's base URL (its origin is the only one a popup's message is accepted from). */
  apiBase(): string;
  /** Where a redirect flow comes back to. */
  returnUrl(): string | null;
  /** The status on screen. */
  status(): Status | null;
  /** Reads the status again and shows it. */
  readStatus(): Promise<Status>;
  /** Runs `work` as one of the element's actions: busy while it runs, a failure shown as a panel. */
  perform(action: Action, work: () => Promise<void>): Promise<void>;
  /** Puts a sentence in the live region. */
  announce(text: string): void;
  /** Fills a text's placeholders (`{platform}`, `{account}`, and `values`). */
  fill(text: string, values?: Record<string, string | null | undefined>): string;
  /** Says `sentence` (what the flow did) and sends the `connected` event for `account`. */
  showConnected(account: Account, sentence: string): void;
}

/** How far the browser's clock may run ahead of the server's when dating an attempt. */
const SKEW = 60_000;
const MEMORY = 'stripe-reconnect:flow';

/** What a tab remembers between flows, across the page loads of a redirect flow. */
interface FlowMemory {
  /** The last flow failed. */
  failed: boolean;
  /** The flow under way started without a connection: its success is a first connection, not a reconnection. */
  first: boolean;
}

/** This page's copy, for when `sessionStorage` is refused (sandboxed frame, privacy mode). */
let memory: FlowMemory = { failed: false, first: false };

function recall(): FlowMemory {
  try {
    const stored = sessionStorage[MEMORY];
    return stored ? JSON.parse(stored) : { failed: false, first: false };
  } catch {
    return memory;
  }
}

function remember(changes: Partial<FlowMemory>): void {
  memory = { ...recall(), ...changes };
  try {
    sessionStorage[MEMORY] = JSON.stringify(memory);
  } catch {
    // This page's copy will do.
  }
}

export class ReconnectFlow implements ReactiveController {
  /** The flow running now (or the last one), for a `reconnect()` that only brings its window forward. */
  running: Promise<void> = Promise.resolve();
  #popup: Window | null = null;
  #stop: AbortController | null = null;
  /** What a redirect flow came back with, until the element has read the status. */
  #returned: FlowOutcome | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly delegate: FlowDelegate,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#returned ??= takeReturnOutcome();
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Brings the flow's Stripe window to the front; false when none is open. */
  bringToFront(): boolean {
    const popup = this.#popup;
    if (!popup || popup.closed) return false;
    popup.focus();
    return true;
  }

  /**
   * Starts a flow in `popup` (opened by the element inside the click: null
   * when it was blocked), or this page in redirect mode. Resolves when the
   * flow has ended.
   */
  reconnect(redirect: boolean, popup: Window | null): Promise<void> {
    if (!redirect && !popup) return this.delegate.panels.showError('popup_blocked', 'connect');
    this.cancel();
    const state = this.delegate.status()?.state;
    remember({ first: state === 'not_connected' || state === 'disconnected' });
    const stop = (this.#stop = new AbortController());
    this.#popup = popup;
    const follow = async () => {
      const result = await this.#follow(popup, stop.signal);
      if (result) await this.#show(result, 'connect');
    };
    return (this.running = this.delegate.perform(redirect ? 'redirect' : 'connect', follow).finally(() => this.#stop === stop && this.cancel()));
  }

  /** Shows the outcome a redirect flow came back with, if this page is such a return; call it once the status is read. */
  async showReturned(action: Action): Promise<void> {
    const returned = this.#returned;
    this.#returned = null;
    if (returned) await this.#show(await this.#settle(returned), action);
  }

  /** Stops listening to the flow and closes its window, if still open. */
  cancel(): void {
    this.#stop?.abort();
    if (this.#popup && !this.#popup.closed) this.#popup.close();
    this.#popup = this.#stop = null;
  }

  /** Sends the person to Stripe and waits for the outcome; undefined when the page leaves for Stripe or the flow was cancelled. */
  async #follow(popup: Window | null, stop: AbortSignal): Promise<FlowResult | undefined> {
    const { delegate } = this;
    const started = Date.now();
    const before = delegate.status()?.lastAttempt?.at;
    await delegate.panels.open('wait');
    const wait = delegate.panels.help?.wait;
    if (wait) delegate.announce(popup ? `${wait.title} ${wait.popup}` : wait.redirect);
    const { authorizeUrl } = await delegate.api.connect(
      popup ? { mode: 'popup' } : { mode: 'redirect', returnUrl: delegate.returnUrl() || pageUrl() },
    );
    if (!popup) {
      location.assign(authorizeUrl);
      return undefined;
    }
    if (!popup.closed) popup.location.href = authorizeUrl;
    const outcome = await awaitOutcome(popup, new URL(delegate.apiBase(), location.href).origin, stop);
    if (outcome === undefined) return undefined;
    const { lastAttempt: last } = await delegate.readStatus();
    if (outcome) return this.#settle(outcome);
    // Closed without a message: the attempt recorded since the flow started is the outcome, if any.
    const recorded = last && last.at !== before && Date.parse(last.at) > started - SKEW;
    if (!recorded) return this.#settle({ code: 'flow_cancelled', requestId: null });
    return this.#settle({ code: last.outcome === 'success' ? null : (last.code ?? 'internal'), requestId: null });
  }

  /** A failure's panel; a success closes the panel, says so and sends the `connected` event. */
  async #show({ code, requestId, again, account: picked }: FlowResult, action: Action): Promise<void> {
    const { panels, status, showConnected } = this.delegate;
    if (code) return panels.showError(code, action, requestId, again, picked);
    panels.close();
    const account = status()?.account;
    if (!account) return;
    await panels.load();
    const done = panels.help?.done;
    const sentence = done ? this.delegate.fill(recall().first ? done.connected : done.reconnected, { account: account.name ?? account.id }) : '';
    showConnected(account, sentence);
  }

  /**
   * Makes an outcome final, and remembers it for the next flow: a failure
   * that follows a failure, whatever the codes, gets the fallback step.
   */
  async #settle(outcome: FlowOutcome): Promise<FlowResult> {
    const failed = outcome.code !== null;
    const again = failed && recall().failed;
    remember({ failed });
    return { ...outcome, again };
  }
}
