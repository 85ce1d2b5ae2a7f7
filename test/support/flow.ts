import { COMPLETION_PARAM, FLOW_PARAM, RETURN_PARAM } from '../../contract/codes.js';
import type { ConnectResponse, ErrorBody, OutcomeMessage, Status } from '../../contract/schemas.js';
import type { AuthorizeChoice, SandboxControlClient } from '../../server/sandbox/control-client.js';
import { API_KEY } from './constants.js';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A browser's cookies for the backend, as far as a flow needs them: the
 * binding cookie `GET /oauth/start` sets, sent back on the callback. Each
 * jar is one browser; `browser` is the one the tests' flows run in unless
 * they say otherwise.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Keeps what a response sets, and drops what it removes (`Max-Age=0`). */
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (!value || /;\s*Max-Age=0\b/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The `Cookie` header this browser sends, or undefined when it has none. */
  header(): string | undefined {
    return this.#cookies.size ? [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') : undefined;
  }

  get size(): number {
    return this.#cookies.size;
  }
}

/** The browser the tests' flows run in by default. */
export const browser = new CookieJar();

/** A GET as `jar`'s browser makes it: its cookies sent, what is set kept; redirects not followed. */
export async function browse(url: string | URL, jar: CookieJar = browser, headers: Record<string, string> = {}): Promise<Response> {
  const cookie = jar.header();
  const response = await fetch(url, { redirect: 'manual', headers: { ...headers, ...(cookie && { Cookie: cookie }) } });
  jar.take(response);
  return response;
}

/** What the browser that came back from Stripe received: the popup page's message, or the 303's parameters. */
export interface CallbackAnswer {
  /** What the popup page posts to the opener, parsed from the page itself; null if it posts nothing. */
  message: OutcomeMessage | null;
  /** The origin the popup page posts to. */
  targetOrigin: string | null;
  /** Where the popup page goes when it has no opener (the return URL with the redirect parameters). */
  fallbackUrl: string | null;
  /** The completion handle this browser holds, from the message or the redirect; null when the flow ended. */
  completion: string | null;
  /** The flow's id beside the outcome, from the message or the redirect. */
  flowId?: string | null;
}

export interface FlowResult extends CallbackAnswer {
  authorizeUrl: string;
  /** Where Stripe sent the browser: the callback URL with code/state or error. */
  callbackUrl: URL;
  /** The callback's answer: the popup page, or the 303. */
  response: HttpResult<string>;
  /** `POST /connect/complete`'s answer, once the handle was redeemed. */
  completed: HttpResult<Status | ErrorBody> | null;
  /** `success`, `pending` (a handle not redeemed yet), or the code the flow ended with. */
  outcome: string;
  /** The code the flow ended with; null on success or while pending. */
  code: string | null;
}

