/**
 * Support's words for what the backend answers, and the owner's: the card's
 * and the panels' English texts come from the element's own catalog, so an
 * agent reads exactly what the shop owner was shown, not a paraphrase.
 */
import type { ErrorCode, FlowMode, IntegrationState, ProblemCode } from '../../contract/codes.js';
import type { Attempt, Person, Status } from '../../contract/schemas.js';
import { enHelp } from '../../widget/messages/en-help.js';
import { en, format } from '../../widget/messages/index.js';
import { reasonOf } from '../../widget/notice.js';

/** The demo platform's name, as the element says it (the backend's `platformName`). */
const PLATFORM = 'Ledgerly';

export const STATE_WORDS: Record<IntegrationState, string> = en.state;

export const PROBLEM_WORDS: Record<ProblemCode, string> = {
  deauthorized: 'Deauthorized in Stripe',
  access_revoked: 'Access revoked',
  payments_paused: 'Payments paused by Stripe',
  legacy_setup: 'Legacy API-key setup',
};

export const WARNING_WORDS = { requirements_due: 'Stripe needs information by a date' } as const;

export const MODE_WORDS: Record<FlowMode, string> = { popup: 'Stripe in a pop-up', redirect: 'Stripe in the same window (redirect)' };

/** The tone of a state's badge: green, red or grey, as the card's indicator. */
export function tone(state: IntegrationState): 'ok' | 'bad' | 'off' {
  if (state === 'connected') return 'ok';
  return state === 'needs_attention' || state === 'legacy' ? 'bad' : 'off';
}

/** A moment as support reads it: local date and time to the second (the ISO time in the `<time>` and its tooltip). */
export const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
const day = (iso: string) => new Date(iso).toLocaleDateString('en', { dateStyle: 'long' });

/** "Jane Doe <jane@acme.example>", or "-" when the session named nobody. */
export function personWords(person: Person | null | undefined): string {
  if (!person) return '-';
  const name = person.name?.trim();
  if (name && person.email) return `${name} <${person.email}>`;
  return name || person.email || person.id;
}

/**
 * What the owner's card says about the connection: the state's words, then
 * the problem's sentence (or Stripe's pause, or the warning), as the element
 * writes them in English.
 */
export function ownerSees(status: Status): { state: string; message: string | null } {
  const fill = (text: string, date?: string) => format(text, { platform: PLATFORM, date: date ? day(date) : null });
  const state = STATE_WORDS[status.state];
  const problem = status.problem;
  if (problem?.code === 'payments_paused' && problem.details) {
    const { charges, payouts, reason } = problem.details;
    const off = charges ? 'payouts' : payouts ? 'charges' : 'both';
    return { state, message: `${enHelp.paused.title[off]}. ${fill(enHelp.paused.reason[reasonOf(reason)])}` };
  }
  if (problem) return { state, message: fill(en.problem[problem.code], problem.since) };
  if (status.state === 'connected' && status.warning) return { state, message: fill(enHelp.warning, status.warning.deadline) };
  if (status.state === 'not_connected' || status.state === 'disconnected') return { state, message: en.intro[status.state] };
  return { state, message: null };
}

/** The title of the panel the owner was shown for an attempt's code (the widget's own codes included). */
export function panelTitle(code: ErrorCode): string {
  return format(enHelp.code[code][0], { platform: PLATFORM });
}

/** An attempt's outcome in a few words: "Connected", or the code and the panel the owner saw. */
export function attemptWords(attempt: Pick<Attempt, 'outcome' | 'code'>): string {
  if (attempt.outcome === 'success') return 'Connected';
  return attempt.code ? panelTitle(attempt.code) : 'Failed';
}
