/**
 * Reads the backend's error answers: loaded with the first failure, so that
 * the start-up code does not carry the contract's vocabulary of codes.
 */
import { isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { ErrorBody, PickedAccount } from '../contract/schemas.js';

export interface ErrorFacts {
  code: ErrorCode;
  requestId: string | null;
  message?: string;
  /** The account picked in Stripe (the account errors of a completion), when the answer names one. */
  account: PickedAccount | null;
}

/** The contract's code of a failed answer; not the contract's error JSON (a proxy's page, no body): only a 429 says more than `internal`. */
export async function readError(response: Response): Promise<ErrorFacts> {
  const { error } = ((await response.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
  const code = isErrorCode(error?.code) ? error.code : response.status === 429 ? 'rate_limited' : 'internal';
  const picked = error?.account;
  const account = typeof picked?.id === 'string' ? { id: picked.id, name: typeof picked.name === 'string' ? picked.name : null } : null;
  return { code, requestId: error?.requestId ?? response.headers.get('X-Request-Id'), message: error?.message, account };
}
