import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { CALLBACK_CODES, ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import type { ConnectOutput, Status } from '../contract/schemas.js';
import { ApiError, request } from './api-client.js';
import { emit } from './events.js';
import { awaitOutcome, failedAgain, openPopup, pageUrl, takeReturnOutcome, type FlowOutcome } from './flow.js';
import { en, loadHelp, loadMessages, localeOf, type Help, type Messages } from './messages/index.js';
import { styles } from './styles.js';
import { supportDetails } from './support.js';
import { expected, panel, steps, summary } from './view.js';

type Action = 'load' | 'check' | 'connect' | 'redirect' | 'disconnect';

/** A troubleshooting panel: the code, the action that failed (what "Try again" repeats), and what support needs. */
interface Shown {
  code: ErrorCode;
  action: Action;
  requestId: string | null;
  at: string;
  /** The same flow failure as the one before: add the "remove the app in Stripe" step. */
  again: boolean;
  /** The details for support, shown to copy by hand when the clipboard refused them. */
  details?: string;
}

type Panel = 'prepare' | 'wait' | 'confirm' | Shown;

/** How far the browser's clock may run ahead of the server's when dating an attempt. */
const SKEW = 60_000;
const FLOW_CODES: readonly ErrorCode[] = [...CALLBACK_CODES, 'flow_cancelled'];
/** When not even the English texts load (the network went away): the code is the title, the copied details do the rest. */
const HELP_UNAVAILABLE: Help = {
  again: '',
  code: Object.fromEntries(Object.keys(ERROR_CODES).map((code) => [code, [code, '']])) as unknown as Help['code'],
};
/** Retrying after these (`session_*`, `unauthorized`) helps only with a fresh session from a `sessionProvider`. */
const SESSION_CODE = /^(session|unauth)/;
/** The indicator's colour and icon; the other states are grey. */
const TONES: Partial<Record<string, string>> = { connected: 'ok', needs_attention: 'bad', legacy: 'bad' };

/**
 * Shows a tenant's Stripe Connect status and walks them through reconnecting it.
 *
 * @summary The Stripe connection card of a settings page: status, Reconnect flow, troubleshooting.
 *
 * @attr api-base - The backend's base URL, e.g. `https://app.example.com/stripe-reconnect`.
 * @attr session-token - The short-lived session token minted by the host backend.
 * @attr mode - `popup` (default; anything else but `redirect` means popup) or `redirect`.
 * @attr return-url - Where a redirect flow comes back to (default: this page without `stripe_reconnect`).
 * @attr lang - The language of the texts (`en`, `fr`; anything else falls back to English).
 * @attr support-url - The host's support page, linked from every troubleshooting panel.
 * @attr theme - `light` or `dark` forces that palette; without it the element follows `prefers-color-scheme` (or the `color-scheme` the host sets on it).
 *
 * @fires {CustomEvent<{ status: Status }>} stripe-reconnect:status - Each time a status is read from the backend.
 * @fires {CustomEvent<{ account: Account }>} stripe-reconnect:connected - A Reconnect flow succeeded.
 * @fires {CustomEvent<{ status: Status }>} stripe-reconnect:disconnected - The tenant disconnected Stripe.
 * @fires {CustomEvent<{ code: ErrorCode, message: string, retryable: boolean }>} stripe-reconnect:error - A troubleshooting panel was shown.
 *
 * @csspart base - The card.
 * @csspart header - The title row with the indicator.
 * @csspart title - The card's title.
 * @csspart indicator - The state pill: icon and words.
 * @csspart message - The sentence under the title: why it needs attention, or how to start.
 * @csspart account - The account's name, id, publishable key and dates.
 * @csspart actions - The row of main buttons.
 * @csspart button - Every button; each also has its own part: `connect-button`, `reconnect-button`, `check-button`, `disconnect-button`, `start-button`, `cancel-button`, `confirm-button`, `retry-button`, `here-button` (continue in this window), `copy-button`, `close-button`.
 * @csspart panel - Every panel; each also has its own part: `prepare-panel`, `wait-panel`, `confirm-panel`, `error-panel`.
 * @csspart expected - The account a reconnect must pick.
 * @csspart steps - The steps that fix an error.
 * @csspart support-link - The link to `support-url`.
 * @csspart details - The details for support, shown to copy by hand when the clipboard is refused.
 *
 * @cssprop --stripe-reconnect-font-family - Font (default: the system's).
 * @cssprop --stripe-reconnect-color - Text; muted text, borders and panels are mixed from it and the background.
 * @cssprop --stripe-reconnect-background - Card background.
 * @cssprop --stripe-reconnect-accent-color - Primary buttons, links and the focus ring.
 * @cssprop --stripe-reconnect-success-color - Connected (green).
 * @cssprop --stripe-reconnect-danger-color - Needs attention, legacy, errors (red).
 * @cssprop --stripe-reconnect-neutral-color - Not connected, disconnected (grey).
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
    sessionProvider: { attribute: false },
    // HTMLElement's own `lang`, made reactive; reflected so that a property set still marks the language for screen readers.
    lang: { reflect: true },
    _status: { state: true },
    _panel: { state: true },
    _busy: { state: true },
    _note: { state: true },
    _m: { state: true },
    _help: { state: true },
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
  /** Called for a fresh session token when there is none or the backend says it expired. */
  declare sessionProvider: (() => Promise<string>) | null;
  // Reactive internal state: declared, set in the constructor (a class field would hide Lit's accessor).
  declare private _status: Status | null;
  declare private _panel: Panel | null;
  declare private _busy: Action | null;
  declare private _note: string;
  declare private _m: Messages;
  /** The troubleshooting texts, loaded with the first panel. */
  declare private _help: Help | null;

  #life = new AbortController();
  #popup: Window | null = null;
  #stop: AbortController | null = null;
  #flow = Promise.resolve();
  #renewed: string | null = null;
  #returned: FlowOutcome | null = null;
  #focus = '';
  /** The running action was started from inside the element (a click, a key): its panels may take focus. */
  #asked = false;

  constructor() {
    super();
    this.apiBase = this.sessionToken = this.returnUrl = this.supportUrl = this.sessionProvider = null;
    this.mode = 'popup';
    this._status = this._panel = this._busy = null;
    this._note = '';
    this._m = en;
    this._help = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#life.signal.aborted) this.#life = new AbortController();
    this.#returned ??= takeReturnOutcome();
    if (this.hasUpdated && this.apiBase) void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#life.abort();
    this.#end();
  }

  /** Reads the status from the backend again. */
  refresh(): Promise<void> {
    return this.#do('load', async () => {
      await this.#call();
      const back = this.#returned;
      this.#returned = null;
      if (back) await this.#outcome(back);
    });
  }

  /**
   * Starts the Reconnect flow: a popup (call it from a click, so that no
   * blocker stops it) or, with `mode="redirect"`, this page goes to Stripe.
   * While a popup is open it only brings that window to the front. Resolves
   * when the flow has ended.
   */
  reconnect(): Promise<void> {
    return this.#start(this.mode === 'redirect');
  }

  /** Disconnects Stripe now (the element's own button asks for confirmation first). */
  disconnect(): Promise<void> {
    return this.#do('disconnect', async () => {
      const status = await this.#call('/disconnect', {});
      this.#close();
      emit(this, 'stripe-reconnect:disconnected', { status });
    });
  }

  protected override render() {
    const { _m: m, _status: status, _busy: busy, _panel: shown } = this;
    const state = status?.state;
    const fresh = state === 'not_connected' || state === 'disconnected';
    return html`<section part="base" aria-labelledby="title" aria-busy=${!!busy} @keydown=${this.#escape}>
<header part="header"><h3 id="title" part="title">${m.stripe}</h3><span part="indicator" class="ind ${
      state ? (TONES[state] ?? 'off') : busy ? 'busy' : 'off'
    }">${state ? m.state[state] : busy ? m.loading : m.unknown}</span></header>
${status
  ? html`${summary(m, m === en ? 'en' : this.lang, status)}<div part="actions" class="row">${this.#button(
      fresh ? 'connect' : 'reconnect',
      () => this.#prepare(),
      state === 'connected' ? '' : 'primary',
    )}${fresh || state === 'legacy' ? nothing : this.#button('check', () => this.#check())}${
      fresh ? nothing : this.#button('disconnect', () => this.#open('confirm'))
    }</div>`
  : nothing}${shown ? this.#panel(shown) : nothing}<div role="status" class="sr">${this._note}</div></section>`;
  }

  /** A native button, with the part `button` and its own (`retry-button`…), off while a short action runs. */
  #button(name: string, click: () => unknown, style = '', label = name as keyof Messages['action']) {
    const busy = this._busy;
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus to the page.
    const off = !!busy && busy !== 'connect' && name !== 'cancel';
    return html`<button part="button ${name}-button" class=${style} aria-disabled=${off} @click=${() => off || click()}
>${this._m.action[label]}</button>`;
  }

  #panel(shown: Panel) {
    const m = this._m;
    const account = this._status?.expected;
    const cancel = this.#button('cancel', () => (this.#end(), this.#close()));
    if (shown === 'prepare') {
      const { prepare } = m;
      return panel(
        'prepare',
        prepare.title,
        html`<p>${prepare.access}</p><p>${account ? prepare.pick : prepare.any}</p>${expected(m, account)}
<p class="muted">${this.mode === 'redirect' ? prepare.redirect : prepare.popup}</p>`,
        html`${this.#button('start', () => this.reconnect(), 'primary')}${cancel}`,
      );
    }
    if (shown === 'confirm') {
      return panel('confirm', m.confirm.title, html`<p>${m.confirm.body}</p>`, html`${this.#button('confirm', () => this.disconnect(), 'danger', 'disconnect')}${cancel}`);
    }
    if (shown === 'wait') {
      const popup = this._busy === 'connect';
      return panel('wait', popup ? m.wait.popup : m.wait.redirect, nothing, popup && cancel);
    }
    const { code } = shown;
    const here = (code === 'popup_blocked' || code === 'flow_cancelled') && shown.action === 'connect';
    const url = this.supportUrl;
    const help = this._help!;
    const [title, what] = help.code[code];
    return panel(
      'error',
      title,
      html`${steps(m, help, code, shown.again, account)}${
        shown.details ? html`<textarea part="details" readonly rows="9" aria-label=${m.details} .value=${shown.details}></textarea>` : nothing
      }`,
      html`${here ? this.#button('here', () => this.#start(true), 'primary') : nothing}${
        code !== 'validation_failed' && (this.sessionProvider || !SESSION_CODE.test(code))
          ? this.#button('retry', () => this.#retry(shown.action), here ? '' : 'primary')
          : nothing
      }${this.#button('copy', () => this.#copy(shown))}${
        url && /^(https?|mailto):/i.test(url) ? html`<a part="support-link" href=${url} target="_blank" rel="noopener">${m.action.support}</a>` : nothing
      }${this.#button('close', () => this.#close())}`,
      what,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('lang')) void this.#loadMessages();
    if ((changed.has('apiBase') || (changed.has('sessionToken') && this.sessionToken !== this.#renewed)) && this.apiBase) {
      void this.refresh();
    }
  }

  protected override updated(): void {
    const target = this.#focus && this.renderRoot.querySelector<HTMLElement>(this.#focus);
    const active = document.activeElement;
    this.#focus = '';
    // Follow the person's own actions only: never take focus from elsewhere in the page.
    if (target && (!active || active === document.body || active === this)) {
      target.focus();
      if (target instanceof HTMLTextAreaElement) target.select();
    }
  }

  async #loadMessages(): Promise<void> {
    const locale = localeOf(this.lang);
    const messages = await loadMessages(locale);
    // A panel on screen follows the language too.
    const help = this._help && (await loadHelp(locale).catch(() => this._help));
    if (localeOf(this.lang) !== locale) return;
    this._m = messages;
    this._help = help;
  }

  /** Runs one action with `aria-busy` on, and turns its failure into a troubleshooting panel. */
  async #do(action: Action, run: () => Promise<void>): Promise<void> {
    const shown = this._panel;
    this._busy = action;
    this.#asked = this.#hasFocus();
    try {
      await run();
      // The action a panel was about has succeeded: that panel is over.
      if (this._panel === shown && (shown as Shown | null)?.action === action) this.#close();
    } catch (error) {
      if (!this.#life.signal.aborted) {
        const { code, requestId } = error instanceof ApiError ? error : new ApiError('internal');
        await this.#fail(code, action, requestId);
      }
    } finally {
      if (this._busy === action) {
        this._busy = null;
        this.#asked = false;
      }
    }
  }

  /**
   * Calls the backend: `GET /status`, or a POST of `body` to `path`. A Status
   * answer (all but `/connect`'s) is shown, announced and sent as a `status` event.
   */
  async #call<T = Status>(path = '/status', body?: object): Promise<T> {
    if (!this.apiBase) throw new ApiError('validation_failed');
    const provider = this.sessionProvider;
    const answer = await request<T>(
      {
        base: this.apiBase,
        token: () => this.sessionToken,
        renew: provider && (async () => (this.#renewed = this.sessionToken = await provider())),
        signal: this.#life.signal,
      },
      path,
      body,
    );
    if (path !== '/connect') {
      const status = (this._status = answer as Status);
      this.#say(`${this._m.stripe}: ${this._m.state[status.state]}`);
      emit(this, 'stripe-reconnect:status', { status });
    }
    return answer;
  }

  #check(): Promise<void> {
    return this.#do('check', async () => {
      await this.#call('/status/check', {});
    });
  }

  /** The Reconnect button: the before-you-start panel, or the Stripe window already open. */
  #prepare(): void {
    if (this.#popup && !this.#popup.closed) this.#popup.focus();
    else this.#open('prepare');
  }

  #start(redirect: boolean): Promise<void> {
    if (this.#popup && !this.#popup.closed) {
      this.#popup.focus();
      return this.#flow;
    }
    // Synchronously, still inside the click: a popup opened after an await is blocked.
    const popup = redirect ? null : openPopup('stripe-reconnect');
    if (!redirect && !popup) return this.#fail('popup_blocked', 'connect');
    this.#end();
    const stop = (this.#stop = new AbortController());
    this.#popup = popup;
    const run = () => this.#run(popup, stop.signal);
    return (this.#flow = this.#do(redirect ? 'redirect' : 'connect', run).finally(() => this.#stop === stop && this.#end()));
  }

  async #run(popup: Window | null, stop: AbortSignal): Promise<void> {
    const started = Date.now();
    const before = this._status?.lastAttempt?.at;
    this.#open('wait');
    this.#say(popup ? this._m.wait.popup : this._m.wait.redirect);
    const { authorizeUrl } = await this.#call<ConnectOutput>(
      '/connect',
      popup ? { mode: 'popup' } : { mode: 'redirect', returnUrl: this.returnUrl || pageUrl() },
    );
    if (!popup) return location.assign(authorizeUrl);
    if (!popup.closed) popup.location.href = authorizeUrl;
    const outcome = await awaitOutcome(popup, new URL(this.apiBase!, location.href).origin, stop);
    if (outcome === undefined) return;
    const { lastAttempt: last } = await this.#call();
    // Closed without a message: the attempt recorded since the flow started is the outcome, if any.
    const recorded = last && last.at !== before && Date.parse(last.at) > started - SKEW;
    await this.#outcome(
      outcome ?? { code: recorded ? (last.outcome === 'success' ? null : (last.code ?? 'internal')) : 'flow_cancelled', requestId: null },
    );
  }

  /** Escape closes the open panel, as its Cancel or Close button would (ending a flow that waits). */
  #escape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this._panel) return;
    event.stopPropagation();
    if (this._panel === 'wait') this.#end();
    this.#close();
  };

  /** Stops listening to the flow and closes its window, if still open. */
  #end(): void {
    this.#stop?.abort();
    if (this.#popup && !this.#popup.closed) this.#popup.close();
    this.#popup = this.#stop = null;
  }

  async #outcome({ code, requestId }: FlowOutcome): Promise<void> {
    if (code) return this.#fail(code, 'connect', requestId);
    failedAgain(null);
    this.#close();
    const account = this._status?.account;
    if (account) emit(this, 'stripe-reconnect:connected', { account });
  }

  async #fail(code: ErrorCode, action: Action, requestId: string | null = null): Promise<void> {
    const again = FLOW_CODES.includes(code) && failedAgain(code);
    const at = new Date().toISOString();
    const help = (this._help ??= await loadHelp(localeOf(this.lang)).catch(() => HELP_UNAVAILABLE));
    this.#open({ code, action, requestId, at, again });
    emit(this, 'stripe-reconnect:error', { code, message: help.code[code][1], retryable: ERROR_CODES[code].retryable });
  }

  #retry(action: Action): Promise<void> {
    if (action === 'check') return this.#check();
    if (action === 'disconnect') return this.disconnect();
    return action === 'load' ? this.refresh() : this.#start(action === 'redirect');
  }

  #details(shown: Shown): string {
    return supportDetails({ ...shown, title: this._m.details, status: this._status });
  }

  async #copy(shown: Shown): Promise<void> {
    const details = this.#details(shown);
    try {
      await navigator.clipboard.writeText(details);
      this.#say(this._m.copied);
    } catch {
      // No clipboard (permission, an older browser): the details go in the panel, selected, to copy by hand.
      if (this._panel !== shown) return;
      this._panel = { ...shown, details };
      this.#focus = 'textarea';
      this.#say(this._m.copyHand);
    }
  }

  /** Focus is in the element (the host is the document's active element when it is in the shadow root). */
  #hasFocus(): boolean {
    return typeof document !== 'undefined' && document.activeElement === this;
  }

  /** Shows a panel; focus goes to its heading when the person is working in the element, never taken from elsewhere. */
  #open(shown: Panel): void {
    this._panel = shown;
    this.#focus = this.#asked || this.#hasFocus() ? '[data-focus]' : '';
  }

  /** Closes the panel; focus goes back to the first main button. */
  #close(): void {
    this._panel = null;
    this.#focus = this.#asked || this.#hasFocus() ? '[part~=actions] button' : '';
  }

  /** Puts a sentence in the live region; the same sentence twice is still announced. */
  #say(text: string): void {
    this._note = this._note === text ? `${text}\u00a0` : text;
  }
}
