/** "Copy details for support": what support needs to find the attempt and what was tried, and never a secret. */
import type { ErrorCode } from '../contract/codes.js';
import type { Person, PickedAccount, Status } from '../contract/schemas.js';
import type { Tried } from './flow-memory.js';

/** `acct_1Sandbox0001` → `acct_…0001`. */
export const mask = (id: string | null | undefined): string => id?.replace(/^([a-z]+_(?:test_|live_)?).+(.{4})$/, '$1…$2') ?? '-';

/** How a person is named in a sentence: their name, else their email; null when neither is known. */
export const nameOf = (person: Person | null | undefined): string | null => person?.name?.trim() || person?.email || null;

export interface SupportInput {
  title: string;
  at: string;
  code: ErrorCode;
  requestId?: string | null;
  status: Status | null;
  /** The account picked in Stripe, when the backend said which. */
  account?: PickedAccount | null;
  /** The flows of this tab, oldest first (their outcomes: `code` null is connected). */
  tried?: readonly Tried[];
}

const outcome = ({ at, code }: Tried) => `${at} ${code ?? 'connected'}`;

/**
 * One `key: value` line each, with stable keys, so support can read them in
 * any language. Ids are masked; the session token and keys other than the
 * publishable one are never known to this code in the first place. What was
 * tried: the flows of this tab, and the last attempt the backend recorded
 * (with who tried, when the host named them).
 */
export function supportDetails({ title, at, code, requestId, status, account: picked, tried = [] }: SupportInput): string {
  const account = status?.account;
  const expected = status?.expected;
  const last = status?.lastAttempt;
  const by = nameOf(last?.by);
  const lines = {
    time: at,
    code,
    request_id: requestId ?? '-',
    state: status?.state ?? '-',
    account: mask(account?.id),
    expected_account: mask(expected?.id),
    picked_account: mask(picked?.id),
    // Publishable keys are public (every checkout page holds one), and support compares them whole.
    publishable_key: expected?.publishableKey ?? account?.publishableKey ?? '-',
    tried_here: tried.map(outcome).join('; ') || '-',
    last_attempt: last ? `${outcome({ at: last.at, code: last.outcome === 'success' ? null : last.code })}${by ? ` by ${by}` : ''}` : '-',
    connected_by: nameOf(status?.connectedBy) ?? '-',
    page: location.origin,
  };
  return [title, ...Object.entries(lines).map(([key, value]) => `${key}: ${value}`)].join('\n');
}
