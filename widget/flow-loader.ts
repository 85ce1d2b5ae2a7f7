/**
 * The Reconnect flow as the element holds it before the flow's own code
 * (`reconnect-flow.ts`) is loaded: the popup, opened synchronously inside
 * the click (one opened after an `await` is blocked) with its window token,
 * whether this page is a flow coming back, and the loading of the flow when
 * one starts or comes back. A page whose connection works never downloads
 * the flow (first-paint rules in `stripe-reconnect.ts`).
 */
import type { FlowMode, RETURN_PARAM } from '../contract/codes.js';
import type { Flow, FlowHost, FlowStart, FlowTools, OpenedPopup, PopupTokenKey } from './model.js';

// Both names are the compiler-checked twins of the contract's and `flow-memory.ts`'s: importing them would put those modules in the start-up code.
const RETURN: typeof RETURN_PARAM = 'stripe_reconnect';
const POPUP: PopupTokenKey = 'stripe-reconnect:popup';

/**
 * Opens the popup in `mode` popup, with its window token: `window.open`
 * copies this tab's `sessionStorage` into the popup, so only that window
 * holds the token (see `flow-memory.ts`). Its address is set once the backend
 * has answered. Null when the blocker stopped it, or in redirect mode.
 */
function openPopup(mode: FlowMode): OpenedPopup | null {
  if (mode !== 'popup') return null;
  // Random from `getRandomValues`, which every context has.
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    sessionStorage.setItem(POPUP, JSON.stringify(token));
  } catch {
    // Storage refused: a popup cut off from this window cannot finish the flow in itself.
  }
  const popup = open('about:blank', 'stripe-reconnect', 'popup,width=520,height=720');
  return popup && { window: popup, token };
}

export class FlowLoader {
  #host: FlowHost;
  #tools: FlowTools;
  #flow: Flow | null = null;

  constructor(host: FlowHost, tools: FlowTools) {
    this.#host = host;
    this.#tools = tools;
  }

  /**
   * Starts a flow; call it inside the click, since a popup opened after an
   * `await` is blocked. A flow already loaded decides at once (it may only
   * bring its open window forward, or present a kept handle again); else the
   * popup opens now, then the flow's code is loaded. Resolves when the flow
   * has ended.
   */
  start(start: FlowStart): Promise<void> {
    if (this.#flow) return this.#flow.start(start, () => openPopup(start.mode));
    const opened = openPopup(start.mode);
    return this.#load().then(
      (flow) => flow.start(start, () => opened),
      // The flow's code could not be loaded (the network went away).
      () => (opened?.window.close(), this.#tools.panels.showError({ code: 'internal', task: start.mode })),
    );
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
