/**
 * The panels under the card: before you start, waiting for Stripe, the
 * disconnect confirmation, and the troubleshooting panel of an error; and,
 * from `notice.ts`, the card's notice of what Stripe asks of the account.
 * Pure templates of a `PanelScope` (`model.ts`): the element and its
 * controllers own the state and the handlers, this module only shows them.
 *
 * One clear next step on every screen: a panel has at most one filled
 * button, at most three actions counting "Contact support", which is always
 * last in its row; while one is open the card's own buttons step back (the
 * element hides them, or turns them off while Stripe's window is open).
 *
 * It is loaded with the first panel (or notice), and imports nothing of the
 * start-up code: Lit's `html` comes in the scope (first-paint rules in
 * `stripe-reconnect.ts`). What it imports (the notice, the flow's memory, the
 * details for support) is lazy code too.
 */
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import { recall } from './flow-memory.js';
import type { ErrorPanel, HelpEntry, Panel, PanelScope, PanelTemplates, WaitPanel } from './model.js';
import { dated } from './notice.js';
import { PANEL_STYLES } from './panel-styles.js';
import { nameOf, supportDetails } from './support.js';

export { renderNotice } from './notice.js';

/** Retrying after these (`session_*`, `unauthorized`) helps only with a fresh session from a `sessionProvider`. */
const SESSION_CODE = /^(session|unauth)/;
/** Dead ends the shop owner cannot fix: no retry, no steps but support. */
const DEAD_ENDS: readonly ErrorCode[] = ['livemode_mismatch', 'validation_failed'];
/** The failures Stripe's ineligible mark can explain: the person left, or let Stripe create a new account. */
const INELIGIBLE_CODES: readonly ErrorCode[] = ['access_denied', 'flow_cancelled', 'account_mismatch'];
/** The account errors name who connected Stripe here: the person most likely to reach the right account. */
const NAMES_WHO: readonly ErrorCode[] = ['account_mismatch', 'account_ineligible', 'account_already_integrated'];

let sheet: CSSStyleSheet | undefined;

/** Adds the panels' look to the element's shadow root (after the card's, which Lit adopted). */
export function adoptPanelStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_STYLES);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** The element's attributes as the panels use them: Stripe opens in this window; trying again can renew a session. */
const attrs = ({ host }: PanelScope) => ({ redirect: host.mode === 'redirect', canRenew: !!host.sessionProvider });

/** `**words**` in bold: a button's name in Stripe. */
const rich = ({ html }: PanelScope, text: string) => text.split('**').map((part, i) => (i % 2 ? html`<strong>${part}</strong>` : part));

/** "Contact support": the host's support page, last in every panel's row, where the host gave an http(s) or mailto one. */
function supportLink({ html, nothing, host, help }: PanelScope) {
  const url = host.supportUrl;
  return url && /^(https?|mailto):/i.test(url) ? html`<a part="support-link" href=${url} target="_blank" rel="noopener">${help.action.support}</a>` : nothing;
}

/**
 * A panel's frame: its title (focus moves there when it opens; for an error,
 * the title and `alert` are announced), what it says, its buttons, then
 * "Contact support".
 */
function frame(scope: PanelScope, name: string, title: string, content: unknown, buttons: unknown, alert?: unknown) {
  const { html, nothing, help } = scope;
  const heading = html`<h4 id="panel-title" class=${name === 'wait' ? 'ind busy' : ''} tabindex="-1" data-focus>${title}</h4>`;
  const top = alert ? html`<div role="alert">${heading}${alert}</div>` : heading;
  const close = alert
    ? html`<button part="button close-button" class="close" aria-label=${help.action.close} title=${help.action.close} @click=${() => scope.panels.close()}
>×</button>`
    : nothing;
  return html`<div part="panel ${name}-panel" class="panel ${name}" role="group" aria-labelledby="panel-title">
${top}${close}${content}<div class="row">${buttons}${supportLink(scope)}</div></div>`;
}

/** What a subscription owner should know before reconnecting: by the state, what happens to renewals. */
function subscriptions({ help, status }: PanelScope): string | null {
  const { kept, broken, left } = help.prepare.subscriptions;
  const state = status?.state;
  if (state === 'needs_attention') return broken;
  if (state === 'disconnected') return left;
  return state === 'connected' || state === 'legacy' ? kept : null;
}

/**
 * Before you start: logged in to Stripe first, the Administrator role, the
 * account to pick (by its name, as Stripe's list shows it), who connected
 * first (the person to ask), what happens to subscriptions, and where Stripe
 * opens.
 */
