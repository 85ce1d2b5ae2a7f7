/**
 * The Reconnect flow as the element holds it before the flow's own code
 * (`reconnect-flow.ts`) is loaded: the popup, opened synchronously inside
 * the click (one opened after an `await` is blocked) with its window token,
 * whether this page is a flow coming back, and the loading of the flow when
 * one starts or comes back. A page whose connection works never downloads
 * the flow (first-paint rules in `stripe-reconnect.ts`).
 */
import type { RETURN_PARAM } from '../contract/codes.js';
import type { Flow, FlowHost, FlowStart, FlowTools, PopupTokenKey } from './model.js';

// Both names are the compiler-checked twins of the contract's and `flow-memory.ts`'s: importing them would put those modules in the start-up code.
const RETURN: typeof RETURN_PARAM = 'stripe_reconnect';
const POPUP: PopupTokenKey = 'stripe-reconnect:popup';

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

export class FlowLoader {
  #host: FlowHost;
  #tools: FlowTools;
  #flow: Flow | null = null;

  constructor(host: FlowHost, tools: FlowTools) {
    this.#host = host;
    this.#tools = tools;
  }

  /** Brings the flow's Stripe window to the front; false when none is open. */
  bringToFront(): boolean {
    return !!this.#flow?.bringToFront();
  }

  /**
   * Starts a flow: the popup opened now (call this inside the click, before
   * any `await`), then the flow's code loaded. While a popup is open, it is
   * only brought forward. Resolves when the flow has ended.
   */
  async start({ mode, resume }: FlowStart): Promise<void> {
    const flow = this.#flow;
    if (resume && flow?.resumable) return flow.resume();
    if (flow?.bringToFront()) return flow.running;
    const token = mode === 'popup' ? popupToken() : '';
    // Its address is set once the backend has answered. Null when it was blocked.
    const popup = token ? open('about:blank', 'stripe-reconnect', 'popup,width=520,height=720') : null;
    try {
      await (await this.#load()).start(mode, popup && { window: popup, token });
    } catch {
      // The flow's code could not be loaded (the network went away).
      popup?.close();
      await this.#tools.panels.showError({ code: 'internal', task: mode });
    }
  }

  /**
   * Finishes the flow this page is the return of, if it is one (its
   * parameters, `stripe_reconnect`, `stripe_reconnect_completion` and
   * `stripe_reconnect_flow`, all start with the same name); call it once the
   * status is read.
   */
  async finishReturn(): Promise<void> {
    if (location.search.includes(RETURN)) await (await this.#load()).finishReturn();
  }

  /** Cancels the flow, if one runs: stops waiting and closes its window. */
  cancel(): void {
    this.#flow?.cancel();
  }

  async #load(): Promise<Flow> {
    const { ReconnectFlow } = await import('./reconnect-flow.js');
    return (this.#flow ??= new ReconnectFlow(this.#host, this.#tools));
  }
}
