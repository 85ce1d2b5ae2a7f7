/**
 * What a popup flow hears while it waits, as one queue of {@link FlowSignal}s:
 * the message the callback page in the popup posts to this window (the
 * completion handle, or the code that ended the flow), the popup reported
 * closed, news from another window of this origin (`flow-news.ts`), this
 * window getting the focus back, and the flow's expiry. The flow itself is
 * `reconnect-flow.ts`; the popup is opened by `flow-start.ts`.
 */
import { OUTCOME_MESSAGE_TYPE, isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { OutcomeMessage } from '../contract/schemas.js';
import type { StartedFlow } from './flow-memory.js';
import { listen, type FlowNews } from './flow-news.js';

export type FlowSignal =
  /** The callback page's message: the one-time handle to redeem. */
  | { kind: 'pending'; completion: string; requestId: string }
  /** The callback page's message: the flow ended with `code`. */
  | { kind: 'error'; code: ErrorCode; requestId: string }
  /** The popup reports closed: closed by the person, or severed from this window by the page's opener policy. */
  | { kind: 'closed' }
  | { kind: 'news'; news: FlowNews }
  /** This window has the focus again: time to read the status. */
  | { kind: 'focus' }
  /** The flow can no longer come back (its state has expired). */
  | { kind: 'expired' };

/** A completion handle: `cmp_` and 43 base64url characters. */
export const HANDLE = /^cmp_[A-Za-z0-9_-]{43}$/;
/** Room after the state's expiry for a return that began just before it. */
const GRACE = 60_000;

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

/** An address the element may open or go to for Stripe: `https:`, or `http:` on this machine (a local sandbox). */
export function isSafeAuthorizeUrl(value: string): boolean {
  try {
    const { protocol, hostname } = new URL(value);
    return protocol === 'https:' || (protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname));
  } catch {
    return false;
  }
}
