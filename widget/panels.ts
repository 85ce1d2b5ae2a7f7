/**
 * The panels under the card: before you start, waiting for Stripe, the
 * disconnect confirmation, and the troubleshooting panel of an error; and,
 * from `notice.ts`, the card's notice of what Stripe asks of the account.
 * Pure templates of a `PanelScope` (`model.ts`): the element and its
 * controllers own the state and the handlers, this module only shows them.
 *
 * It is loaded with the first panel (or notice), and imports nothing of the
 * start-up code: Lit's `html` comes in the scope (first-paint rules in
 * `stripe-reconnect.ts`). What it imports (the notice, the flow's memory, the
 * details for support) is lazy code too.
 */
import { ERROR_CODES, type ErrorCode } from '../contract/codes.js';
import { recall } from './flow-memory.js';
import type { ErrorPanel, HelpEntry, Panel, PanelScope, PanelTemplates, WaitPanel } from './model.js';
import { nameOf, supportDetails } from './support.js';

export { renderNotice } from './notice.js';

/** Retrying after these (`session_*`, `unauthorized`) helps only with a fresh session from a `sessionProvider`. */
const SESSION_CODE = /^(session|unauth)/;
/** Dead ends the shop owner cannot fix: no retry, no steps but support. */
const DEAD_ENDS: readonly ErrorCode[] = ['livemode_mismatch', 'validation_failed'];

/** The panels' own look (the card's is in `styles.ts`), loaded with them: see {@link adoptPanelStyles}. */
const STYLES = `
.panel { position: relative; display: grid; gap: 10px; padding: 14px 16px; background: #8881; border: 1px solid #8885; border-radius: var(--stripe-reconnect-radius, 10px) }
.error { border-left: 3px solid var(--_bad) }
h4 { margin: 0; font-size: 1em; outline: none }
[role=alert] { display: grid; gap: 6px }
.error h4 { padding-right: 28px }
.wait h4 { justify-self: start; white-space: nowrap }
ol, ul { margin: 0; padding-left: 1.3em; display: grid; gap: 4px }
textarea { padding: 6px 8px; font: 0.92em ui-monospace, monospace; color: inherit; background: var(--_bg); border: 1px solid #8887; border-radius: 7px; resize: vertical }
.danger { color: var(--_bg); background: var(--_bad); border-color: transparent }
a { color: color-mix(in srgb, var(--_accent) 75%, var(--_fg)); text-underline-offset: 2px }
.close { position: absolute; top: 8px; right: 8px; width: 28px; height: 28px; padding: 0; border-color: transparent; background: none; font-size: 18px; line-height: 1 }
:host { --_warn: var(--stripe-reconnect-warning-color, light-dark(#8a5300, #f2b65a)) }
.notice { display: grid; gap: 6px; padding: 10px 12px; border-left: 3px solid var(--_bad); border-radius: 7px; background: #8881 }
.warn { border-left-color: var(--_warn) }
.notice time { white-space: nowrap }
a.button { padding: 5px 12px; color: var(--_fg); border: 1px solid #8887; border-radius: 7px; text-decoration: none }
a.primary { color: var(--_bg); background: var(--_accent); border-color: transparent }
[part~=compare] { padding: 6px 8px; border-radius: 7px; background: var(--_bg) }
`;

let sheet: CSSStyleSheet | undefined;

/** Adds the panels' look to the element's shadow root (after the card's, which Lit adopted). */
export function adoptPanelStyles(root: ShadowRoot): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

/** `**words**` in bold: a button's name in Stripe. */
const rich = ({ html }: PanelScope, text: string) => text.split('**').map((part, i) => (i % 2 ? html`<strong>${part}</strong>` : part));

/**
 * A panel's frame: its title (focus moves there when it opens; for an error,
 * the title and `alert` are announced), what it says, and its buttons.
 */
function frame(scope: PanelScope, name: string, title: string, content: unknown, buttons: unknown, alert?: unknown) {
  const { html, nothing } = scope;
  const heading = html`<h4 id="panel-title" class=${name === 'wait' ? 'ind busy' : ''} tabindex="-1" data-focus>${title}</h4>`;
  const top = alert ? html`<div role="alert">${heading}${alert}</div>` : heading;
  const close = alert
    ? html`<button part="button close-button" class="close" aria-label=${scope.help.action.close} title=${scope.help.action.close} @click=${scope.close}
>×</button>`
    : nothing;
  return html`<div part="panel ${name}-panel" class="panel ${name}" role="group" aria-labelledby="panel-title">
${top}${close}${content}<div class="row">${buttons}</div></div>`;
}