export function renderPreparePanel(scope: PanelScope) {
  const { html, nothing, help, status, fill } = scope;
  const { prepare, action } = help;
  const expected = status?.expected;
  const pick = expected ? (expected.name || status?.account?.name ? prepare.pick : prepare.pickKey) : prepare.any;
  const name = nameOf(status?.connectedBy);
  const who = name && status?.connectedAt ? html`<p part="who">${dated(scope, prepare.who, status.connectedAt, { name })}</p>` : nothing;
  const legacy = status?.state === 'legacy' ? html`<p>${prepare.legacy}</p>` : nothing;
  const kept = subscriptions(scope);
  const content = html`<ul><li>${prepare.login}</li><li>${prepare.role}</li></ul><p>${fill(pick)}</p>${who}${legacy}${kept ? html`<p>${fill(kept)}</p>` : nothing}<p class="muted">${attrs(scope).redirect ? prepare.redirect : prepare.popup}</p>${expected ? html`<p class="muted">${fill(help.switch)}</p>` : nothing}`;
  const start = scope.button('start', () => scope.run(attrs(scope).redirect ? 'redirect' : 'popup'), 'primary', action.start);
  return frame(scope, 'prepare', prepare.title, content, html`${start}${scope.button('cancel', scope.cancel, '', action.cancel)}`);
}

export function renderConfirmPanel(scope: PanelScope) {
  const { html, help, button, fill } = scope;
  const buttons = html`${button('confirm', () => scope.run('disconnect'), 'danger', scope.m.action.disconnect)}${button('cancel', scope.cancel, '', help.action.cancel)}`;
  return frame(scope, 'confirm', help.confirm.title, html`<p>${fill(help.confirm.body)}</p>`, buttons);
}

/** Waiting for Stripe: a short pill that never wraps, then what to do in the popup (which Cancel closes). */
export function renderWaitPanel(scope: PanelScope, { wait: where }: WaitPanel) {
  const { html, nothing, help } = scope;
  const { wait } = help;
  if (where === 'redirect') return frame(scope, 'wait', wait.redirect, nothing, nothing);
  return frame(scope, 'wait', wait.title, html`<p>${wait[where]}</p>`, scope.button('cancel', scope.cancel, '', help.action.cancel));
}

/**
 * The texts of an error's panel: the dead-end variant of `account_ineligible`
 * where an account is expected; `livemode_mismatch` said the right way round
 * where the status shows the platform's mode (a connection's `livemode`, or a
 * publishable key).
 */
function entryOf({ help, status }: Pick<PanelScope, 'help' | 'status'>, code: ErrorCode): { entry: HelpEntry; deadEnd: boolean } {
  if (code === 'account_ineligible' && status?.expected) return { entry: help.ineligibleExpected, deadEnd: true };
  const entry = help.code[code];
  const key = status?.account?.publishableKey ?? status?.expected?.publishableKey;
  const live = status?.account ? status.account.livemode : key ? key.startsWith('pk_live_') : null;
  if (code === 'livemode_mismatch' && live !== null) return { entry: [entry[0], help.livemode[live ? 'test' : 'live'], ...entry.slice(2)], deadEnd: true };
  return { entry, deadEnd: DEAD_ENDS.includes(code) };
}

/** Who connected Stripe here, under an account error, when the backend knows. */
function renderWho({ html, nothing, help, status, fill }: PanelScope, { code }: ErrorPanel) {
  const name = NAMES_WHO.includes(code) ? nameOf(status?.connectedBy) : null;
  return name ? html`<p part="who">${fill(help.who, { name })}</p>` : nothing;
}

/** A mismatch: the account picked in Stripe beside the one to pick, names and ids. */
function renderCompare({ html, nothing, help, status }: PanelScope, { code, account: picked }: ErrorPanel) {
  const expected = status?.expected;
  if (code !== 'account_mismatch' || !picked || !expected?.id) return nothing;
  const line = (name: string | null, id: string) => html`${name ? `${name} ` : ''}<code>${id}</code>`;
  return html`<dl part="compare"><dt>${help.compare.picked}</dt><dd>${line(picked.name, picked.id)}</dd><dt>${help.compare.expected}</dt><dd>${line(
    expected.name,
    expected.id,
  )}</dd></dl>`;
}

/** Under what happened: whether the connection on record still works, or still needs reconnecting. */
function connectionLine({ help, status }: PanelScope): string | null {
  if (status?.state === 'connected') return help.works;
  if (status?.state === 'needs_attention' || status?.state === 'legacy') return help.broken;
  return null;
}

