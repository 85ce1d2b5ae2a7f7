/**
 * The Reconnect flow as a Lit reactive controller: it sends the person to
 * Stripe (in the popup the element opened, or this page in redirect mode),
 * shows that it waits, redeems the one-time handle the browser brings back
 * (`POST /connect/complete`: only then is anything connected), remembers
 * whether the flow before failed too, shows the outcome (the error's panel,
 * or the success), and closes its window when the flow ends or the element
 * leaves the page.
 *
 * Every way a flow ends goes through `#settle`: the one place where an
 * outcome becomes final. A popup cut off from this window by the page's
 * opener policy finishes on the host page inside itself (`flow-opener.ts`)
 * and tells this window (`flow-news.ts`).
 *
 * The element loads this module when a flow starts or the page is a flow's
 * return, so that a page whose connection works never downloads it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ErrorCode } from '../contract/codes.js';
import type { Account, PickedAccount, Status } from '../contract/schemas.js';
import type { ApiClient } from './api-client.js';
import { forgetStarted, markStarted, recall, remember, rememberOutcome, type StartedFlow } from './flow-memory.js';
import type { FlowNews } from './flow-news.js';
import { failure, finishForOpener } from './flow-opener.js';
import { pageUrl, takeReturn, type Returned } from './flow-return.js';
import { FlowSignals, isSafeAuthorizeUrl, severed } from './flow-window.js';
import type { PanelController } from './panel-controller.js';
import type { Action, WaitPanel } from './panels.js';

/** How a flow ended, as the element shows it. */
export interface FlowResult {
  /** Null: connected. */
  code: ErrorCode | null;
  requestId: string | null;
  /** It failed, and so did the flow before it: time for the fallback step. */
  again: boolean;
  /** The account picked in Stripe, when the backend said which (an account error of the completion). */
  account?: PickedAccount | null;
  /** What "Try again" repeats, when not the flow itself: `complete` while the same handle may be presented again. */
  retry?: Action;
}

/** What the flow needs from the element that runs it. */
export interface FlowDelegate {
  readonly api: ApiClient;
  readonly panels: PanelController;
  /** Where a flow comes back to when it comes back to a page (`return-url`). */
  returnUrl(): string | null;
  /** The status on screen. */
  status(): Status | null;
  /** Reads the status again and shows it. */
  readStatus(): Promise<Status>;
  /** Shows a status the backend answered (a completion's). */
  showStatus(status: Status): void;
  /** Runs `work` as one of the element's actions: busy while it runs, a failure shown as a panel. */
  perform(action: Action, work: () => Promise<void>): Promise<void>;
  /** Puts a sentence in the live region. */
  announce(text: string): void;
  /** Fills a text's placeholders (`{platform}`, `{account}`, and `values`). */
  fill(text: string, values?: Record<string, string | null | undefined>): string;
  /** Says `sentence` in the card (what the flow did) and, for a flow that connected `account`, sends the `connected` event. */
  showDone(sentence: string, account?: Account): void;
}

/** How long a handle kept for "Try again" is presented again (the backend keeps it 5 minutes from the callback). */
const HANDLE_TTL = 270_000;
/** The completion failures after which the same handle may be presented again (the backend released it). */
const RESUMABLE: readonly ErrorCode[] = ['stripe_unavailable', 'rate_limited', 'internal'];

type Outcome = Omit<FlowResult, 'again'>;

/** The popup the element opened inside the click, and the window token it gave it (`flow-memory.ts`). */
export interface OpenedPopup {
  window: Window;
  token: string;
}

export class ReconnectFlow implements ReactiveController {
  /** The flow running now (or the last one), for a `reconnect()` that only brings its window forward. */
  running: Promise<void> = Promise.resolve();
  #popup: Window | null = null;
  #stop: AbortController | null = null;
  /** The flow this window started and waits for, forgotten when it is cancelled. */
  #started: StartedFlow | null = null;
  /** What a flow came back to this page with, until the element has read the status. */
  #returned: Returned | null = null;
  /** A handle whose completion failed for a while (Stripe unreachable): "Try again" presents it again. */
  #handle: { completion: string; expires: number; action: Action } | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly delegate: FlowDelegate,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#returned ??= takeReturn();
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /** Brings the flow's Stripe window to the front; false when none is open (or it is cut off from this window). */
  bringToFront(): boolean {
    const popup = this.#popup;
    if (!popup || popup.closed) return false;
    popup.focus();
    return true;
  }

