/**
 * The panels under the card: before you start, waiting for Stripe, the
 * disconnect confirmation, and the troubleshooting panel of an error. Pure
 * templates of a {@link PanelScope}: the element owns the state and the
 * handlers, this module only shows them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { ErrorCode } from '../contract/codes.js';
import type { Status } from '../contract/schemas.js';
import type { Help, Messages } from './messages/index.js';
import { supportDetails } from './support.js';
import { expected } from './view.js';

/** What the element was doing: what "Try again" repeats. */
export type Action = 'load' | 'check' | 'connect' | 'redirect' | 'disconnect';

/** A troubleshooting panel: the code, the action that failed, and what support needs. */
export interface ErrorPanel {
  code: ErrorCode;
  action: Action;
  requestId: string | null;
  at: string;
  /** The flow failed after a failure: add the fallback step. */
  again: boolean;
  /** The details for support, shown to copy by hand when the clipboard refused them. */
  details?: string;
}

export type Panel = 'prepare' | 'wait' | 'confirm' | ErrorPanel;

/** What the panels' buttons do: the element's actions. */
export interface PanelHandlers {
  /** Continue to Stripe. */
  start(): void;
  /** Cancel: ends a flow that waits, and closes the panel. */
  cancel(): void;
  /** Disconnect, confirmed. */
  confirm(): void;
  /** Try again: repeats the action that failed. */
  retry(action: Action): void;
  /** Continue in this window: the flow again, in redirect mode. */
  continueHere(): void;
  /** Puts a sentence in the live region. */
  announce(text: string): void;
}

/** What the element shows in its panels. */
export interface PanelView {
  m: Messages;
  status: Status | null;
  busy: Action | null;
  redirect: boolean;
  supportUrl: string | null;
  /** The host gave a `sessionProvider`: trying again can renew a session. */
  canRenew: boolean;
  /** A native button with the parts `button` and `<name>-button`. */
  button(name: string, click: () => unknown, style?: string, label?: keyof Messages['action']): TemplateResult;
}

/** What a panel shows, and what its buttons do. */
export interface PanelScope extends PanelView, PanelHandlers {
  help: Help;
  copy(panel: ErrorPanel, details: string): void;
  close(): void;
}

/** Retrying after these (`session_*`, `unauthorized`) helps only with a fresh session from a `sessionProvider`. */
const SESSION_CODE = /^(session|unauth)/;

/**
 * A panel's frame: its title (focus moves there when it opens; for an error,
 * the title and `alert` are announced), what it says, and its buttons.
 */
function frame(name: string, title: string, content: unknown, buttons: unknown, alert?: string) {
  const heading = html`<h4 id="panel-title" tabindex="-1" data-focus>${title}</h4>`;
  const top = alert ? html`<div role="alert">${heading}<p>${alert}</p></div>` : heading;
  return html`<div part="panel ${name}-panel" class="panel ${name}" role="group" aria-labelledby="panel-title">
${top}${content}<div class="row">${buttons}</div></div>`;
}

export function renderPreparePanel(scope: PanelScope) {
  const { m, status } = scope;
  const { prepare } = m;
  const account = status?.expected;
  const where = scope.redirect ? prepare.redirect : prepare.popup;
  return frame(
    'prepare',
    prepare.title,
    html`<p>${prepare.access}</p><p>${account ? prepare.pick : prepare.any}</p>${expected(m, account)}<p class="muted">${where}</p>`,
    html`${scope.button('start', scope.start, 'primary')}${scope.button('cancel', scope.cancel)}`,
  );
}

export function renderConfirmPanel({ m, button, confirm, cancel }: PanelScope) {
  const buttons = html`${button('confirm', confirm, 'danger', 'disconnect')}${button('cancel', cancel)}`;
  return frame('confirm', m.confirm.title, html`<p>${m.confirm.body}</p>`, buttons);
}

export function renderWaitPanel({ m, busy, button, cancel }: PanelScope) {
  const popup = busy === 'connect';
  return frame('wait', popup ? m.wait.popup : m.wait.redirect, nothing, popup && button('cancel', cancel));
}

/** The steps that fix an error, the fallback step after a failure, and the account to compare with. */
function renderSteps({ m, help, status }: PanelScope, { code, again }: ErrorPanel) {
  const steps = help.code[code].slice(2);
  const fallback = again ? html`<li>${help.again}</li>` : nothing;
  const account = code === 'account_mismatch' ? expected(m, status?.expected) : nothing;
  return html`<ol part="steps">${steps.map((step) => html`<li>${step}</li>`)}${fallback}</ol>${account}`;
}

function renderErrorActions(scope: PanelScope, panel: ErrorPanel) {
  const { m, button, supportUrl } = scope;
  const { code } = panel;
  const here = (code === 'popup_blocked' || code === 'flow_cancelled') && panel.action === 'connect';
  const retryHelps = code !== 'validation_failed' && (scope.canRenew || !SESSION_CODE.test(code));
  const details = () => supportDetails({ ...panel, title: m.details, status: scope.status });
  const support =
    supportUrl && /^(https?|mailto):/i.test(supportUrl)
      ? html`<a part="support-link" href=${supportUrl} target="_blank" rel="noopener">${m.action.support}</a>`
      : nothing;
  const continueHere = here ? button('here', scope.continueHere, 'primary') : nothing;
  const retry = retryHelps ? button('retry', () => scope.retry(panel.action), here ? '' : 'primary') : nothing;
  return html`${continueHere}${retry}${button('copy', () => scope.copy(panel, details()))}${support}${button('close', scope.close)}`;
}

export function renderErrorPanel(scope: PanelScope, panel: ErrorPanel) {
  const [title, what] = scope.help.code[panel.code];
  const details = panel.details
    ? html`<textarea part="details" readonly rows="9" aria-label=${scope.m.details} .value=${panel.details}></textarea>`
    : nothing;
  return frame('error', title, html`${renderSteps(scope, panel)}${details}`, renderErrorActions(scope, panel), what);
}

/** The panel for `panel`. */
export function renderPanel(scope: PanelScope, panel: Panel) {
  if (panel === 'prepare') return renderPreparePanel(scope);
  if (panel === 'confirm') return renderConfirmPanel(scope);
  if (panel === 'wait') return renderWaitPanel(scope);
  return renderErrorPanel(scope, panel);
}