/**
 * The steps that fix an error: the way to switch accounts after a mismatch;
 * what Stripe's ineligible mark means, where it can have been shown (an
 * account never connected here through Stripe: a first connection, a legacy
 * setup); the fallback after a second failure. A dead end has no steps: only
 * a sentence pointing to support.
 */
function renderSteps(scope: PanelScope, panel: ErrorPanel, steps: readonly string[], deadEnd: boolean) {
  const { html, help, status } = scope;
  if (deadEnd) return html`<p part="steps">${steps.map((step) => scope.fill(step))}</p>`;
  const { code } = panel;
  if (code === 'invalid_state' && status?.state === 'connected') steps = [help.invalidConnected];
  const extra = [];
  if (code === 'account_mismatch') extra.push(help.switch);
  if (INELIGIBLE_CODES.includes(code) && (!status?.expected || status.state === 'legacy')) extra.push(help.ineligible);
  if (panel.again) extra.push(help.again);
  return html`<ol part="steps">${[...steps, ...extra].map((step) => html`<li>${rich(scope, scope.fill(step))}</li>`)}</ol>`;
}

/**
 * One next step, filled: "Continue in this window" where the popup is the
 * trouble (blocked, or closed twice), else "Try again" where it helps (not
 * for an ended attempt when Stripe is connected), else the details for
 * support (a dead end); then the details, and "Contact support" (from the
 * frame).
 */
function renderErrorActions(scope: PanelScope, panel: ErrorPanel, deadEnd: boolean) {
  const { html, nothing, help, button } = scope;
  const { code, task } = panel;
  const here = task === 'popup' && (code === 'popup_blocked' || (code === 'flow_cancelled' && !!panel.again));
  // An ended attempt over a connection that works needs nothing more.
  const done = code === 'invalid_state' && scope.status?.state === 'connected';
  const retry = !here && !deadEnd && !done && (attrs(scope).canRenew || !SESSION_CODE.test(code));
  let next: unknown = nothing;
  if (here) next = button('here', () => scope.run('redirect'), 'primary', help.action.here);
  if (retry) next = button('retry', () => scope.run(task), 'primary', help.action.retry);
  return html`${next}${button('copy', () => copyDetails(scope, panel), deadEnd ? 'primary' : '', help.action.copy)}`;
}

/** Puts the details for support on the clipboard; where it refuses, shows them in the panel, to copy by hand. */
async function copyDetails(scope: PanelScope, panel: ErrorPanel): Promise<void> {
  const { help } = scope;
  const details = supportDetails({ ...panel, title: help.details, status: scope.status, tried: recall().tried });
  try {
    await navigator.clipboard.writeText(details);
    scope.panels.announce(help.copied);
  } catch {
    scope.panels.showDetails(panel, details);
  }
}

/** What happened, as an error's panel says it (and the `error` event carries it). */
function errorMessage(scope: Pick<PanelScope, 'help' | 'status' | 'fill'>, { code, account }: Pick<ErrorPanel, 'code' | 'account'>): string {
  return scope.fill(entryOf(scope, code).entry[1], { picked: account && (account.name ?? account.id) });
}

/** The `error` event of a panel: its code, what happened in the panel's words, and whether repeating the request may succeed. */
export function errorEvent(scope: PanelScope, panel: ErrorPanel): ReturnType<PanelTemplates['errorEvent']> {
  return { code: panel.code, message: errorMessage(scope, panel), retryable: ERROR_CODES[panel.code].retryable };
}

export function renderErrorPanel(scope: PanelScope, panel: ErrorPanel) {
  const { html, nothing, help } = scope;
  const { entry, deadEnd } = entryOf(scope, panel.code);
  const [title, , ...steps] = entry;
  const line = connectionLine(scope);
  const alert = html`<p>${errorMessage(scope, panel)}</p>${line ? html`<p>${scope.fill(line)}</p>` : nothing}`;
  const details = panel.details
    ? html`<textarea part="details" readonly rows="14" aria-label=${help.details} .value=${panel.details}></textarea>`
    : nothing;
  const content = html`${renderCompare(scope, panel)}${renderSteps(scope, panel, steps, deadEnd)}${renderWho(scope, panel)}${details}`;
  return frame(scope, 'error', scope.fill(title), content, renderErrorActions(scope, panel, deadEnd), alert);
}

/** The panel for `panel`. */
export function renderPanel(scope: PanelScope, panel: Panel) {
  if (panel === 'prepare') return renderPreparePanel(scope);
  if (panel === 'confirm') return renderConfirmPanel(scope);
  if ('wait' in panel) return renderWaitPanel(scope, panel);
  return renderErrorPanel(scope, panel);
}
