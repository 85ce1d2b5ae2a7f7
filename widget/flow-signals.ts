/**
 * Everything one window hears from, or tells, another while a popup flow
 * waits, as one queue of {@link FlowSignal}s for `reconnect-flow.ts`:
 * - the message the callback page in the popup posts to the window that
 *   opened it (the completion handle, or the code that ended the flow);
 * - the popup reported closed (closed by the person, or cut off from this
 *   window by the page's opener policy: {@link severed} tells which);
 * - news of the flow from another window of this origin ({@link tell},
 *   {@link listen}): a popup cut off from its opener (the host page is served
 *   with `Cross-Origin-Opener-Policy: same-origin`) comes back from Stripe to
 *   the host page inside itself, finishes the flow there (`flow-return.ts`)
 *   and tells the first window through a `BroadcastChannel`, or a `storage`
 *   event where a channel is missing. Nothing is left in storage: the entry
 *   is removed as soon as it is written (the event carries it), and it never
 *   holds the completion handle;
 * - this window getting the focus back, and the flow's expiry.
 */
import { OUTCOME_MESSAGE_TYPE, isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { OutcomeMessage, PickedAccount } from '../contract/schemas.js';
import type { StartedFlow } from './flow-memory.js';

/** What one window tells another about a flow. */
export interface FlowNews {
  /** The started flow's id (`flow-memory.ts`). */
  id: string;
  /** `pending`: the handle came back over there and is being redeemed; `done`: the flow ended with `code` (null: connected). */
  stage: 'pending' | 'done';
  code?: ErrorCode | null;
  requestId?: string | null;
  /** The account picked in Stripe, when a completion's account error named it. */
  account?: PickedAccount | null;
}

export type FlowSignal =
  /** The callback page's message: the one-time handle to redeem. */
  | { kind: 'pending'; completion: string; requestId: string }
  /** The callback page's message: the flow ended with `code`. */
  | { kind: 'error'; code: ErrorCode; requestId: string }
  /** The popup reports closed: closed by the person, or cut off from this window by the page's opener policy. */
  | { kind: 'closed' }
  | { kind: 'news'; news: FlowNews }
  /** This window has the focus again. */
  | { kind: 'focus' }
  /** The flow can no longer come back (its state has expired). */
  | { kind: 'expired' };

/** A completion handle: `cmp_` and 43 base64url characters. */
export const HANDLE = /^cmp_[A-Za-z0-9_-]{43}$/;
/** Room after the state's expiry for a return that began just before it. */
const GRACE = 60_000;
const NEWS = 'stripe-reconnect:flow';
const CHANNEL = 'stripe-reconnect';
const KEY = 'stripe-reconnect:news';

/** The callback page's message about flow `id`, checked field by field (it crosses windows). */
function signalOf(data: unknown, id: string): FlowSignal | null {
  const message = data as OutcomeMessage | null;
  if (message?.type !== OUTCOME_MESSAGE_TYPE || message.flow !== id || typeof message.requestId !== 'string') return null;
  const { requestId } = message;
  if (message.outcome === 'pending') return HANDLE.test(message.completion) ? { kind: 'pending', completion: message.completion, requestId } : null;
  return message.outcome === 'error' && isErrorCode(message.code) ? { kind: 'error', code: message.code, requestId } : null;
}

/**
 * Listens for `popup`'s flow (`flow`): its messages are accepted only from
 * `origin` (the backend's) and the popup itself. Everything stops once
 * `signal` aborts or `stop()` is called: listeners, timers, channel.
 */
export class FlowSignals {
  #queue: FlowSignal[] = [];
  #wake: (() => void) | null = null;
  #stops: Array<() => void> = [];
  #signal: AbortSignal;

  constructor(popup: Window, origin: string, flow: StartedFlow, signal: AbortSignal) {
    this.#signal = signal;
    const onMessage = ({ origin: from, source, data }: MessageEvent) => {
      const heard = from === origin && source === popup ? signalOf(data, flow.id) : null;
      if (heard) this.#push(heard);
    };
    const onFocus = () => this.#push({ kind: 'focus' });
    addEventListener('message', onMessage);
    addEventListener('focus', onFocus);
    let closed = false;
    const poll = setInterval(() => {
      if (closed || !popup.closed) return;
      closed = true;
      this.#push({ kind: 'closed' });
    }, 400);
    const expiry = setTimeout(() => this.#push({ kind: 'expired' }), Math.max(0, flow.expires + GRACE - Date.now()));
    this.#stops.push(
      listen(flow.id, (news) => this.#push({ kind: 'news', news })),
      () => removeEventListener('message', onMessage),
      () => removeEventListener('focus', onFocus),
      () => clearInterval(poll),
      () => clearTimeout(expiry),
    );
    signal.addEventListener('abort', () => this.stop());
  }

  /** The next signal, in order of arrival; undefined once stopped. */
  async next(): Promise<FlowSignal | undefined> {
    while (!this.#signal.aborted && this.#queue.length === 0) await new Promise<void>((wake) => (this.#wake = wake));
    return this.#signal.aborted ? undefined : this.#queue.shift();
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.#wake?.();
  }

  #push(signal: FlowSignal): void {
    this.#queue.push(signal);
    this.#wake?.();
  }
}

/**
 * Whether a popup reported closed may in fact still be open, cut off from
 * this window: a page served with `Cross-Origin-Opener-Policy: same-origin`
 * loses its popup as soon as the popup leaves for Stripe. Asked of the page's
 * own answer; when it cannot be read, a close within a few seconds of the
 * popup leaving is taken for that.
 */
export async function severed(leftAt: number): Promise<boolean> {
  try {
    const response = await fetch(location.href, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
    if (response.ok) return /^\s*same-origin\s*(;|$)/i.test(response.headers.get('Cross-Origin-Opener-Policy') ?? '');
  } catch {
    // Fall through to the timing.
  }
  return Date.now() - leftAt < 5_000;
}

/** Tells the other windows of this origin what became of flow `news.id`. */
export function tell(news: FlowNews): void {
  const message = { type: NEWS, ...news };
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  } catch {
    // No channel here: the storage event below carries it.
  }
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...message, sent: Date.now() }));
    localStorage.removeItem(KEY);
  } catch {
    // Storage refused too: the waiting window still re-reads the status when it gets the focus back.
  }
}

