/**
 * The Reconnect flow, a Lit reactive controller. `flow-loader.ts` loads this
 * module when a flow starts or the page is a flow's return, so that a page
 * whose connection works never downloads it. The flow sends the person to
 * Stripe (in the popup the loader opened inside the click, or this page in
 * redirect mode), shows that it waits, redeems the one-time handle the
 * browser brings back (`POST /connect/complete`: only then is anything
 * connected), shows the outcome (the error's panel, or the success and the
 * `connected` event, which it sends itself), and closes its window when the
 * flow ends or the element leaves the page.
 *
 * While a popup flow waits, `#hear` hands each signal of `flow-signals.ts`
 * to the method that handles it:
 * - the callback page's message: `#complete` redeems the handle, or its code ends the flow;
 * - the person closes the Stripe window: `#windowClosed`;
 * - news from a popup cut off from this page: `#news`;
 * - this window gets the focus back, or the flow expires: `#lookAgain`.
 * Every outcome becomes final in `#settle`, the one place that remembers it.
 * A page load that is a flow coming back is `flow-return.ts`.
 */
import type { ReactiveController } from 'lit';
import type { ErrorCode, FlowMode } from '../contract/codes.js';
import type { PickedAccount } from '../contract/schemas.js';
import { forgetStarted, markStarted, recall, remember, rememberOutcome, type StartedFlow } from './flow-memory.js';
import { finishForOpener, isSafeAuthorizeUrl, pageUrl, takeReturn, type Ending, type Returned } from './flow-return.js';
import { FlowSignals, severed, type FlowNews, type FlowSignal } from './flow-signals.js';
import type { Flow, FlowHost, FlowStart, FlowTools, OpenedPopup, Task, WaitPanel } from './model.js';

/** How a flow ended, as the element shows it: `code` null is connected; `again`, a failure after a failure (time for the fallback step). */
interface FlowResult {
  code: ErrorCode | null;
  requestId: string | null;
  again: boolean;
  /** The account picked in Stripe, when the backend said which (an account error of the completion). */
  account?: PickedAccount | null;
  /** What "Try again" repeats, when not the flow itself: `complete` while the same handle may be presented again. */
  retry?: Task;
}

type Outcome = Omit<FlowResult, 'again'>;

/**
 * What a popup flow knows while it waits: the backend's time at its start (an attempt recorded since is
 * this flow's), when the popup left (this browser's clock), and whether it may finish where this window
 * cannot see (cut off by the page's opener policy, or back from Stripe over there).
 */
interface Waiting {
  startedAt: string;
  leftAt: number;
  elsewhere: boolean;
}

/** How long a handle kept for "Try again" is presented again (the backend keeps it 5 minutes from the callback). */
const HANDLE_TTL = 270_000;
/** The completion failures after which the same handle may be presented again (the backend released it). */
const RESUMABLE: readonly ErrorCode[] = ['stripe_unavailable', 'rate_limited', 'internal'];
const CANCELLED: Outcome = { code: 'flow_cancelled', requestId: null };

/**
 * The backend's answer to a failed request, or a rethrow (the element left
 * the page: an `AbortError`, whose `code` is a number). Checked by shape, not
 * `instanceof`, so that this chunk takes no code from the start-up one.
 */
function failure(error: unknown): Required<Ending> {
  if (typeof (error as Ending | null)?.code === 'string') return error as Required<Ending>;
  throw error;
}

export class ReconnectFlow implements ReactiveController, Flow {
  /** The flow running now (or the last one), for a `reconnect()` that only brings its window forward. */
  #running: Promise<void> = Promise.resolve();
  #host: FlowHost;
  #tools: FlowTools;
  #popup: Window | null = null;
  #stop: AbortController | null = null;
  /** The flow this window started and waits for, forgotten when it is cancelled. */
  #started: StartedFlow | null = null;
  /** What a flow came back to this page with, until the element has read the status. */
  #returned: Returned | null = null;
  /** A handle whose completion failed for a while (Stripe unreachable): "Try again" presents it again. */
  #handle: { completion: string; expires: number; task: Task } | null = null;

  constructor(host: FlowHost, tools: FlowTools) {
    this.#host = host;
    this.#tools = tools;
    host.addController(this);
  }

  // A page that is a flow's return is read once, as the element arrives; leaving the page ends the flow.
  hostConnected(): void {
    this.#returned ??= takeReturn();
  }

  hostDisconnected(): void {
    this.cancel();
  }

