/**
 * The card's notice when Stripe restricts the account, in words an owner can
 * act on: payments paused by Stripe (`payments_paused`: why, from Stripe's
 * `disabled_reason`; what still works, from `charges` and `payouts`; what to
 * do, with the deadline when known) and the warning before it
 * (`requirements_due`, by a date). Both link to the Stripe Dashboard, where
 * the owner gives Stripe what it asks for. Reconnecting lifts no restriction,
 * so it is never offered as the fix (the card hides Reconnect while payments
 * are paused; "Check again" reads Stripe's answer once the owner has acted).
 *
 * Loaded with the panels; Lit's `html` comes in the scope (first-paint rules in `stripe-reconnect.ts`).
 */
import type { PausedDetails, Status } from '../contract/schemas.js';
import type { PanelScope, PausedTexts } from './model.js';

/** Stripe's account status page: what Stripe needs from the account, and where to give it. */
export const DASHBOARD_URL = 'https://dashboard.stripe.com/account/status';
/** Where an account owner asks Stripe itself. */
export const STRIPE_SUPPORT_URL = 'https://support.stripe.com/contact';

type Reason = keyof PausedTexts['reason'];
type Scope = Pick<PanelScope, 'html' | 'nothing' | 'help' | 'fill' | 'supportUrl'>;

/** Stripe's `requirements.disabled_reason`, grouped by what the owner can do about it. */
export function reasonOf(reason: string | null): Reason {
  if (reason === 'requirements.past_due') return 'due';
  if (reason === 'under_review' || reason === 'listed' || reason === 'requirements.pending_verification') return 'review';
  if (reason === 'platform_paused' || reason?.startsWith('rejected.platform_')) return 'platform';
  if (reason?.startsWith('rejected.')) return 'rejected';
  return 'other';
}

/** `text` with its `{date}` in a `<time>`, in the texts' language: "23 November 2026". */
function dated({ html, fill, help }: Scope, text: string, iso: string) {
  const [before, after] = text.split('{date}').map((part) => fill(part));
  return html`${before}<time datetime=${iso}>${new Date(iso).toLocaleDateString(help.locale, { dateStyle: 'long' })}</time>${after}`;
}

/** A link out of the page, in a new tab; a `primary` one looks like the main button. */
function link({ html }: Scope, part: string, href: string, words: string, look: '' | 'primary' = '') {
  return html`<a part="${part}" class="button ${look}" href=${href} target="_blank" rel="noopener">${words}</a>`;
}

function renderPaused(scope: Scope, details: PausedDetails) {
  const { html, nothing, help, fill, supportUrl } = scope;
  const { paused } = help;
  const reason = reasonOf(details.reason);
  const off = details.charges ? 'payouts' : details.payouts ? 'charges' : 'both';
  const act = reason === 'other' ? 'due' : reason;
  const { deadline } = details;
  const when =
    deadline && act === 'due' ? html` ${dated(scope, Date.parse(deadline) > Date.now() ? paused.deadline.future : paused.deadline.past, deadline)}` : nothing;
  const dashboard = link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard, act === 'platform' ? '' : 'primary');
  let links: unknown = dashboard;
  if (act === 'rejected') links = html`${link(scope, 'stripe-support-link', STRIPE_SUPPORT_URL, help.link.stripeSupport, 'primary')}${link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard)}`;
  if (act === 'platform' && supportUrl && /^(https?|mailto):/i.test(supportUrl)) links = link(scope, 'support-link', supportUrl, help.action.support, 'primary');
  return html`<div part="notice" class="notice" role="group" aria-labelledby="notice-title"><h4 id="notice-title">${paused.title[off]}</h4>
<p>${fill(paused.reason[reason])}${when}</p><p>${paused.works[off]}</p><p>${fill(paused.act[act])}</p><div class="row">${links}</div></div>`;
}

/** The notice for `status`, if Stripe restricts its account or will; nothing otherwise. */
export function renderNotice(scope: Scope, status: Status) {
  const { html, nothing, help } = scope;
  const details = status.problem?.code === 'payments_paused' ? status.problem.details : null;
  if (details) return renderPaused(scope, details);
  const warning = status.state === 'connected' ? status.warning : null;
  if (!warning) return nothing;
  return html`<div part="notice" class="notice warn" role="note"><p>${dated(scope, help.warning, warning.deadline)}</p>
<div class="row">${link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard)}</div></div>`;
}
