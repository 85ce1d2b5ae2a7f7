/**
 * The card's templates (why it needs attention, the account's facts), as pure
 * functions of what they show. The panels under it are in `panels.ts`.
 */
import { html, nothing } from 'lit';
import type { ExpectedAccount, Status } from '../contract/schemas.js';
import { format, type Messages } from './messages/index.js';

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