  /**
   * Starts a flow in the popup `open` opens (null: it was blocked), or this
   * page in redirect mode. While the flow's window is open, only brings it
   * forward; `resume` presents the kept handle again while it is fresh.
   * Resolves when the flow has ended.
   */
  start({ mode, resume }: FlowStart, open: () => OpenedPopup | null): Promise<void> {
    if (resume && this.#handle && this.#handle.expires > Date.now()) return this.#resume();
    if (this.#popup && !this.#popup.closed) {
      this.#popup.focus();
      return this.#running;
    }
    const opened = open();
    const { card, panels } = this.#tools;
    if (mode === 'popup' && !opened) return panels.showError({ code: 'popup_blocked', task: mode });
    this.cancel();
    this.#handle = null;
    const state = card.status?.state;
    remember({ first: state === 'not_connected' || state === 'disconnected' });
    const stop = (this.#stop = new AbortController());
    this.#popup = opened?.window ?? null;
    const follow = async () => void (await this.#show(await this.#follow(mode, opened, stop.signal), mode));
    // A redirect flow leaves the page: its start stays written down, for its return.
    return (this.#running = card.run(mode, follow).finally(() => this.#stop === stop && this.#end({ forget: mode === 'popup' })));
  }

  /** Presents the kept handle again ("Try again" after Stripe could not be reached). */
  #resume(): Promise<void> {
    const { completion, task } = this.#handle!;
    return (this.#running = this.#tools.card.run('complete', async () => this.#show(await this.#complete(completion, task), task)));
  }

  /**
   * Finishes the flow this page is the return of, if it is one; call it once
   * the status is read. A redirect flow's outcome is shown here; a popup cut
   * off from its opener finishes for it (`flow-return.ts`) and says so.
   */
  async finishReturn(): Promise<void> {
    const returned = this.#returned;
    this.#returned = null;
    if (!returned) return;
    const { card, panels } = this.#tools;
    if (returned.flow.mode === 'popup') {
      await finishForOpener(returned, (completion) => this.#redeem(completion));
      const help = await panels.load();
      if (help) card.say(help.closeThis);
      return;
    }
    // "Try again" starts a new flow the element's way.
    const task: Task = this.#host.mode === 'redirect' ? 'redirect' : 'popup';
    const result = returned.completion ? await this.#complete(returned.completion, task) : this.#settle({ code: returned.code, requestId: null });
    await this.#show(result, task);
  }

  /** Ends the flow: stops listening, closes its window if still open, and forgets its start (its return will do nothing). */
  cancel(): void {
    this.#end({ forget: true });
  }

  #end({ forget }: { forget: boolean }): void {
    this.#stop?.abort();
    if (this.#popup && !this.#popup.closed) this.#popup.close();
    if (forget && this.#started) forgetStarted(this.#started.id);
    this.#popup = this.#stop = this.#started = null;
  }

  /** Sends the person to Stripe and waits for the outcome; undefined when the page leaves for Stripe or the flow was cancelled. */
  async #follow(mode: FlowMode, opened: OpenedPopup | null, stop: AbortSignal): Promise<FlowResult | undefined> {
    const popup = opened?.window ?? null;
    await this.#waitAs(mode);
    // The return URL in both modes: a popup cut off from this window finishes there.
    const { startUrl, expiresAt, flowId, startedAt } = await this.#tools.api.send('/connect', { mode, returnUrl: this.#host.returnUrl || pageUrl() });
    // The backend's start page only: anything else is a backend gone wrong (shown as `internal`), never a place to send the person.
    if (!isSafeAuthorizeUrl(startUrl)) throw new Error('The start URL is neither https nor a loopback http address.');
    // Cancelled while the backend answered: the person asked for nothing more, neither a window nor a notice.
    if (stop.aborted) return undefined;
    if (popup?.closed) return this.#settle(CANCELLED);
    const flow = (this.#started = markStarted(flowId, mode, expiresAt, opened?.token));
    if (!popup) {
      location.assign(startUrl);
      return undefined;
    }
    popup.location.href = startUrl;
    // The callback page is on the backend's public origin, where the start address is: its message is accepted from there only.
    const signals = new FlowSignals(popup, new URL(startUrl).origin, flow, stop);
    const waiting: Waiting = { startedAt, leftAt: Date.now(), elsewhere: false };
    try {
      for (let signal = await signals.next(); signal; signal = await signals.next()) {
        const result = await this.#hear(signal, waiting);
        if (result) return result;
      }
      return undefined;
    } finally {
      signals.stop();
    }
  }

  /** What the flow makes of one signal while a popup flow waits: how it ended, or null to keep waiting. */
  async #hear(signal: FlowSignal, waiting: Waiting): Promise<FlowResult | null> {
    if (signal.kind === 'pending') return this.#complete(signal.completion, 'popup');
    if (signal.kind === 'error') return this.#settle({ code: signal.code, requestId: signal.requestId });
    if (signal.kind === 'closed') return this.#windowClosed(waiting);
    if (signal.kind === 'news') return this.#news(signal.news, waiting);
    return this.#lookAgain(signal.kind, waiting);
  }

  /**
   * The Stripe window reports closed before any outcome came back. Closed by
   * the person: the flow ends as `flow_cancelled`, unless the backend recorded
   * an attempt after this flow started, which is then its outcome. Cut off
   * from this window by the page's opener policy (soon after it left for
   * Stripe; see `severed`): it may still finish over there, so the flow keeps
   * waiting for its news, and says so.
   */
  async #windowClosed(waiting: Waiting): Promise<FlowResult | null> {
    if (waiting.elsewhere) return null;
    if (!(await severed(waiting.leftAt))) return this.#settle((await this.#recorded(waiting.startedAt)) ?? CANCELLED);
    waiting.elsewhere = true;
    await this.#waitAs('elsewhere');
    return null;
  }

  /** The popup cut off from this page tells how its flow goes: finishing over there, or done (an error as it says it; a success once the status shows it). */
  async #news(news: FlowNews, waiting: Waiting): Promise<FlowResult | null> {
    waiting.elsewhere = true;
    if (news.stage === 'pending') {
      await this.#waitAs('finishing');
      return null;
    }
    if (!news.code) return this.#settle((await this.#recorded(waiting.startedAt)) ?? { code: 'internal', requestId: null });
    await this.#tools.card.read();
    return this.#settle({ code: news.code, requestId: news.requestId ?? null, account: news.account });
  }

  /**
   * This window has the focus again, or the flow expired: while the popup may finish elsewhere, the
   * status may say what happened there (a failed read ends nothing); else its message or close will tell.
   */
  async #lookAgain(kind: 'focus' | 'expired', { startedAt, elsewhere }: Waiting): Promise<FlowResult | null> {
    if (!elsewhere) return null;
    const recorded = await this.#recorded(startedAt).catch(() => null);
    if (recorded) return this.#settle(recorded);
    return kind === 'expired' ? this.#settle(CANCELLED) : null;
  }

  /** Shows the waiting panel in its `wait` variant and says it. */
  async #waitAs(wait: WaitPanel['wait']): Promise<void> {
    const { panels } = this.#tools;
    await panels.open({ wait });
    const texts = (await panels.load())?.wait;
    if (texts) panels.announce(wait === 'popup' ? `${texts.title} ${texts.popup}` : texts[wait]);
  }

  /**
   * Reads the status again: an attempt the backend recorded after this flow
   * started (`startedAt`, the backend's own clock, so the browser's does not
   * matter) is this flow's outcome (not yet final); an older one is not.
   */
  async #recorded(startedAt: string): Promise<Outcome | null> {
    const { lastAttempt: last } = await this.#tools.card.read();
    if (!last || !(Date.parse(last.at) >= Date.parse(startedAt))) return null;
    return { code: last.outcome === 'success' ? null : (last.code ?? 'internal'), requestId: null };
  }

