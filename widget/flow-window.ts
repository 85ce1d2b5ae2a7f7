/**
 * How the browser carries a Reconnect flow's outcome back: the message the
 * callback page in the popup posts to this window, and the `stripe_reconnect`
 * parameter a redirect comes back with. The flow itself is `reconnect-flow.ts`;
 * the popup is opened by `flow-start.ts`.
 */
import { OUTCOME_MESSAGE_TYPE, RETURN_PARAM, isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { OutcomeMessage } from '../contract/schemas.js';

/** How a flow ended: `code` null is success. */
export interface FlowOutcome {
  code: ErrorCode | null;
  requestId: string | null;
}

/**
 * An `error` message with a known code. Compile-only stop-gap for the
 * server's new contract: `pending` messages (completion handles) are not
 * redeemed here yet; the element's completion step replaces this.
 */
function isOutcome(data: unknown): data is Extract<OutcomeMessage, { outcome: 'error' }> {
  const message = data as OutcomeMessage | null;
  return message?.type === OUTCOME_MESSAGE_TYPE && typeof message.requestId === 'string' && message.outcome === 'error' && isErrorCode(message.code);
}

/**
 * Waits for the callback page in `popup` to post its outcome, accepted only
 * from `origin` (the backend's) and the popup itself. Resolves with null when
 * the window closes without one, and with undefined once `signal` aborts;
 * then the listener and the timer are gone.
 */
export function awaitOutcome(popup: Window, origin: string, signal: AbortSignal): Promise<FlowOutcome | null | undefined> {
  return new Promise((resolve) => {
    const finish = (result?: FlowOutcome | null) => {
      clearInterval(timer);
      removeEventListener('message', onMessage);
      resolve(result);
    };
    const onMessage = ({ origin: from, source, data }: MessageEvent) => {
      if (from === origin && source === popup && isOutcome(data)) finish({ code: data.code, requestId: data.requestId });
    };
    const timer = setInterval(() => popup.closed && finish(null), 400);
    addEventListener('message', onMessage);
    signal.addEventListener('abort', () => finish());
    if (signal.aborted) finish();
  });
}

/** The current page's address without the return parameter: where a redirect flow comes back to by default. */
export function pageUrl(): string {
  const url = new URL(location.href);
  url.searchParams.delete(RETURN_PARAM);
  return url.href;
}

/**
 * Reads the outcome a redirect flow came back with (`?stripe_reconnect=success`
 * or `=<code>`) and removes it from the address bar. Null when there is none.
 */
export function takeReturnOutcome(): FlowOutcome | null {
  const value = new URL(location.href).searchParams.get(RETURN_PARAM);
  if (value === null) return null;
  history.replaceState(history.state, '', pageUrl());
  if (value === 'success') return { code: null, requestId: null };
  return isErrorCode(value) ? { code: value, requestId: null } : null;
}
