import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Status } from '../contract/schemas.js';
import { ApiClient } from './api-client.js';
import { CardController } from './card-controller.js';
import { header, summary, type CardView } from './card-view.js';
import { FlowLoader } from './flow-loader.js';
import { en, loadMessages, localeOf } from './messages/index.js';
import type { Messages, PanelView, Task, WaitPanel } from './model.js';
import { PanelController } from './panel-controller.js';
import { styles } from './styles.js';

/**
 * Shows a tenant's Stripe Connect status and walks them through reconnecting it.
 *
 * A flow connects an account only once this element redeems the one-time
 * handle the browser brings back from Stripe, and only for a flow this
 * browser started: a return link by itself (`stripe_reconnect=success`, an
 * error code, a handle never asked for) fires nothing. A popup cut off by the
 * page's `Cross-Origin-Opener-Policy` finishes on this page inside itself and
 * tells the first window. See docs/embedding.md, "How a reconnect completes".
 *
 * @summary The Stripe connection card of a settings page: status, Reconnect flow, troubleshooting.
 *
 * @attr api-base - The backend's base URL, e.g. `https://app.example.com/stripe-reconnect`.
 * @attr session-token - The short-lived session token minted by the host backend.
 * @attr mode - `popup` (default; anything else but `redirect` means popup) or `redirect`.
 * @attr return-url - Where a flow comes back to a page: a redirect flow, and a popup cut off from this window by the page's opener policy (default: this page without the return parameters). A page with this element on it.
 * @attr lang - The language of the texts (`en`, `fr`; anything else falls back to English).
 * @attr support-url - The host's support page, linked from every troubleshooting panel.
 * @attr platform-name - The host product's name, as Stripe shows it in the account's installed apps; the texts use it (default: the backend's `Reconnect-Platform-Name` header; without either, the texts name no product).
 * @attr theme - `light` or `dark` forces that palette. Without it the element follows the page's `color-scheme`: light on a page that declares no dark scheme, whatever the system says; on a page (or element) with `color-scheme: light dark`, the system's `prefers-color-scheme`.
 *
 * @fires {CustomEvent<{ status: Status }>} stripe-reconnect:status - Each time a status is read from the backend.
 * @fires {CustomEvent<{ account: Account }>} stripe-reconnect:connected - A Reconnect flow was completed: only then, never for a return link by itself.
 * @fires {CustomEvent<{ status: Status }>} stripe-reconnect:disconnected - The tenant disconnected Stripe.
 * @fires {CustomEvent<{ code: ErrorCode, message: string, retryable: boolean }>} stripe-reconnect:error - A troubleshooting panel was shown.
 *
 * @csspart base - The card.
 * @csspart header - The title row with the indicator.
 * @csspart title - The card's title.
 * @csspart indicator - The state pill: icon and words, in the state's colour (amber while Stripe needs information by a date).
 * @csspart message - The sentence under the title: why it needs attention, how to start, or what a flow just did.
 * @csspart notice - What Stripe asks of the account: payments paused (why, what still works, what to do) or information due by a date; it links to the Stripe Dashboard.
 * @csspart dashboard-link - The link to the Stripe Dashboard's account status page, in the notice.
 * @csspart stripe-support-link - The link to Stripe's support, in the notice of an account Stripe rejected.
 * @csspart account - The account's name, id, publishable key (shortened; the full key in its `title`), dates and who connected it.
 * @csspart actions - The row of main buttons: hidden while a panel holds the next step, off while Stripe's window is open.
 * @csspart button - Every button; each also has its own part: `connect-button`, `reconnect-button`, `check-button`, `disconnect-button`, `start-button`, `cancel-button`, `confirm-button`, `retry-button`, `here-button` (continue in this window), `copy-button`, `close-button` (an icon, named Close).
 * @csspart panel - Every panel; each also has its own part: `prepare-panel`, `wait-panel`, `confirm-panel`, `error-panel`.
 * @csspart expected - The account a reconnect must pick: the card's account, shown once (the panels point to it).
 * @csspart steps - The steps that fix an error.
 * @csspart compare - In the account mismatch panel: the account picked in Stripe beside the one to pick.
 * @csspart who - Who connected Stripe here, the person most likely to reach the right account: in the before-you-start panel (with the date) and under the account errors.
 * @csspart support-link - The link to `support-url`: last in every panel's row of buttons, and in the notice of payments paused by the platform.
 * @csspart details - The details for support, shown to copy by hand when the clipboard is refused.
 *
 * @cssprop --stripe-reconnect-font-family - Font (default: the system's).
 * @cssprop --stripe-reconnect-color - Text; muted text, borders and panels are mixed from it and the background.
 * @cssprop --stripe-reconnect-background - Card background.
 * @cssprop --stripe-reconnect-accent-color - Primary buttons, links and the focus ring.
 * @cssprop --stripe-reconnect-success-color - Connected (green).
 * @cssprop --stripe-reconnect-danger-color - Needs attention, legacy, errors (red).
 * @cssprop --stripe-reconnect-neutral-color - Not connected, disconnected (grey).
 * @cssprop --stripe-reconnect-warning-color - Stripe needs information by a date (amber): the notice's edge and the state pill.
 * @cssprop --stripe-reconnect-radius - Corner radius of the card.
 */
