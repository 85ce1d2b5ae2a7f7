import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Account, Status } from '../contract/schemas.js';
import { ActionController } from './action-controller.js';
import { ApiClient } from './api-client.js';
import { emit } from './events.js';
import { FlowStarter } from './flow-start.js';
import { en, format, loadMessages, localeOf, type Messages } from './messages/index.js';
import { PanelController } from './panel-controller.js';
import type { Action, PanelView } from './panels.js';
import { styles } from './styles.js';
import { header, summary, type CardView } from './view.js';

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
 * @csspart indicator - The state pill: icon and words.
 * @csspart message - The sentence under the title: why it needs attention, how to start, or what a flow just did.
 * @csspart notice - What Stripe asks of the account: payments paused (why, what still works, what to do) or information due by a date; it links to the Stripe Dashboard.
 * @csspart dashboard-link - The link to the Stripe Dashboard's account status page, in the notice.
 * @csspart stripe-support-link - The link to Stripe's support, in the notice of an account Stripe rejected.
 * @csspart account - The account's name, id, publishable key (shortened; the full key in its `title`), dates and who connected it.
 * @csspart actions - The row of main buttons.
 * @csspart button - Every button; each also has its own part: `connect-button`, `reconnect-button`, `check-button`, `disconnect-button`, `start-button`, `cancel-button`, `confirm-button`, `retry-button`, `here-button` (continue in this window), `copy-button`, `close-button` (an icon, named Close).
 * @csspart panel - Every panel; each also has its own part: `prepare-panel`, `wait-panel`, `confirm-panel`, `error-panel`.
 * @csspart expected - The account a reconnect must pick: the card's account, shown once (the panels point to it).
 * @csspart steps - The steps that fix an error.
 * @csspart compare - In the account mismatch panel: the account picked in Stripe beside the one to pick.
 * @csspart who - Under the account errors: who connected Stripe here, the person most likely to reach the right account.
 * @csspart support-link - The link to `support-url` (in the panels, and in the notice of payments paused by the platform).
 * @csspart details - The details for support, shown to copy by hand when the clipboard is refused.
 *
 * @cssprop --stripe-reconnect-font-family - Font (default: the system's).
 * @cssprop --stripe-reconnect-color - Text; muted text, borders and panels are mixed from it and the background.
 * @cssprop --stripe-reconnect-background - Card background.
 * @cssprop --stripe-reconnect-accent-color - Primary buttons, links and the focus ring.
 * @cssprop --stripe-reconnect-success-color - Connected (green).
 * @cssprop --stripe-reconnect-danger-color - Needs attention, legacy, errors (red).
 * @cssprop --stripe-reconnect-neutral-color - Not connected, disconnected (grey).
 * @cssprop --stripe-reconnect-warning-color - The edge of the notice that Stripe needs information by a date (amber).
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
    _status: { state: true },
    _done: { state: true },
    _note: { state: true },
    _m: { state: true },
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
  // Reactive internal state: declared, set in the constructor (a class field would hide Lit's accessor).
  declare private _status: Status | null;
  /** What the last flow did, said in the card until the next status. */
  declare private _done: string | null;
  /** The live region's sentence. */
  declare private _note: string;
  declare private _m: Messages;

  /** The session token this element got from `sessionProvider` (setting it must not read the status again). */
  #renewed: string | null = null;
  #api = new ApiClient({
    base: () => this.apiBase,
    token: () => this.sessionToken,
    provider: () => this.sessionProvider,
    renewed: (token) => (this.#renewed = this.sessionToken = token),
    signal: () => this.#actions.signal,
  });
  #panels = new PanelController(this, {
    view: () => this.#panelView(),
    start: () => void this.reconnect(),
    cancel: () => this.#cancel(),
    confirm: () => void this.disconnect(),
    retry: (action) => void this.#retry(action),
    continueHere: () => void this.#flow.reconnect(true),
    announce: (text) => this.#announce(text),
  });
  #actions = new ActionController(this, this.#panels);
  #flow = new FlowStarter(this, {
    api: this.#api,
    panels: this.#panels,
    returnUrl: () => this.returnUrl,
    status: () => this._status,
    readStatus: () => this.#readStatus(),
    showStatus: (status) => this.#showStatus(status),
    perform: (action, work) => this.#actions.perform(action, work),
    announce: (text) => this.#announce(text),
    fill: (text, values) => this.#fill(text, values),
    showDone: (sentence, account) => this.#showDone(sentence, account),
  });

  constructor() {
    super();
    this.apiBase = this.sessionToken = this.returnUrl = this.supportUrl = this.platformName = this.sessionProvider = null;
    this.mode = 'popup';
    this._status = this._done = null;
    this._note = '';
    this._m = en;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.apiBase) void this.refresh();
  }

  /** Reads the status from the backend again. */
  refresh(): Promise<void> {
    return this.#actions.perform('load', async () => {
      await this.#readStatus();
      await this.#flow.showReturned(this.mode === 'redirect' ? 'redirect' : 'connect');
    });
  }

  /**
   * Starts the Reconnect flow: a popup (call it from a click, so that no
   * blocker stops it) or, with `mode="redirect"`, this page goes to Stripe.
   * While a popup is open it only brings that window to the front. Resolves
   * when the flow has ended.
   */
  reconnect(): Promise<void> {
    return this.#flow.reconnect(this.mode === 'redirect');
  }

  /** Disconnects Stripe now (the element's own button asks for confirmation first). */
  disconnect(): Promise<void> {
    return this.#actions.perform('disconnect', async () => {
      const status = await this.#api.send('/disconnect', {});
      this.#showStatus(status);
      this.#panels.close();
      emit(this, 'stripe-reconnect:disconnected', { status });
    });
  }

  protected override render() {
    return html`<section part="base" aria-labelledby="title" aria-busy=${!!this.#actions.busy} @keydown=${this.#panels.onKeydown}>
${header(this._m, this._status, !!this.#actions.busy)}${this.#renderCard()}${this.#panels.render()}<div role="status" class="sr">${this._note}</div></section>`;
  }

  /** Why the state needs attention, the account's facts, and the main buttons. */
  #renderCard() {
    const { _status: status, _m: m } = this;
    if (!status) return nothing;
    const view: CardView = { m, lang: m === en ? 'en' : this.lang, fill: this.#fill, done: this._done, notice: this.#panels.notice(status) };
    return html`${summary(view, status)}${this.#renderActions(status)}`;
  }

  /**
   * Reconnect (or Connect) opens the before-you-start panel, or brings the
   * Stripe window already open forward. Not offered while Stripe pauses the
   * account's payments: reconnecting lifts no restriction.
   */
  #renderActions({ state, problem }: Status) {
    const fresh = state === 'not_connected' || state === 'disconnected';
    const prepare = () => this.#flow.bringToFront() || this.#panels.open('prepare');
    const connect =
      problem?.code === 'payments_paused' ? nothing : this.#renderButton(fresh ? 'connect' : 'reconnect', prepare, state === 'connected' ? '' : 'primary');
    const check = fresh || state === 'legacy' ? nothing : this.#renderButton('check', this.#check);
    const disconnect = fresh ? nothing : this.#renderButton('disconnect', () => this.#panels.open('confirm'));
    return html`<div part="actions" class="row">${connect}${check}${disconnect}</div>`;
  }

  /** A native button, with the part `button` and its own (`retry-button`…), off while a short action runs. */
  #renderButton = (name: string, click: () => unknown, style = '', label = this._m.action[name as keyof Messages['action']]) => {
    const busy = this.#actions.busy;
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
    const off = !!busy && busy !== 'connect' && name !== 'cancel';
    return html`<button part="button ${name}-button" class=${style} aria-disabled=${off} @click=${() => off || click()}
>${label}</button>`;
  };

  /** What the panels show. */
  #panelView(): PanelView {
    const { _m: m, _status: status, supportUrl } = this;
    const redirect = this.mode === 'redirect';
    return { m, status, busy: this.#actions.busy, supportUrl, redirect, canRenew: !!this.sessionProvider, button: this.#renderButton, fill: this.#fill };
  }

  /** Fills a text's placeholders: the platform's name and the account's, and `values`. */
  #fill = (text: string, values?: Record<string, string | null | undefined>): string => {
    const status = this._status;
    const platform = this.platformName?.trim() || this.#api.platformName;
    return format(text, { platform, account: (status?.account ?? status?.expected)?.name, ...values });
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) void this.#loadMessages();
    if ((changed.has('apiBase') || (changed.has('sessionToken') && this.sessionToken !== this.#renewed)) && this.apiBase) {
      void this.refresh();
    }
  }

  async #loadMessages(): Promise<void> {
    const locale = localeOf(this.lang);
    void this.#panels.relocalize(locale);
    const messages = await loadMessages(locale);
    if (localeOf(this.lang) === locale) this._m = messages;
  }

  /** Reads the status from the backend and shows it. */
  async #readStatus(): Promise<Status> {
    const status = await this.#api.send('/status');
    this.#showStatus(status);
    return status;
  }

  /** Shows a status read from the backend, announces its state and sends it as a `status` event. */
  #showStatus(status: Status): void {
    this._status = status;
    this._done = null;
    this.#announce(`${this._m.stripe}: ${this._m.state[status.state]}`);
    emit(this, 'stripe-reconnect:status', { status });
    // What Stripe asks of the account is said by the panels' code: loaded only for a status that needs it.
    if (status.warning || status.problem?.details) void this.#panels.load().then(() => this.requestUpdate());
  }

  #check = (): Promise<void> => this.#actions.perform('check', async () => this.#showStatus(await this.#api.send('/status/check', {})));

  #retry(action: Action): Promise<void> {
    if (action === 'check') return this.#check();
    if (action === 'disconnect') return this.disconnect();
    if (action === 'load') return this.refresh();
    // `complete`: the same handle again while it is fresh, else a new flow (in this window when that is the element's mode).
    return this.#flow.reconnect(action === 'redirect' || this.mode === 'redirect', action === 'complete');
  }

  /** Cancel, in any panel: ends a flow that waits, and closes the panel. */
  #cancel(): void {
    this.#flow.cancel();
    this.#panels.close();
  }

  /** After a flow: `sentence` said in the card and announced; for a flow that connected `account`, the `connected` event. */
  #showDone(sentence: string, account?: Account): void {
    this._done = sentence || null;
    if (sentence) this.#announce(sentence);
    if (account) emit(this, 'stripe-reconnect:connected', { account });
  }

  /** Puts a sentence in the live region; the same sentence twice is still announced. */
  #announce(text: string): void {
    this._note = this._note === text ? `${text}\u00a0` : text;
  }
}
