/**
 * The element's templates, as pure functions of what they show; handlers come
 * from the element and nothing here keeps state.
 */
import { html, nothing } from 'lit';
import type { ErrorCode } from '../contract/codes.js';
import type { ExpectedAccount, Status } from '../contract/schemas.js';
import { format, type Help, type Messages } from './messages/index.js';

/**
 * A panel: its title (focus moves there when it opens; for an error, the
 * title and `alert` are announced), what it says, and its buttons.
 */
export const panel = (name: string, title: string, content: unknown, buttons: unknown, alert?: string) => {
  const heading = html`<h4 id="panel-title" tabindex="-1" data-focus>${title}</h4>`;
  return html`<div part="panel ${name}-panel" class="panel ${name}" role="group" aria-labelledby="panel-title">
${alert ? html`<div role="alert">${heading}<p>${alert}</p></div>` : heading}${content}<div class="row">${buttons}</div></div>`;
};

const row = (label: string, value: unknown) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);
const id = (text: string | null) => text && html`<code>${text}</code>`;
const date = (lang: string, iso: string) => new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });

/** An account's facts: `part` names the list, `more` adds rows. */
const facts = (m: Messages, part: string, account: ExpectedAccount | null | undefined, more?: unknown) =>
  account
    ? html`<dl part=${part}>${row(m.field.name, account.name)}${row(m.field.id, id(account.id))}${row(m.field.key, id(account.publishableKey))}${more}</dl>`
    : nothing;

/** The account a reconnect must pick: what the person compares with Stripe's list. */
export const expected = (m: Messages, account: ExpectedAccount | null | undefined) => facts(m, 'expected', account);

/** Why the state needs attention (or how to start), then the account's facts. */
export function summary(m: Messages, lang: string, status: Status) {
  const { problem } = status;
  const when = (iso: string | null) => iso && html`<time datetime=${iso}>${date(lang, iso)}</time>`;
  const text = problem
    ? format(m.problem[problem.code], { date: date(lang, problem.since) })
    : (m.intro as Record<string, string>)[status.state];
  return html`${text ? html`<p part="message" class=${problem ? '' : 'muted'}>${text}</p>` : nothing}${facts(
    m,
    'account',
    status.account ?? status.expected,
    html`${row(m.field.connectedAt, when(status.connectedAt))}${row(m.field.checkedAt, when(status.checkedAt))}`,
  )}`;
}

/** The steps of a troubleshooting panel, and the expected account where it helps. */
export const steps = (m: Messages, help: Help, code: ErrorCode, again: boolean, account: ExpectedAccount | null | undefined) =>
  html`<ol part="steps">${help.code[code].slice(2).map((step) => html`<li>${step}</li>`)}${again ? html`<li>${help.again}</li>` : nothing}</ol>
${code === 'account_mismatch' ? expected(m, account) : nothing}`;
