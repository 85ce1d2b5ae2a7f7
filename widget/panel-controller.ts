/**
 * Which panel is open under the card, and where focus goes: a Lit reactive
 * controller. It loads the panel templates and their texts with the first
 * panel (a page whose connection works never downloads them), opens and
 * closes panels, moves focus to a panel's heading and back to the main
 * button when the person is working in the element (never taking it from
 * elsewhere in the page), and shows an error's panel with the `error` event
 * that goes with it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ErrorCode } from '../contract/codes.js';
import type { PickedAccount, Status } from '../contract/schemas.js';
import { emit } from './events.js';
import { loadHelp, localeOf, type Help } from './messages/index.js';
import type { Action, ErrorPanel, Panel, PanelHandlers, PanelScope, PanelView, WaitPanel } from './panels.js';

type Host = ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };

/** What the panels need from the element: what it shows, and its actions. */
export interface PanelDelegate extends PanelHandlers {
  view(): PanelView;
}

export class PanelController implements ReactiveController {
  /** The open panel, if any. */
  panel: Panel | null = null;
  /** The panels' texts in the element's language, once the first panel has loaded them. */
  help: Help | null = null;
  /** The running action was started from inside the element (a click, a key): its panels may take focus. */
  followFocus = false;
  #host: Host;
  #delegate: PanelDelegate;
  #templates: typeof import('./panels.js') | null = null;
  /** A selector of the shadow root to focus after the next render, or ''. */
  #focusTarget = '';

  constructor(host: Host, delegate: PanelDelegate) {
    this.#host = host;
    this.#delegate = delegate;
    host.addController(this);
  }

  hostUpdated(): void {
    const target = this.#focusTarget && this.#host.renderRoot.querySelector<HTMLElement>(this.#focusTarget);
    const active = document.activeElement;
    this.#focusTarget = '';
    // Follow the person's own actions only: never take focus from elsewhere in the page.
    if (target && (!active || active === document.body || active === this.#host)) {
      target.focus();
      if (target instanceof HTMLTextAreaElement) target.select();
    }
  }

  /** Focus is in the element (the host is the document's active element when it is in the shadow root). */
  hasFocus(): boolean {
    return document.activeElement === this.#host;
  }

  /** The open panel, or nothing. Where its templates could not be loaded (the network went away), an error's code alone. */
  render() {
    const { panel, help } = this;
    const templates = this.#templates;
    if (!panel) return nothing;
    const { code } = panel as ErrorPanel;
    if (!templates || !help) return code ? html`<p part="panel error-panel" role="alert">${code}</p>` : nothing;
    return templates.renderPanel(this.#scope(help), panel);
  }

  /** What the templates show, and what their buttons do. */
  #scope(help: Help): PanelScope {
    const showDetails = (shown: ErrorPanel, details: string) => this.#showDetails(shown, details, help);
    return { ...this.#delegate.view(), ...this.#delegate, html, nothing, help, showDetails, close: () => this.close() };
  }

  /**
   * The card's notice when Stripe restricts the account (payments paused, or
   * information due by a date), once the templates and texts are loaded (the
   * element loads them for a status that needs one).
   */
  notice(status: Status) {
    const { help } = this;
    const templates = this.#templates;
    return templates && help ? templates.renderNotice(this.#scope(help), status) : nothing;
  }

  /** Shows a panel; focus goes to its heading when the person is working in the element. */
  async open(panel: Panel): Promise<void> {
    await this.load();
    this.#show(panel, '[data-focus]');
  }

  /** Loads the panel templates and texts, if not yet (they stay missing, and are asked for again, when they cannot be loaded). */
  async load(): Promise<void> {
    if (!this.#templates) {
      this.#templates = await import('./panels.js').catch(() => null);
      const root = this.#host.renderRoot;
      if (root instanceof ShadowRoot) this.#templates?.adoptPanelStyles(root);
    }
    this.help ??= await loadHelp(localeOf(this.#host.lang)).catch(() => null);
  }

  /** Closes the panel; focus goes back to the first main button. */
  close(): void {
    this.#show(null, '[part~=actions] button');
  }

  /** Opens the troubleshooting panel of `code` and sends the `error` event with the words it shows. */
  async showError(code: ErrorCode, action: Action, requestId: string | null = null, again = false, account?: PickedAccount | null): Promise<void> {
    const panel: ErrorPanel = { code, action, requestId, at: new Date().toISOString(), again, account };
    await this.open(panel);
    const { help } = this;
    const templates = this.#templates;
    // Without the panels (the network went away), the event says what it can.
    const detail = templates && help ? templates.errorEvent(this.#scope(help), panel) : { code, message: code, retryable: true };
    emit(this.#host, 'stripe-reconnect:error', detail);
  }

  /** Escape closes the open panel, as its Cancel or Close button would (ending a flow that waits). */
  onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.panel) return;
    event.stopPropagation();
    if ((this.panel as WaitPanel).wait) this.#delegate.cancel();
    else this.close();
  };

  /** A panel on screen follows the language: its texts are loaded again in `locale`. */
  async relocalize(locale: string): Promise<void> {
    if (!this.help) return;
    const help = await loadHelp(locale).catch(() => this.help);
    if (localeOf(this.#host.lang) !== locale) return;
    this.help = help;
    this.#host.requestUpdate();
  }

  /** The clipboard refused the details for support: they go in the panel, selected, to copy by hand. */
  #showDetails(panel: ErrorPanel, details: string, help: Help): void {
    if (this.panel !== panel) return;
    this.#show({ ...panel, details }, 'textarea');
    this.#delegate.announce(help.copyHand);
  }

  #show(panel: Panel | null, focus: string): void {
    this.panel = panel;
    this.#focusTarget = this.followFocus || this.hasFocus() ? focus : '';
    this.#host.requestUpdate();
  }
}
