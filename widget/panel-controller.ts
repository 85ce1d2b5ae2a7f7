/**
 * Which panel is open under the card, and where focus goes: a Lit reactive
 * controller. It loads the panel templates and the troubleshooting texts
 * with the first panel (a page whose connection works never downloads
 * them), opens and closes panels, moves focus to a panel's heading and back
 * to the main button when the person is working in the element (never
 * taking it from elsewhere in the page), and shows an error's panel with the
 * `error` event that goes with it.
 */
import { nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import { emit } from './events.js';
import { loadHelp, localeOf, type Help, type Messages } from './messages/index.js';
import type { Action, ErrorPanel, Panel, PanelHandlers, PanelView } from './panels.js';

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode };

/** When not even the English texts load (the network went away): the code is the title, the copied details do the rest. */
const HELP_UNAVAILABLE: Help = {
  again: '',
  code: Object.fromEntries(Object.keys(ERROR_CODES).map((code) => [code, [code, '']])) as unknown as Help['code'],
};

export class PanelController implements ReactiveController {
  /** The open panel, if any. */
  panel: Panel | null = null;
  /** The troubleshooting texts in the element's language, once a panel has loaded them. */
  help: Help | null = null;
  /** The running action was started from inside the element (a click, a key): its panels may take focus. */
  followFocus = false;
  #templates: typeof import('./panels.js') | null = null;
  /** A selector of the shadow root to focus after the next render, or ''. */
  #focusTarget = '';

  constructor(
    private readonly host: Host,
    private readonly handlers: PanelHandlers,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const target = this.#focusTarget && this.host.renderRoot.querySelector<HTMLElement>(this.#focusTarget);
    const active = document.activeElement;
    this.#focusTarget = '';
    // Follow the person's own actions only: never take focus from elsewhere in the page.
    if (target && (!active || active === document.body || active === this.host)) {
      target.focus();
      if (target instanceof HTMLTextAreaElement) target.select();
    }
  }

  /** Focus is in the element (the host is the document's active element when it is in the shadow root). */
  hasFocus(): boolean {
    return typeof document !== 'undefined' && document.activeElement === this.host;
  }

  /** The open panel, or nothing (also while its templates could not be loaded). */
  render(view: PanelView) {
    const { panel, help } = this;
    const templates = this.#templates;
    if (!panel || !templates || !help) return nothing;
    const copy = (shown: ErrorPanel, details: string) => void this.#copy(shown, details, view.m);
    return templates.renderPanel({ ...view, ...this.handlers, help, copy, close: () => this.close() }, panel);
  }

  /** Shows a panel; focus goes to its heading when the person is working in the element. */
  async open(panel: Panel): Promise<void> {
    this.#templates ??= await import('./panels.js').catch(() => null);
    this.help ??= await loadHelp(localeOf(this.host.lang)).catch(() => HELP_UNAVAILABLE);
    this.#show(panel, '[data-focus]');
  }

  /** Closes the panel; focus goes back to the first main button. */
  close(): void {
    this.#show(null, '[part~=actions] button');
  }

  /** Opens the troubleshooting panel of `code` and sends the `error` event with the words it shows. */
  async showError(code: ErrorCode, action: Action, requestId: string | null = null, again = false): Promise<void> {
    const at = new Date().toISOString();
    await this.open({ code, action, requestId, at, again });
    const message = this.help!.code[code][1];
    emit(this.host, 'stripe-reconnect:error', { code, message, retryable: ERROR_CODES[code].retryable });
  }

  /** Puts the details for support on the clipboard; where it refuses, shows them in the panel, selected, to copy by hand. */
  async #copy(panel: ErrorPanel, details: string, m: Messages): Promise<void> {
    try {
      await navigator.clipboard.writeText(details);
      this.handlers.announce(m.copied);
    } catch {
      if (this.panel !== panel) return;
      this.#show({ ...panel, details }, 'textarea');
      this.handlers.announce(m.copyHand);
    }
  }

  /** A panel on screen follows the language: its texts are loaded again in `locale`. */
  async relocalize(locale: string): Promise<void> {
    if (!this.help) return;
    const help = await loadHelp(locale).catch(() => this.help);
    if (localeOf(this.host.lang) !== locale) return;
    this.help = help;
    this.host.requestUpdate();
  }

  #show(panel: Panel | null, focus: string): void {
    this.panel = panel;
    this.#focusTarget = this.followFocus || this.hasFocus() ? focus : '';
    this.host.requestUpdate();
  }
}