export function renderPreparePanel(scope: PanelScope) {
  const { html, nothing, help, status } = scope;
  const { prepare, action } = help;
  const expected = !!status?.expected;
  const pick = expected ? prepare.pick : prepare.any;
  const where = scope.redirect ? prepare.redirect : prepare.popup;
  const switchAccount = expected ? html`<p class="muted">${help.switch}</p>` : nothing;
  const content = html`<ul><li>${prepare.access}</li><li>${prepare.role}</li></ul><p>${pick}</p><p class="muted">${where}</p>${switchAccount}`;
  return frame(
    scope,
    'prepare',
    prepare.title,
    content,
    html`${scope.button('start', () => scope.run(scope.redirect ? 'redirect' : 'popup'), 'primary', action.start)}${scope.button('cancel', scope.cancel, '', action.cancel)}`,
  );
}

export function renderConfirmPanel(scope: PanelScope) {
  const { html, help, button } = scope;
  const buttons = html`${button('confirm', () => scope.run('disconnect'), 'danger', scope.m.action.disconnect)}${button('cancel', scope.cancel, '', help.action.cancel)}`;
  return frame(scope, 'confirm', help.confirm.title, html`<p>${help.confirm.body}</p>`, buttons);
}

/** Waiting for Stripe: a short pill that never wraps, then what to do in the popup (which Cancel closes). */
export function renderWaitPanel(scope: PanelScope, { wait: where }: WaitPanel) {
  const { html, nothing, help } = scope;
  const { wait } = help;
  if (where === 'redirect') return frame(scope, 'wait', wait.redirect, nothing, nothing);
  return frame(scope, 'wait', wait.title, html`<p>${wait[where]}</p>`, scope.button('cancel', scope.cancel, '', help.action.cancel));
}

/** The texts of an error's panel: the dead-end variant of `account_ineligible` where an account is expected. */
function entryOf({ help, status }: Pick<PanelScope, 'help' | 'status'>, code: ErrorCode): { entry: HelpEntry; deadEnd: boolean } {
  if (code === 'account_ineligible' && status?.expected) return { entry: help.ineligibleExpected, deadEnd: true };
  return { entry: help.code[code], deadEnd: DEAD_ENDS.includes(code) };
}

/** The account errors name who connected Stripe here: the person most likely to reach the right account. */
const NAMES_WHO: readonly ErrorCode[] = ['account_mismatch', 'account_ineligible', 'account_already_integrated'];

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
 * The steps that fix an error: the way to switch accounts after a mismatch,
 * the fallback after a second failure. A dead end has no steps: only a
 * sentence pointing to support.
 */
function renderSteps(scope: PanelScope, panel: ErrorPanel, steps: readonly string[], deadEnd: boolean) {
  const { html, help } = scope;
  if (deadEnd) return html`<p part="steps">${steps.map((step) => scope.fill(step))}</p>`;
  const extra = [];
  if (panel.code === 'account_mismatch') extra.push(help.switch);
  if (panel.again && !deadEnd) extra.push(help.again);
  return html`<ol part="steps">${[...steps, ...extra].map((step) => html`<li>${rich(scope, scope.fill(step))}</li>`)}</ol>`;
}

function renderErrorActions(scope: PanelScope, panel: ErrorPanel, deadEnd: boolean) {
  const { html, nothing, help, button, supportUrl } = scope;
  const { code } = panel;
  const here = (code === 'popup_blocked' || code === 'flow_cancelled') && panel.task === 'popup';
  const retryHelps = !deadEnd && (scope.canRenew || !SESSION_CODE.test(code));
  const continueHere = here ? button('here', () => scope.run('redirect'), 'primary', help.action.here) : nothing;
  // Continue in this window is the way forward where it shows; Try again is then the second choice.
  const retryStyle = here ? '' : 'primary';
  const retry = retryHelps ? button('retry', () => scope.run(panel.task), retryStyle, help.action.retry) : nothing;
  const copy = button('copy', () => copyDetails(scope, panel), '', help.action.copy);
  const support =
    supportUrl && /^(https?|mailto):/i.test(supportUrl)
      ? html`<a part="support-link" href=${supportUrl} target="_blank" rel="noopener">${help.action.support}</a>`
      : nothing;
  return html`${continueHere}${retry}${copy}${support}`;
}

/** Puts the details for support on the clipboard; where it refuses, shows them in the panel, to copy by hand. */
async function copyDetails(scope: PanelScope, panel: ErrorPanel): Promise<void> {
  const { help } = scope;
  const details = supportDetails({ ...panel, title: help.details, status: scope.status, tried: recall().tried });
  try {
    await navigator.clipboard.writeText(details);
    scope.announce(help.copied);
  } catch {
    scope.showDetails(panel, details);
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
