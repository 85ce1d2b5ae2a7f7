/**
 * What the person is told beyond the card's own lines, a Lit reactive
 * controller: which panel is open under the card, where focus goes, and the
 * live region. It loads the panel templates and their texts with the first
 * panel (a page whose connection works never downloads them), opens and
 * closes panels, moves focus to a panel's heading and back to the main
 * button when the person is working in the element (never taking it from
 * elsewhere in the page), and shows an error's panel with the `error` event
 * that goes with it.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Status } from '../contract/schemas.js';
import { emit } from './events.js';
import { loadHelp, localeOf } from './messages/index.js';
import type { ErrorPanel, Help, Panel, PanelHost, PanelScope, PanelTemplates, PanelView, Panels, WaitPanel } from './model.js';

/** The element, as the panel controller reads it: a Lit host, its attributes, its language and its shadow root. */
type Host = ReactiveControllerHost & HTMLElement & PanelHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export class PanelController implements ReactiveController, Panels {
  /** The open panel, if any. */
  panel: Panel | null = null;
  /** The live region's sentence. */
  note = '';
  #help: Help | null = null;
  #host: Host;
  /** What the panels show of the element's state, and what their buttons do. */
  #view: () => PanelView;
  #templates: PanelTemplates | null = null;
  /** A selector of the shadow root to focus after the next render, or ''. */
  #focusTarget = '';
  /** The running task was started from inside the element (a click, a key): its panels may take focus. */
  #followFocus = false;

  constructor(host: Host, view: () => PanelView) {
    this.#host = host;
    this.#view = view;
    host.addController(this);
  }

  hostUpdated(): void {
    const target = this.#focusTarget && this.#host.renderRoot.querySelector<HTMLElement>(this.#focusTarget);
    const active = document.activeElement;
    this.#focusTarget = '';
    // Follow the person's own actions only: never take focus from elsewhere in the page.
    if (target && (!active || active === document.body || active === this.#host)) {
      target.focus();
      // The details for support, selected for copying by hand.
      (target as HTMLTextAreaElement).select?.();
    }
  }

  /** A task starts: its panels may take focus when the person started it from inside the element. */
  beginTask(): void {
    this.#followFocus = this.#hasFocus();
  }

  endTask(): void {
    this.#followFocus = false;
  }

  /** The open panel, or nothing. Where its templates could not be loaded (the network went away), an error's code alone. */
  render() {
    const { panel } = this;
    if (!panel) return nothing;
    const scope = this.#scope();
    const { code } = panel as ErrorPanel;
    if (!scope) return code ? html`<p part="panel error-panel" role="alert">${code}</p>` : nothing;
    return this.#templates!.renderPanel(scope, panel);
  }

  /**
   * The card's notice when Stripe restricts the account (payments paused, or
   * information due by a date), once the templates and texts are loaded (the
   * card loads them for a status that needs one).
   */
  notice(status: Status) {
    const scope = this.#scope();
    return scope ? this.#templates!.renderNotice(scope, status) : nothing;
  }

  /** Shows a panel; focus goes to its heading when the person is working in the element. */
  async open(panel: Panel): Promise<void> {
    await this.load();
    this.#show(panel, '[data-focus]');
  }

  /**
   * Loads the panel templates and texts, if not yet, and answers the texts
   * (they stay missing, null, and are asked for again, when they cannot be loaded).
   */
  async load(): Promise<Help | null> {
    if (!this.#templates) {
      this.#templates = await import('./panels.js').catch(() => null);
      const root = this.#host.renderRoot;
      if (root instanceof ShadowRoot) this.#templates?.adoptPanelStyles(root);
    }
    return (this.#help ??= await loadHelp(localeOf(this.#host.lang)).catch(() => null));
  }

  /** Closes the panel; focus goes back to the first main button. */
  close(): void {
    this.#show(null, '[part~=actions] button');
  }

  /** Opens the troubleshooting panel of `panel.code` and sends the `error` event with the words it shows. */
  async showError(panel: Omit<ErrorPanel, 'at'>): Promise<void> {
    const shown: ErrorPanel = { ...panel, at: new Date().toISOString() };
    await this.open(shown);
    const scope = this.#scope();
    // Without the panels (the network went away), the event says what it can.
    const detail = scope ? this.#templates!.errorEvent(scope, shown) : { code: panel.code, message: panel.code, retryable: true };
    emit(this.#host, 'stripe-reconnect:error', detail);
  }

  /** Escape closes the open panel, as its Cancel or Close button would (ending a flow that waits). */
  onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.panel) return;
    event.stopPropagation();
    if ((this.panel as WaitPanel).wait) this.#view().cancel();
    else this.close();
  };

  /** A panel on screen follows the language: its texts are loaded again in `locale`. */
  async relocalize(locale: string): Promise<void> {
    if (!this.#help) return;
    const help = await loadHelp(locale).catch(() => this.#help);
    if (localeOf(this.#host.lang) !== locale) return;
    this.#help = help;
    this.#host.requestUpdate();
  }

  /** Puts a sentence in the live region; the same sentence twice is still announced. */
  announce(text: string): void {
    this.note = this.note === text ? `${text}\u00a0` : text;
    this.#host.requestUpdate();
  }

  /** Focus is in the element (the host is the document's active element when it is in the shadow root). */
  #hasFocus(): boolean {
    return document.activeElement === this.#host;
  }

  /** What the templates show, and what their buttons do; null until they and their texts are loaded. */
  #scope(): PanelScope | null {
    const help = this.#help;
    return help && this.#templates && { ...this.#view(), html, nothing, help, host: this.#host, panel: this.panel, panels: this };
  }

  /** The clipboard refused the details for support: they go in the panel, selected, to copy by hand. */
  showDetails(panel: ErrorPanel, details: string): void {
    if (this.panel !== panel) return;
    this.#show({ ...panel, details }, 'textarea');
    if (this.#help) this.announce(this.#help.copyHand);
  }

  #show(panel: Panel | null, focus: string): void {
    this.panel = panel;
    this.#focusTarget = this.#followFocus || this.#hasFocus() ? focus : '';
    this.#host.requestUpdate();
  }
}
