/**
 * The card's notice when Stripe restricts the account, in words an owner can
 * act on: payments paused by Stripe (`payments_paused`: what it means, from
 * `charges` and `payouts`, the card's message having said which Stripe
 * paused; why, from Stripe's `disabled_reason`; what still works; what to
 * do, with Stripe's deadline when known) and the warning before it
 * (`requirements_due`, by a date). Each has one next step, a link: the
 * Stripe Dashboard, where the owner gives Stripe what it asks for, or the
 * support that can lift the pause. Reconnecting lifts no restriction, so it
 * is never offered as the fix (the card hides Reconnect then; "Check again"
 * reads Stripe's answer once the owner has acted).
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
type Scope = Pick<PanelScope, 'html' | 'nothing' | 'help' | 'fill' | 'host' | 'panel'>;

/** Stripe's `requirements.disabled_reason`, grouped by what the owner can do about it. */
export function reasonOf(reason: string | null): Reason {
  if (reason === 'requirements.past_due') return 'due';
  if (reason === 'under_review' || reason === 'listed' || reason === 'requirements.pending_verification') return 'review';
  if (reason === 'platform_paused' || reason?.startsWith('rejected.platform_')) return 'platform';
  if (reason?.startsWith('rejected.')) return 'rejected';
  return 'other';
}

/** `text` with its `{date}` in a `<time>`, in the texts' language ("23 November 2026"); `values` fill its other placeholders (split first, so a value is never read as one). */
export function dated({ html, fill, help }: Pick<Scope, 'html' | 'fill' | 'help'>, text: string, iso: string, values?: Record<string, string>) {
  const [before, after] = text.split('{date}').map((part) => fill(part, values));
  return html`${before}<time datetime=${iso}>${new Date(iso).toLocaleDateString(help.locale, { dateStyle: 'long' })}</time>${after}`;
}

/** A link out of the page, in a new tab; a `primary` one looks like the main button. */
function link({ html }: Scope, part: string, href: string, words: string, look: '' | 'primary' = '') {
  return html`<a part="${part}" class="button ${look}" href=${href} target="_blank" rel="noopener">${words}</a>`;
}

/** The notice's links, the first the next step; none while a panel is open (the panel holds the next step then). */
function links(scope: Scope, ...links: unknown[]) {
  return scope.panel ? scope.nothing : scope.html`<div class="row">${links}</div>`;
}

function renderPaused(scope: Scope, details: PausedDetails) {
  const { html, nothing, help, fill, host } = scope;
  const { paused } = help;
  const reason = reasonOf(details.reason);
  const off = details.charges ? 'payouts' : details.payouts ? 'charges' : 'both';
  const act = reason === 'other' ? 'due' : reason;
  const { deadline } = details;
  const when =
    deadline && act === 'due' ? html` ${dated(scope, Date.parse(deadline) > Date.now() ? paused.deadline.future : paused.deadline.past, deadline)}` : nothing;
  const { supportUrl } = host;
  let next = link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard, 'primary');
  // Only Stripe can lift a rejection; only the platform can lift its own pause (its support, where the page names one).
  if (act === 'rejected') next = link(scope, 'stripe-support-link', STRIPE_SUPPORT_URL, help.link.stripeSupport, 'primary');
  if (act === 'platform') {
    next = supportUrl && /^(https?|mailto):/i.test(supportUrl) ? link(scope, 'support-link', supportUrl, help.action.support, 'primary') : link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard);
  }
  return html`<div part="notice" class="notice" role="group" aria-labelledby="notice-title"><h4 id="notice-title">${paused.title[off]}</h4>
<p>${fill(paused.reason[reason])}${when}</p><p>${paused.works[off]}</p><p>${fill(paused.act[act])}</p>${links(scope, next)}</div>`;
}

/** The notice for `status`, if Stripe restricts its account or will; nothing otherwise. */
export function renderNotice(scope: Scope, status: Status) {
  const { html, nothing, help } = scope;
  const details = status.problem?.code === 'payments_paused' ? status.problem.details : null;
  if (details) return renderPaused(scope, details);
  const warning = status.state === 'connected' ? status.warning : null;
  if (!warning) return nothing;
  return html`<div part="notice" class="notice warn" role="note"><p>${dated(scope, help.warning, warning.deadline)}</p>
${links(scope, link(scope, 'dashboard-link', DASHBOARD_URL, help.link.dashboard, 'primary'))}</div>`;
}
