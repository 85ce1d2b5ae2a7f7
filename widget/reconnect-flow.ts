/**
 * The Reconnect flow as a Lit reactive controller: it opens Stripe (a popup,
 * or this page in redirect mode), shows that it waits, turns what comes back
 * into one {@link FlowResult}, remembers whether the flow before failed too,
 * shows the outcome (the error's panel, or the `connected` event), and
 * closes its window when the flow ends or the element leaves the page.
 *
 * Everything the browser brings back (a popup's message, a window closed
 * without one, a redirect's return parameter) goes through `#settle`: the
 * one place where a flow's outcome becomes final.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CALLBACK_CODES, type ErrorCode } from '../contract/codes.js';
import type { Status } from '../contract/schemas.js';
import type { ApiClient } from './api-client.js';
import { emit } from './events.js';
import type { Messages } from './messages/index.js';
import type { PanelController } from './panel-controller.js';
import type { Action } from './panels.js';
import { awaitOutcome, openPopup, pageUrl, takeReturnOutcome, type FlowOutcome } from './flow-window.js';

/** How a flow ended, as the element shows it. */
export interface FlowResult extends FlowOutcome {
  /** It failed, and so did the flow before it: time for the fallback step. */
  again: boolean;
}

/** What the flow needs from the element that runs it. */
export interface FlowDelegate {
  readonly api: ApiClient;
  readonly panels: PanelController;
  /** The backend's base URL (its origin is the only one a popup's message is accepted from). */
  apiBase(): string;
  /** Where a redirect flow comes back to. */
  returnUrl(): string | null;
  /** The texts in the element's language. */
  messages(): Messages;
  /** The status on screen. */
  status(): Status | null;
  /** Reads the status again and shows it. */
  readStatus(): Promise<Status>;
  /** Runs `work` as one of the element's actions: busy while it runs, a failure shown as a panel. */
  runAction(action: Action, work: () => Promise<void>): Promise<void>;
  /** Puts a sentence in the live region. */
  announce(text: string): void;
}

/** How far the browser's clock may run ahead of the server's when dating an attempt. */
const SKEW = 60_000;
/** The outcomes that count as a failed flow, for the fallback step. */
const FLOW_CODES: readonly ErrorCode[] = [...CALLBACK_CODES, 'flow_cancelled'];
const LAST_FAILURE = 'stripe-reconnect:last-failure';
let lastFailure: string | null = null;

/**
 * Records how a flow ended (a code, or null for success) and tells whether it
 * failed the same way as the one before: a reconnect that keeps failing. Kept
 * in `sessionStorage` so that a redirect flow, which reloads the page, counts too.
 */
function failedAgain(code: string | null): boolean {
  try {
    lastFailure = sessionStorage[LAST_FAILURE] || null;
    sessionStorage[LAST_FAILURE] = code ?? '';
  } catch {
    // Storage refused (sandboxed frame, privacy mode): this page's memory will do.
  }
  const again = code !== null && code === lastFailure;
  lastFailure = code;
  return again;
}

export class ReconnectFlow implements ReactiveController {
  /** The flow running now (or the last one), for a `reconnect()` that only brings its window forward. */
  running: Promise<void> = Promise.resolve();
  #popup: Window | null = null;
  #stop: AbortController | null = null;
  /** What a redirect flow came back with, until the element has read the status. */
  #returned: FlowOutcome | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly delegate: FlowDelegate,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#returned ??= takeReturnOutcome();
  }

  hostDisconnected(): void {
    this.end();
  }

  /** Brings the flow's Stripe window to the front; false when none is open. */
  bringToFront(): boolean {
    const popup = this.#popup;
    if (!popup || popup.closed) return false;
    popup.focus();
    return true;
  }

  /**
   * Starts a flow: a popup, opened synchronously (call this inside the click,
   * before any await, or the popup is blocked), or this page in redirect mode.
   * While a popup is open, it is only brought forward. Resolves when the flow has ended.
   */
  reconnect(redirect: boolean): Promise<void> {
    if (this.bringToFront()) return this.running;
    const popup = redirect ? null : openPopup('stripe-reconnect');
    if (!redirect && !popup) return this.delegate.panels.showError('popup_blocked', 'connect');
    this.end();
    const stop = (this.#stop = new AbortController());
    this.#popup = popup;
    const follow = async () => {
      const result = await this.#follow(popup, stop.signal);
      if (result) await this.#show(result, 'connect');
    };
    return (this.running = this.delegate.runAction(redirect ? 'redirect' : 'connect', follow).finally(() => this.#stop === stop && this.end()));
  }

  /** Shows the outcome a redirect flow came back with, if this page is such a return; call it once the status is read. */
  async showReturned(action: Action): Promise<void> {
    const returned = this.#returned;
    this.#returned = null;
    if (returned) await this.#show(await this.#settle(returned), action);
  }

  /** Stops listening to the flow and closes its window, if still open. */
  end(): void {
    this.#stop?.abort();
    if (this.#popup && !this.#popup.closed) this.#popup.close();
    this.#popup = this.#stop = null;
  }

  /** Sends the person to Stripe and waits for the outcome; undefined when the page leaves or the flow was ended. */
  async #follow(popup: Window | null, stop: AbortSignal): Promise<FlowResult | undefined> {
    const { delegate } = this;
    const started = Date.now();
    const before = delegate.status()?.lastAttempt?.at;
    const { wait } = delegate.messages();
    await delegate.panels.open('wait');
    delegate.announce(popup ? wait.popup : wait.redirect);
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

  /** A failure's panel; a success closes the panel and sends the `connected` event. */
  async #show({ code, requestId, again }: FlowResult, action: Action): Promise<void> {
    const { panels, status } = this.delegate;
    if (code) return panels.showError(code, action, requestId, again);
    panels.close();
    const account = status()?.account;
    if (account) emit(this.host, 'stripe-reconnect:connected', { account });
  }

  /** Makes an outcome final, and remembers it for the next flow. */
  async #settle(outcome: FlowOutcome): Promise<FlowResult> {
    const { code } = outcome;
    const counted = code === null || FLOW_CODES.includes(code);
    return { ...outcome, again: counted && failedAgain(code) };
  }
}