/** News of flow `id`, checked field by field (it crosses windows). */
function newsOf(data: unknown, id: string): FlowNews | null {
  const news = data as (FlowNews & { type?: string }) | null;
  if (news?.type !== NEWS || news.id !== id || (news.stage !== 'pending' && news.stage !== 'done')) return null;
  const code = isErrorCode(news.code) ? news.code : null;
  const account = typeof news.account?.id === 'string' ? { id: news.account.id, name: news.account.name ?? null } : null;
  return { id, stage: news.stage, code, requestId: typeof news.requestId === 'string' ? news.requestId : null, account };
}

/** Calls `hear` with each piece of news of flow `id` (once per stage, whichever way it came); returns how to stop listening. */
export function listen(id: string, hear: (news: FlowNews) => void): () => void {
  const heard = new Set<string>();
  const take = (data: unknown) => {
    const news = newsOf(data, id);
    if (!news || heard.has(news.stage)) return;
    heard.add(news.stage);
    hear(news);
  };
  let channel: BroadcastChannel | null = null;
  try {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event) => take(event.data);
  } catch {
    // The storage event will do.
  }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== KEY || !event.newValue) return;
    try {
      take(JSON.parse(event.newValue));
    } catch {
      // Not ours.
    }
  };
  addEventListener('storage', onStorage);
  return () => {
    channel?.close();
    removeEventListener('storage', onStorage);
  };
}
