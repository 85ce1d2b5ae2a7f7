/**
 * The card's templates (the state pill, why it needs attention, the
 * account's facts and dates), as pure functions of what they show; its state
 * is `card-controller.ts`. The panels under it are in `panels.ts`.
 */
import { html, nothing } from 'lit';
import type { IntegrationState } from '../contract/codes.js';
import type { Status } from '../contract/schemas.js';
import type { Fill, Messages, Task } from './model.js';

/** The indicator's colour and icon; the other states are grey (a connection with Stripe's deadline ahead is amber, `due`). */
const TONES: Partial<Record<IntegrationState, string>> = { connected: 'ok', needs_attention: 'bad', legacy: 'bad' };

/** The title and the state pill (icon and words; "Checking…" while the first status is read, the `busy` task). */
export function header(m: Messages, status: Status | null, busy: Task | null) {
  let tone = 'off';
  let words = m.unknown;
  if (status) {
    tone = status.warning ? 'due' : (TONES[status.state] ?? 'off');
    words = m.state[status.state];
  } else if (busy) {
    tone = 'busy';
    words = m.loading;
  }
  return html`<header part="header"><h3 id="title" part="title">${m.stripe}</h3><span part="indicator" class="ind ${tone}">${words}</span></header>`;
}

/** What the card shows: the texts, the dates' locale, how to fill placeholders, and what the last flow did. */
export interface CardView {
  m: Messages;
  lang: string;
  fill: Fill;
  /** After a flow that succeeded, until the next status: "Reconnected to Acme Inc. …". */
  done: string | null;
  /** What Stripe asks of the account (payments paused, information due), rendered by the panels' code once loaded. */
  notice: unknown;
}

/** `pk_live_51AbCd…Xy9`: a publishable key shortened in the middle, so that it never wraps. */
export const shortKey = (key: string) => key.replace(/^((?:pk|rk|sk)_(?:live|test)_.{4}).{6,}(.{3})$/, '$1…$2');

/** A date in a sentence: the day, or the day and the time. */
const day = (lang: string, iso: string, time?: boolean) =>
  new Date(iso).toLocaleString(lang, time ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' });

const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);

/** A sentence with a `{date}` in it: the date in a `<time>`, with the `time` of day; `name` fills `{name}` (split first, so a name is never read as a placeholder). */
function dated({ fill, lang }: CardView, text: string, iso: string | null, { time, name }: { time?: boolean; name?: string | null } = {}) {
  if (!iso) return nothing;
  const [before, after] = text.split('{date}').map((part) => fill(part, { name }));
  return html`<span>${before}<time datetime=${iso}>${day(lang, iso, time)}</time>${after}</span> `;
}

/**
 * The account's facts, shown once: it is also the account a reconnect must
 * pick (the `expected` part) when there is one, and the panels point to it.
 */
function facts(view: CardView, status: Status) {
  const { m } = view;
  const account = status.account ?? status.expected;
  if (!account) return nothing;
  const key = account.publishableKey;
  // Who connected: the person most likely to have access to the right account.
  const by = status.connectedBy;
  const name = by?.name || by?.email;
  const dates = html`${dated(view, name ? m.dates.connectedBy : m.dates.connected, status.connectedAt, { name })}${dated(view, m.dates.checked, status.checkedAt, { time: true })}`;
  return html`<div part="account${status.expected ? ' expected' : ''}"><dl>${row(m.field.name, account.name)}${row(m.field.id, account.id && html`<code>${account.id}</code>`)}${row(
    m.field.key,
    key && html`<code title=${key}>${shortKey(key)}</code>`,
  )}</dl><p class="muted">${dates}</p></div>`;
}

/**
 * Why the state needs attention (or how to start, or what a flow just did),
 * what Stripe asks, then the account's facts. Payments paused: which of
 * payments and payouts Stripe paused, from its `charges` and `payouts`.
 */
export function summary(view: CardView, status: Status) {
  const { m, fill, done } = view;
  const { problem } = status;
  const off = problem?.details;
  let text = done || (m.intro as Record<string, string>)[status.state];
  if (problem && !done) text = fill(m.problem[problem.code], { paused: off && m.paused[off.charges ? 'payouts' : off.payouts ? 'charges' : 'both'] }).replace('{date}', day(view.lang, problem.since));
  const message = text ? html`<p part="message" class=${problem || done ? '' : 'muted'}>${text}</p>` : nothing;
  return html`${message}${view.notice}${facts(view, status)}`;
}
