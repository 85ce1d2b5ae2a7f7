/**
 * The Reconnect flow as the element holds it before the flow's own code
 * (`reconnect-flow.ts`) is loaded: the popup, opened synchronously inside the
 * click (one opened after an `await` is blocked), whether this page is a
 * redirect flow coming back, and the loading of the flow when one starts or
 * comes back. A page whose connection works never downloads the flow.
 */
import type { ReactiveControllerHost } from 'lit';
import type { RETURN_PARAM } from '../contract/codes.js';
import type { POPUP_TOKEN } from './flow-memory.js';
import type { Action } from './panels.js';
import type { FlowDelegate, ReconnectFlow } from './reconnect-flow.js';

/**
 * The contract's `RETURN_PARAM`, checked against it by the compiler: importing
 * the value would put the whole codes module in the start-up code.
 */
const RETURN: typeof RETURN_PARAM = 'stripe_reconnect';
/** `flow-memory.ts`'s key for the popup's window token, declared here for the same reason. */
const POPUP: typeof POPUP_TOKEN = 'stripe-reconnect:popup';

/**
 * Gives the popup about to be opened its window token: `window.open` copies
 * this tab's `sessionStorage` into the popup, so only that window holds it
 * (see `flow-memory.ts`). Random from `getRandomValues`, which every context has.
 */
function popupToken(): string {
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(POPUP, JSON.stringify(token));
  } catch {
    // Storage refused: a popup cut off from this window cannot finish the flow in itself.
  }
  return token;
}

export class FlowStarter {
  #host: ReactiveControllerHost;
  #delegate: FlowDelegate;
  #flow: ReconnectFlow | null = null;

  constructor(host: ReactiveControllerHost, delegate: FlowDelegate) {
    this.#host = host;
    this.#delegate = delegate;
  }

  /** Brings the flow's Stripe window to the front; false when none is open. */
  bringToFront(): boolean {
    return !!this.#flow?.bringToFront();
  }

  /**
   * Starts a flow: the popup opened now (call this inside the click, before
   * any `await`), then the flow's code loaded. While a popup is open, it is
   * only brought forward. `resume`: present the kept completion handle again,
   * if it is still fresh. Resolves when the flow has ended.
   */
  async reconnect(redirect: boolean, resume = false): Promise<void> {
    const flow = this.#flow;
    if (resume && flow?.resumable) return flow.resume();
    if (flow?.bringToFront()) return flow.running;
    const token = redirect ? null : popupToken();
    // Its address is set once the backend has answered. Null when it was blocked.
    const popup = redirect ? null : open('about:blank', 'stripe-reconnect', 'popup,width=520,height=720');
    try {
      await (await this.#load()).reconnect(redirect, popup && token ? { window: popup, token } : null);
    } catch {
      // The flow's code could not be loaded (the network went away).
      popup?.close();
      await this.#delegate.panels.showError('internal', 'connect');
    }
  }

  /**
   * Finishes the flow this page is the return of, if it is one (its
   * parameters, `stripe_reconnect` and `stripe_reconnect_completion`, both
   * start with the same name); call it once the status is read.
   */
  async showReturned(action: Action): Promise<void> {
    if (location.search.includes(RETURN)) await (await this.#load()).showReturned(action);
  }

  /** Cancels the flow, if one runs: stops waiting and closes its window. */
  cancel(): void {
    this.#flow?.cancel();
  }

  async #load(): Promise<ReconnectFlow> {
    const { ReconnectFlow } = await import('./reconnect-flow.js');
    return (this.#flow ??= new ReconnectFlow(this.#host, this.#delegate));
  }
}