  /** "Try again" can present the same handle again: it is kept and still fresh. */
  get resumable(): boolean {
    return !!this.#handle && this.#handle.expires > Date.now();
  }

  /**
   * Starts a flow in `popup` (opened by the element inside the click, with
   * its window token: null when it was blocked), or this page in redirect
   * mode. Resolves when the flow has ended.
   */
  reconnect(redirect: boolean, opened: OpenedPopup | null): Promise<void> {
    if (!redirect && !opened) return this.delegate.panels.showError('popup_blocked', 'connect');
    const popup = opened?.window ?? null;
    this.cancel();
    this.#handle = null;
    const state = this.delegate.status()?.state;
    remember({ first: state === 'not_connected' || state === 'disconnected' });
    const stop = (this.#stop = new AbortController());
    this.#popup = popup;
    const action = redirect ? 'redirect' : 'connect';
    const follow = async () => {
      const result = await this.#follow(opened, stop.signal);
      if (result) await this.#show(result, action);
    };
    // A redirect flow leaves the page: its start stays written down, for its return.
    return (this.running = this.delegate.perform(action, follow).finally(() => this.#stop === stop && this.#end(!redirect)));
  }

  /** Presents the kept handle again ("Try again" after Stripe could not be reached). */
  resume(): Promise<void> {
    const { completion, action } = this.#handle!;
    return (this.running = this.delegate.perform('complete', async () => this.#show(await this.#complete(completion, action), action)));
  }

  /** Finishes the flow this page is the return of, if it is one; call it once the status is read. */
  async showReturned(action: Action): Promise<void> {
    const returned = this.#returned;
    this.#returned = null;
    if (!returned) return;
    if (returned.flow.mode === 'popup') return finishForOpener(this.delegate, returned);
    const result = returned.completion ? await this.#complete(returned.completion, action) : this.#settle({ code: returned.code, requestId: null });
    await this.#show(result, action);
  }

  /** Ends the flow: stops listening, closes its window if still open, and forgets its start (its return will do nothing). */
  cancel(): void {
    this.#end(true);
  }

  #end(forget: boolean): void {
    this.#stop?.abort();
    if (this.#popup && !this.#popup.closed) this.#popup.close();
    if (forget && this.#started) forgetStarted(this.#started.id);
    this.#popup = this.#stop = this.#started = null;
  }

  /** Sends the person to Stripe and waits for the outcome; undefined when the page leaves for Stripe or the flow was cancelled. */
  async #follow(opened: OpenedPopup | null, stop: AbortSignal): Promise<FlowResult | undefined> {
    const { delegate } = this;
    const popup = opened?.window ?? null;
    await this.#waitAs(popup ? 'popup' : 'redirect');
    const mode = popup ? 'popup' : 'redirect';
    // The return URL in both modes: a popup cut off from this window finishes there.
    const { startUrl, expiresAt, flowId, startedAt } = await delegate.api.send('/connect', { mode, returnUrl: delegate.returnUrl() || pageUrl() });
    // The backend's start page only: anything else is a backend gone wrong (shown as `internal`), never a place to send the person.
    if (!isSafeAuthorizeUrl(startUrl)) throw new Error('The start URL is neither https nor a loopback http address.');
    if (popup?.closed) return this.#settle({ code: 'flow_cancelled', requestId: null });
    const flow = (this.#started = markStarted(flowId, mode, expiresAt, opened?.token));
    if (!popup) {
      location.assign(startUrl);
      return undefined;
    }
    popup.location.href = startUrl;
    // The callback page is on the backend's public origin, where the start address is: its message is accepted from there only.
    const signals = new FlowSignals(popup, new URL(startUrl).origin, flow, stop);
    try {
      return await this.#wait(signals, Date.now(), startedAt);
    } finally {
      signals.stop();
    }
  }

  /**
   * Waits for the popup's outcome. A popup reported closed soon after it left
   * for Stripe on a page whose opener policy cuts it off may still finish
   * elsewhere: the flow then waits for the news of the other window, re-reads
   * the status when this window gets the focus back, and ends at the flow's
   * expiry; a window really closed ends as `flow_cancelled`.
   */
  async #wait(signals: FlowSignals, left: number, startedAt: string): Promise<FlowResult | undefined> {
    let elsewhere = false;
    for (let signal = await signals.next(); signal; signal = await signals.next()) {
      if (signal.kind === 'pending') return this.#complete(signal.completion, 'connect');
      if (signal.kind === 'error') return this.#settle({ code: signal.code, requestId: signal.requestId });
      if (signal.kind === 'news') {
        if (signal.news.stage === 'done') return this.#heard(signal.news, startedAt);
        elsewhere = true;
        await this.#waitAs('finishing');
      } else if (signal.kind === 'closed') {
        if (!elsewhere && !(await severed(left))) return this.#settle((await this.#recorded(startedAt)) ?? { code: 'flow_cancelled', requestId: null });
        if (!elsewhere) await this.#waitAs('elsewhere');
        elsewhere = true;
      } else {
        // Focus back, or the flow's expiry: the status may say what happened elsewhere (a failed read ends nothing).
        const recorded = await this.#recorded(startedAt).catch(() => null);
        if (elsewhere && recorded) return this.#settle(recorded);
        if (elsewhere && signal.kind === 'expired') return this.#settle({ code: 'flow_cancelled', requestId: null });
      }
    }
    return undefined;
  }

  /** Shows the waiting panel in its `wait` variant and says it. */
  async #waitAs(wait: WaitPanel['wait']): Promise<void> {
    const { panels, announce } = this.delegate;
    await panels.open({ wait });
    const texts = panels.help?.wait;
    if (texts) announce(wait === 'popup' ? `${texts.title} ${texts.popup}` : texts[wait]);
  }

  /**
   * Reads the status again: an attempt the backend recorded after this flow
   * started (`startedAt`, the backend's own clock, so the browser's does not
   * matter) is this flow's outcome (not yet final); an older one is not.
   */
  async #recorded(startedAt: string): Promise<Outcome | null> {
    const { lastAttempt: last } = await this.delegate.readStatus();
    if (!last || !(Date.parse(last.at) >= Date.parse(startedAt))) return null;
    return { code: last.outcome === 'success' ? null : (last.code ?? 'internal'), requestId: null };
  }

  /** The other window finished the flow: an error as it says it; a success once the status shows it. */
  async #heard(news: FlowNews, startedAt: string): Promise<FlowResult> {
    if (!news.code) return this.#settle((await this.#recorded(startedAt)) ?? { code: 'internal', requestId: null });
    await this.delegate.readStatus();
    return this.#settle({ code: news.code, requestId: news.requestId ?? null, account: news.account });
  }

  /** Redeems `completion`: the status it answers, or the error (the handle kept for "Try again" while Stripe is unreachable). */
  async #complete(completion: string, action: Action): Promise<FlowResult> {
    const handle = (this.#handle = { completion, expires: Date.now() + HANDLE_TTL, action });
    try {
      this.delegate.showStatus(await this.delegate.api.send('/connect/complete', { completion }));
      this.#handle = null;
      return this.#settle({ code: null, requestId: null });
    } catch (thrown) {
      const error = failure(thrown);
      if (!RESUMABLE.includes(error.code)) this.#handle = null;
      await this.delegate.readStatus().catch(() => undefined);
      const retry = this.#handle === handle ? 'complete' : undefined;
      return this.#settle({ code: error.code, requestId: error.requestId, account: error.account, retry });
    }
  }

  /** A failure's panel; a success closes the panel, says so and sends the `connected` event. */
  async #show({ code, requestId, again, account: picked, retry }: FlowResult, action: Action): Promise<void> {
    const { panels, status } = this.delegate;
    if (code) return panels.showError(code, retry ?? action, requestId, again, picked);
    panels.close();
    const account = status()?.account;
    if (!account) return;
    await panels.load();
    const done = panels.help?.done;
    const sentence = done ? this.delegate.fill(recall().first ? done.connected : done.reconnected, { account: account.name ?? account.id }) : '';
    this.delegate.showDone(sentence, account);
  }

  /**
   * Makes an outcome final, and remembers it: a failure that follows a
   * failure, whatever the codes, gets the fallback step; the details for
   * support list it.
   */
  #settle(outcome: Outcome): FlowResult {
    return { ...outcome, again: rememberOutcome(outcome.code) };
  }
}
