/**
 * The element's only way to the backend: JSON over `fetch` with the session
 * token, failures turned into {@link ApiError}s carrying the contract's codes,
 * and one retry with a fresh token when the session expired. Transport only:
 * showing what comes back is the element's job.
 */
import type { ErrorCode } from '../contract/codes.js';
import type { CompleteRequest, ConnectRequest, ConnectResponse, PickedAccount, Status } from '../contract/schemas.js';

export class ApiError extends Error {
  declare readonly code: ErrorCode;
  declare readonly requestId: string | null;
  /** The account picked in Stripe, carried by the account errors of a completion. */
  declare readonly account: PickedAccount | null;

  constructor(code: ErrorCode, requestId: string | null = null, message: string = code, account: PickedAccount | null = null) {
    super(message);
    Object.assign(this, { code, requestId, account });
  }
}

/** The error a failed answer carries (its reader is loaded with the first failure). */
async function toError(response: Response): Promise<ApiError> {
  try {
    const { code, requestId, message, account } = await (await import('./api-errors.js')).readError(response);
    return new ApiError(code, requestId, message, account);
  } catch {
    return new ApiError('internal');
  }
}

/** The header in which the backend names the platform (percent-encoded UTF-8). */
const PLATFORM_HEADER = 'Reconnect-Platform-Name';

/** The header's value decoded, or null when it is absent, empty or not valid percent-encoding. */
function platformNameOf(response: Response): string | null {
  try {
    return decodeURIComponent(response.headers.get(PLATFORM_HEADER) ?? '').trim() || null;
  } catch {
    return null;
  }
}

export interface ApiClientOptions {
  /** The `api-base` URL, with or without a trailing slash; null while the host has not set it. */
  base: () => string | null;
  /** The current session token, if any. */
  token: () => string | null;
  /** The host's `sessionProvider`, which gives a fresh token; null when it gave none. */
  provider: () => (() => Promise<string>) | null;
  /** Keeps a token the provider gave (after which `token()` returns it). */
  renewed: (token: string) => void;
  /** Aborts every request in flight (the element left the page). */
  signal: () => AbortSignal;
}

/**
 * The widget routes of the backend: what each takes (`undefined`: a `GET`)
 * and answers. One table instead of one method each keeps the start-up code
 * small; the types still check every call.
 */
export interface WidgetRoutes {
  '/status': [undefined, Status];
  /** The backend asks Stripe now. */
  '/status/check': [object, Status];
  /** The authorize URL of a new flow. */
  '/connect': [ConnectRequest, ConnectResponse];
  /** Redeems the one-time handle a flow brought back; the Status once connected. */
  '/connect/complete': [CompleteRequest, Status];
  '/disconnect': [object, Status];
}

/** The element's client of the widget routes. */
export class ApiClient {
  /** The platform's name as the backend last said it (`Reconnect-Platform-Name`), or null. */
  platformName: string | null = null;

  #options: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.#options = options;
  }

  /**
   * Calls one of the {@link WidgetRoutes}: `GET path`, or `POST path` with
   * `body` as JSON. Resolves with the answer's JSON; rejects with an
   * {@link ApiError}, or the `AbortError` once the signal aborts. When the
   * backend says the token is missing or expired (`unauthorized`,
   * `session_expired`), it is renewed once and the request sent again; with no
   * token at all, it is asked for before the first request.
   */
  send<P extends keyof WidgetRoutes>(path: P, body?: WidgetRoutes[P][0]): Promise<WidgetRoutes[P][1]>;
  async send(path: keyof WidgetRoutes, body?: object, renewed = false): Promise<unknown> {
    const { base, token, signal, renewed: keep, provider: providerOf } = this.#options;
    const provider = providerOf();
    const renew = provider && (async () => keep(await provider()));
    const url = base();
    if (!url) throw new ApiError('validation_failed');
    // No token yet: ask the host first rather than spend a request on a certain 401.
    if (!token() && renew && !renewed) {
      await renew().catch(() => undefined);
      renewed = true;
    }
    const current = token();
    const aborted = signal();
    let response: Response;
    try {
      response = await fetch(url.replace(/\/+$/, '') + path, {
        method: body ? 'POST' : 'GET',
        signal: aborted,
        headers: { 'Content-Type': 'application/json', ...(current && { Authorization: `Bearer ${current}` }) },
        body: body && JSON.stringify(body),
      });
    } catch (error) {
      throw aborted.aborted ? error : new ApiError('internal');
    }
    this.platformName = platformNameOf(response) ?? this.platformName;
    if (response.ok) return response.json();
    const error = await toError(response);
    if (renewed || !renew || (error.code !== 'session_expired' && error.code !== 'unauthorized')) throw error;
    await renew().catch(() => Promise.reject(error));
    // Its implementation's own signature: the same request, the token renewed.
    return (this.send as (path: string, body: object | undefined, renewed: boolean) => Promise<unknown>)(path, body, true);
  }
}