  /** Redeems `completion`, keeping the handle for "Try again" while Stripe is unreachable; a failure re-reads the status. */
  async #complete(completion: string, task: Task): Promise<FlowResult> {
    const handle = (this.#handle = { completion, expires: Date.now() + HANDLE_TTL, task });
    const ending = await this.#redeem(completion);
    if (!ending.code || !RESUMABLE.includes(ending.code)) this.#handle = null;
    if (ending.code) await this.#tools.card.read().catch(() => undefined);
    return this.#settle({ code: ending.code ?? null, requestId: ending.requestId ?? null, account: ending.account, retry: this.#handle === handle ? 'complete' : undefined });
  }

  /** `POST /connect/complete`: shows the status it answers, or answers the error as the backend said it. */
  async #redeem(completion: string): Promise<Ending> {
    const { api, card } = this.#tools;
    try {
      card.show(await api.send('/connect/complete', { completion }));
      return { code: null, requestId: null };
    } catch (thrown) {
      const { code, requestId, account } = failure(thrown);
      return { code, requestId, account };
    }
  }

  /** A failure's panel; a success closes the panel, says so and sends the `connected` event; nothing for a flow that left the page or was cancelled. */
  async #show(result: FlowResult | undefined, task: Task): Promise<void> {
    if (!result) return;
    const { code, requestId, again, account: picked, retry } = result;
    const { card, panels } = this.#tools;
    if (code) return panels.showError({ code, task: retry ?? task, requestId, again, account: picked });
    panels.close();
    const account = card.status?.account;
    if (!account) return;
    const done = (await panels.load())?.done;
    card.say(done ? card.fill(recall().first ? done.connected : done.reconnected, { account: account.name ?? account.id }) : '');
    // Sent here rather than through events.ts's `emit`: this chunk takes no code from the start-up one.
    this.#host.dispatchEvent(new CustomEvent('stripe-reconnect:connected', { detail: { account }, bubbles: true, composed: true }));
  }

  /** Makes an outcome final, and remembers it (the details for support list it): a failure after a failure, whatever the codes, gets the fallback step. */
  #settle(outcome: Outcome): FlowResult {
    return { ...outcome, again: rememberOutcome(outcome.code) };
  }
}
