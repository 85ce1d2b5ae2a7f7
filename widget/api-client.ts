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

/** The element, as its client reads it: where to call, with which session token, and who gives a fresh one. */
export interface ApiHost {
  /** The `api-base` URL, with or without a trailing slash; null while the host has not set it. */
  readonly apiBase: string | null;
  /** The current session token, if any; a token `sessionProvider` gave is kept here. */
  sessionToken: string | null;
  readonly sessionProvider: (() => Promise<string>) | null;
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
  /** The last token `sessionProvider` gave (the element need not read the status again when it lands in `sessionToken`). */
  renewed: string | null = null;
  #host: ApiHost;
  #signal: () => AbortSignal;

  /** `signal` aborts every request in flight (the element left the page). */
  constructor(host: ApiHost, signal: () => AbortSignal) {
    this.#host = host;
    this.#signal = signal;
  }

  /**
   * Calls one of the {@link WidgetRoutes}: `GET path`, or `POST path` with
   * `body` as JSON. Resolves with the answer's JSON; rejects with an
   * {@link ApiError}, or the `AbortError` once the signal aborts. When the
   * backend says the token is missing or expired (`unauthorized`,
   * `session_expired`), it is renewed once and the request sent again; with no
   * token at all, it is asked for before the first request (and only then).
   */
  async send<P extends keyof WidgetRoutes>(path: P, body?: WidgetRoutes[P][0]): Promise<WidgetRoutes[P][1]> {
    const provider = this.#host.sessionProvider;
    const renew = async () => (this.renewed = this.#host.sessionToken = await provider!());
    // No token yet: ask the host first (once) rather than spend a request on a certain 401.
    const asked = !this.#host.sessionToken && !!provider;
    if (asked) await renew().catch(() => undefined);
    try {
      return await this.#request(path, body);
    } catch (error) {
      const { code } = error as ApiError;
      if (asked || !provider || (code !== 'session_expired' && code !== 'unauthorized')) throw error;
      await renew().catch(() => Promise.reject(error));
      return this.#request(path, body);
    }
  }

  async #request(path: string, body?: object): Promise<any> {
    const url = this.#host.apiBase;
    if (!url) throw new ApiError('validation_failed');
    const token = this.#host.sessionToken;
    const signal = this.#signal();
    let response: Response;
    try {
      response = await fetch(url.replace(/\/+$/, '') + path, {
        method: body ? 'POST' : 'GET',
        signal,
        headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
        body: body && JSON.stringify(body),
      });
    } catch (error) {
      throw signal.aborted ? error : new ApiError('internal');
    }
    this.platformName = platformNameOf(response) ?? this.platformName;
    if (response.ok) return response.json();
    throw await toError(response);
  }
}