export async function readResult<T>(response: Response): Promise<HttpResult<T>> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML or empty: keep the text.
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** Reads the message, target origin and fallback URL out of the popup page's inline script. */
export function parseCallbackPage(html: string): Omit<CallbackAnswer, 'completion'> {
  const match = /var m=(\{.*?\}),o=("[^"]*"),r=(null|"[^"]*");try\{if\(window\.opener\)\{window\.opener\.postMessage\(m,o\)/.exec(html);
  if (!match) return { message: null, targetOrigin: null, fallbackUrl: null };
  return { message: JSON.parse(match[1]!), targetOrigin: JSON.parse(match[2]!), fallbackUrl: JSON.parse(match[3]!) };
}

/** What a browser holds after the callback, whichever way it answered. */
export function readCallback(response: HttpResult<string>): CallbackAnswer & { outcome: string; code: string | null } {
  const location = response.headers.get('location');
  if (response.status === 303 && location) {
    const back = new URL(location);
    const value = back.searchParams.get(RETURN_PARAM) ?? 'none';
    return {
      message: null,
      targetOrigin: null,
      fallbackUrl: null,
      completion: back.searchParams.get(COMPLETION_PARAM),
      flowId: back.searchParams.get(FLOW_PARAM),
      outcome: value,
      code: value === 'pending' ? null : value,
    };
  }
  const page = parseCallbackPage(response.text);
  const completion = page.message?.outcome === 'pending' ? page.message.completion : null;
  const code = page.message?.outcome === 'error' ? page.message.code : page.message ? null : 'no_message';
  return { ...page, completion, flowId: page.message?.flow ?? null, outcome: code ?? 'pending', code };
}

/** A client of one backend instance, as a host backend and a widget on `origin` would call it. */
export function apiClient(apiBase: string, origin: string) {
  async function request<T = unknown>(path: string, init: RequestInit & { json?: unknown; token?: string } = {}): Promise<HttpResult<T>> {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('Content-Type', 'application/json');
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
    if (!headers.has('Origin') && token !== undefined) headers.set('Origin', origin);
    const response = await fetch(`${apiBase}${path}`, {
      ...rest,
      headers,
      redirect: 'manual',
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
    return readResult<T>(response);
  }
  const admin = <T = unknown>(path: string, init: RequestInit & { json?: unknown } = {}) =>
    request<T>(path, { ...init, headers: { Authorization: `Bearer ${API_KEY}`, ...init.headers } });

  return {
    request,
    admin,
    async mintSession(
      tenantId: string,
      opts: { origin?: string; ttlSeconds?: number; user?: { id: string; name?: string; email?: string } } = {},
    ): Promise<string> {
      const result = await admin<{ token: string }>('/sessions', {
        method: 'POST',
        json: { tenantId, origin: opts.origin ?? origin, ...(opts.ttlSeconds && { ttlSeconds: opts.ttlSeconds }), ...(opts.user && { user: opts.user }) },
      });
      if (result.status !== 201) throw new Error(`POST /sessions answered ${result.status}: ${result.text}`);
      return result.body.token;
    },
    /** `POST /connect`: a new flow, not yet started in any browser. */
    async connect(token: string, opts: { mode?: 'popup' | 'redirect'; returnUrl?: string } = {}): Promise<ConnectResponse> {
      const started = await request<ConnectResponse>('/connect', {
        method: 'POST',
        token,
        json: { mode: opts.mode ?? 'popup', ...(opts.returnUrl && { returnUrl: opts.returnUrl }) },
      });
      if (started.status !== 200) throw new Error(`POST /connect answered ${started.status}: ${started.text}`);
      return started.body;
    },
    /** Starts a flow here and opens its start URL in `opts.browser`; returns the authorize URL Stripe's page is at. */
    async startFlow(token: string, opts: { mode?: 'popup' | 'redirect'; returnUrl?: string; browser?: CookieJar } = {}): Promise<string> {
      return openStart((await this.connect(token, opts)).startUrl, opts.browser);
    },
    /** What the widget does with the handle it received: `POST /connect/complete` with its session. */
    complete(token: string, completion: string, opts: { origin?: string } = {}): Promise<HttpResult<Status | ErrorBody>> {
      return request<Status | ErrorBody>('/connect/complete', {
        method: 'POST',
        token,
        json: { completion },
        ...(opts.origin && { headers: { Origin: opts.origin } }),
      });
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Opens a flow's start URL in `jar`'s browser; returns where it sends the browser: Stripe's authorize page. */
export async function openStart(startUrl: string, jar: CookieJar = browser): Promise<string> {
  const response = await browse(startUrl, jar);
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) throw new Error(`GET /oauth/start answered ${response.status}: ${await response.text()}`);
  await response.body?.cancel();
  return location;
}

/** Follows Stripe back to the callback (not further) in `jar`'s browser and reads what that browser received. */
export async function finishFlow(callbackUrl: URL, authorizeUrl: string, jar: CookieJar = browser): Promise<FlowResult> {
  const response = await readResult<string>(await browse(callbackUrl, jar));
  return { authorizeUrl, callbackUrl, response, completed: null, ...readCallback(response) };
}

/** Redeems the handle a flow's browser received, with `token`; a flow that ended at the callback stays as it is. */
export async function completeFlow(client: ApiClient, token: string, flow: FlowResult, opts: { origin?: string } = {}): Promise<FlowResult> {
  if (!flow.completion) return flow;
  const completed = await client.complete(token, flow.completion, opts);
  const code = completed.status === 200 ? null : ((completed.body as ErrorBody).error?.code ?? `http_${completed.status}`);
  return { ...flow, completed, outcome: code ?? 'success', code };
}

export interface RunFlowOptions {
  mode?: 'popup' | 'redirect';
  returnUrl?: string;
  /** The browser the flow runs in (default: the tests' `browser`). */
  browser?: CookieJar;
  /** false: stop at the callback, holding the handle (default: the widget completes it with the same token). */
  complete?: boolean;
}

/** A whole flow like a person's: start, choose in Stripe's page, come back, and the widget completes it. */
export async function runFlow(
  client: ApiClient,
  control: SandboxControlClient,
  token: string,
  choice: AuthorizeChoice,
  opts: RunFlowOptions = {},
): Promise<FlowResult> {
  const authorizeUrl = await client.startFlow(token, opts);
  const flow = await finishFlow(await control.completeAuthorize(authorizeUrl, choice), authorizeUrl, opts.browser);
  return opts.complete === false ? flow : completeFlow(client, token, flow);
}
