/**
 * The element's actions (reading the status, a check, a flow, a disconnect),
 * one at a time: a Lit reactive controller that knows which one runs (the
 * card is `aria-busy` and short actions turn the buttons off), whether the
 * person started it from inside the element (so its panels may take focus),
 * and turns its failure into the error's troubleshooting panel. Its signal
 * aborts every request when the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from './api-client.js';
import type { PanelController } from './panel-controller.js';
import type { Action, ErrorPanel } from './panels.js';

export class ActionController implements ReactiveController {
  /** The action running now, if any. */
  busy: Action | null = null;
  #life = new AbortController();
  #host: ReactiveControllerHost;
  #panels: PanelController;

  constructor(host: ReactiveControllerHost, panels: PanelController) {
    this.#host = host;
    this.#panels = panels;
    host.addController(this);
  }

  /** Aborts once the element has left the page (a new signal when it comes back). */
  get signal(): AbortSignal {
    return this.#life.signal;
  }

  hostConnected(): void {
    if (this.#life.signal.aborted) this.#life = new AbortController();
  }

  hostDisconnected(): void {
    this.#life.abort();
  }

  /** Runs `work` as `action`: busy while it runs; a failure (but for the element leaving the page) shown as a panel. */
  async perform(action: Action, work: () => Promise<void>): Promise<void> {
    const panels = this.#panels;
    const host = this.#host;
    const before = panels.panel;
    this.busy = action;
    panels.followFocus = panels.hasFocus();
    host.requestUpdate();
    try {
      await work();
      // The action a panel was about has succeeded: that panel is over.
      if (panels.panel === before && (before as ErrorPanel | null)?.action === action) panels.close();
    } catch (error) {
      if (!this.signal.aborted) {
        const { code, requestId } = error instanceof ApiError ? error : new ApiError('internal');
        await panels.showError(code, action, requestId);
      }
    } finally {
      if (this.busy === action) {
        this.busy = null;
        panels.followFocus = false;
        host.requestUpdate();
      }
    }
  }
}
