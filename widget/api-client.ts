/**
 * The element's only way to the backend: JSON over `fetch` with the session
 * token, failures turned into {@link ApiError}s carrying the contract's codes,
 * and one retry with a fresh token when the session expired.
 */
import { isErrorCode, type ErrorCode } from '../contract/codes.js';
import type { ErrorBody } from '../contract/schemas.js';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly requestId: string | null = null,
    message: string = code,
  ) {
    super(message);
  }
}

async function toError(response: Response): Promise<ApiError> {
  const { error } = ((await response.json().catch(() => null)) ?? {}) as Partial<ErrorBody>;
  // Not the contract's error JSON (a proxy's page, no body): only a 429 says more than "internal".
  const code = isErrorCode(error?.code) ? error.code : response.status === 429 ? 'rate_limited' : 'internal';
  return new ApiError(code, error?.requestId ?? response.headers.get('X-Request-Id'), error?.message);
}

export interface ApiClientOptions {
  /** The `api-base` URL, with or without a trailing slash. */
  base: string;
  /** The current session token, if any. */
  token: () => string | null;
  /** Gets a fresh token from the host (after which `token()` returns it); absent when the host gave no `sessionProvider`. */
  renew?: (() => Promise<unknown>) | null | undefined;
  signal: AbortSignal;
}

/**
 * `GET path`, or `POST path` with `body` as JSON. Resolves with the answer's
 * JSON; rejects with an {@link ApiError}, or the `AbortError` once `signal`
 * aborts. When the backend says the token is missing or expired
 * (`unauthorized`, `session_expired`), it is renewed once and the request sent again;
 * with no token at all, it is asked for before the first request.
 */
export async function request<T>(options: ApiClientOptions, path: string, body?: object, renewed = false): Promise<T> {
  const { base, token, renew, signal } = options;
  // No token yet: ask the host first rather than spend a request on a certain 401.
  if (!token() && renew && !renewed) {
    await renew().catch(() => undefined);
    renewed = true;
  }
  const current = token();
  let response: Response;
  try {
    response = await fetch(base.replace(/\/+$/, '') + path, {
      method: body ? 'POST' : 'GET',
      signal,
      headers: { 'Content-Type': 'application/json', ...(current && { Authorization: `Bearer ${current}` }) },
      body: body && JSON.stringify(body),
    });
  } catch (error) {
    throw signal.aborted ? error : new ApiError('internal');
  }
  if (response.ok) return response.json() as Promise<T>;
  const error = await toError(response);
  if (renewed || !renew || (error.code !== 'session_expired' && error.code !== 'unauthorized')) throw error;
  await renew().catch(() => Promise.reject(error));
  return request(options, path, body, true);
}
