/** "Copy details for support": what support needs to find the attempt, and never a secret. */
import type { ErrorCode } from '../contract/codes.js';
import type { Status } from '../contract/schemas.js';

/** `acct_1Sandbox0001` → `acct_…0001`. */
export const mask = (id: string | null | undefined): string => id?.replace(/^([a-z]+_(?:test_|live_)?).+(.{4})$/, '$1…$2') ?? '-';

export interface SupportInput {
  title: string;
  at: string;
  code: ErrorCode;
  requestId: string | null;
  status: Status | null;
  /** The account picked in Stripe, when the backend said which. */
  account?: { id: string } | null;
}

/**
 * One `key: value` line each, with stable keys, so support can read them in
 * any language. Ids are masked; the session token and keys other than the
 * publishable one are never known to this code in the first place.
 */
export function supportDetails({ title, at, code, requestId, status, account: picked }: SupportInput): string {
  const account = status?.account;
  const expected = status?.expected;
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
    page: location.origin,
  };
  return [title, ...Object.entries(lines).map(([key, value]) => `${key}: ${value}`)].join('\n');
}