export class StripeReconnectElement extends LitElement {
  static override styles = styles;
  static override shadowRootOptions: ShadowRootInit = { mode: 'open', delegatesFocus: true };
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base' },
    sessionToken: { attribute: 'session-token' },
    mode: { converter: (value: string | null) => (value === 'redirect' ? value : 'popup') },
    returnUrl: { attribute: 'return-url' },
    supportUrl: { attribute: 'support-url' },
    platformName: { attribute: 'platform-name' },
    sessionProvider: { attribute: false },
    // HTMLElement's own `lang`, made reactive; reflected so that a property set still marks the language for screen readers.
    lang: { reflect: true },
  };

  /**
   * Registers the element; harmless when the tag is already defined, and a
   * no-op where there is no DOM. (A second tag needs a subclass: `class extends StripeReconnectElement {}`.)
   */
  static define(tag = 'stripe-reconnect', registry: CustomElementRegistry | undefined = globalThis.customElements): void {
    if (registry && !registry.get(tag)) registry.define(tag, this);
  }

  declare apiBase: string | null;
  declare sessionToken: string | null;
  /** `redirect`, or `popup` for anything else. */
  declare mode: string;
  declare returnUrl: string | null;
  declare supportUrl: string | null;
  /** The host product's name as Stripe lists it in the account's installed apps, used in the texts (default: the backend's `Reconnect-Platform-Name`; without either, the texts name no product). */
  declare platformName: string | null;
  /** Called for a fresh session token when there is none or the backend says it expired. */
  declare sessionProvider: (() => Promise<string>) | null;

  #api = new ApiClient(this, (): AbortSignal => this.#card.signal);
  #panels = new PanelController(this, () => this.#panelView());
  #card = new CardController(this, { api: this.#api, panels: this.#panels });
  #flow = new FlowLoader(this, { api: this.#api, card: this.#card, panels: this.#panels });

  constructor() {
    super();
    this.apiBase = this.sessionToken = this.returnUrl = this.supportUrl = this.platformName = this.sessionProvider = null;
    this.mode = 'popup';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.apiBase) void this.refresh();
  }

  /** Reads the status from the backend again. */
  refresh(): Promise<void> {
    return this.#card.run('load', async () => {
      await this.#card.read();
      await this.#flow.finishReturn();
    });
  }

  /**
   * Starts the Reconnect flow: a popup (call it from a click, so that no
   * blocker stops it) or, with `mode="redirect"`, this page goes to Stripe.
   * While a popup is open it only brings that window to the front. Resolves
   * when the flow has ended.
   */
  reconnect(): Promise<void> {
    return this.#run('popup');
  }

  /** Disconnects Stripe now (the element's own button asks for confirmation first). */
  disconnect(): Promise<void> {
    return this.#card.disconnect();
  }

  protected override render() {
    const { status, busy, m } = this.#card;
    return html`<section part="base" aria-labelledby="title" aria-busy=${!!busy} @keydown=${this.#panels.onKeydown}>
${header(m, status, busy)}${this.#renderCard()}${this.#panels.render()}<div role="status" class="sr">${this.#panels.note}</div></section>`;
  }

  /** Why the state needs attention, the account's facts, and the main buttons. */
  #renderCard() {
    const { status, done, m } = this.#card;
    if (!status) return nothing;
    const view: CardView = { m, lang: m === en ? 'en' : this.lang, fill: this.#card.fill, done, notice: this.#panels.notice(status) };
    return html`${summary(view, status)}${this.#renderActions(status)}`;
  }

  /**
   * The main buttons: one clear next step at a time. Reconnect (or Connect)
   * opens the before-you-start panel; it is not offered while Stripe pauses
   * the account's payments or asks for information (reconnecting fixes
   * neither). While a panel is open it holds the next step, so the buttons
   * step back: hidden, or shown off while Stripe's window is open.
   */
  #renderActions({ state, problem, warning }: Status) {
    const fresh = state === 'not_connected' || state === 'disconnected';
    const { panel } = this.#panels;
    if (panel && !(panel as WaitPanel).wait) return nothing;
    const connect =
      problem?.code === 'payments_paused' || warning
        ? nothing
        : this.#renderButton(fresh ? 'connect' : 'reconnect', () => this.#panels.open('prepare'), state === 'connected' || panel ? '' : 'primary');
    const check = fresh || state === 'legacy' ? nothing : this.#renderButton('check', this.#card.check);
    const disconnect = fresh ? nothing : this.#renderButton('disconnect', () => this.#panels.open('confirm'));
    return html`<div part="actions" class="row">${connect}${check}${disconnect}</div>`;
  }

  /** A native button, with the part `button` and its own (`retry-button`…), off while a task runs (but Cancel). */
  #renderButton = (name: string, click: () => unknown, look = '', label = this.#card.m.action[name as keyof Messages['action']]) => {
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
    const off = !!this.#card.busy && name !== 'cancel';
    return html`<button part="button ${name}-button" class=${look} aria-disabled=${off} @click=${() => off || click()}
>${label}</button>`;
  };

  /** What the panels show of the element's state, and what their buttons do. */
  #panelView(): PanelView {
    const { status, m } = this.#card;
    return { m, status, button: this.#renderButton, fill: this.#card.fill, run: (task) => void this.#run(task), cancel: () => this.#cancel() };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) void this.#loadMessages();
    if ((changed.has('apiBase') || (changed.has('sessionToken') && this.sessionToken !== this.#api.renewed)) && this.apiBase) {
      void this.refresh();
    }
  }

  async #loadMessages(): Promise<void> {
    const locale = localeOf(this.lang);
    void this.#panels.relocalize(locale);
    const messages = await loadMessages(locale);
    if (localeOf(this.lang) !== locale) return;
    this.#card.m = messages;
    this.requestUpdate();
  }

  /**
   * Runs a task from a button: a flow (in this window when the task or the
   * element's `mode` says so; `complete` presents the kept handle again while
   * it is fresh), a check, a disconnect, a read of the status.
   */
  #run(task: Task): Promise<void> {
    if (task === 'check') return this.#card.check();
    if (task === 'disconnect') return this.disconnect();
    if (task === 'load') return this.refresh();
    return this.#flow.start({ mode: task === 'redirect' || this.mode === 'redirect' ? 'redirect' : 'popup', resume: task === 'complete' });
  }

  /** Cancel, in any panel: ends a flow that waits, and closes the panel. */
  #cancel(): void {
    this.#flow.cancel();
    this.#panels.close();
  }
}
