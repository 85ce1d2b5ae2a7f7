import type { AuthorizeChoice, SandboxControlClient } from '../../server/sandbox/control-client.js';
import { API_KEY } from './constants.js';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface FlowResult {
  authorizeUrl: string;
  /** Where Stripe sent the browser: the callback URL with code/state or error. */
  callbackUrl: URL;
  response: HttpResult<string>;
  /** What the popup page posts to the opener, parsed from the page itself; null if it posts nothing. */
  message: { type: string; outcome: string; code: string | null; requestId: string } | null;
  /** The origin the popup page posts to. */
  targetOrigin: string | null;
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

/** Reads the message and target origin out of the popup page's inline script. */
export function parseCallbackPage(html: string): { message: FlowResult['message']; targetOrigin: string | null } {
  const match = /var m=(\{.*?\});try\{if\(window\.opener\)\{window\.opener\.postMessage\(m,("[^"]*")\)/.exec(html);
  if (!match) return { message: null, targetOrigin: null };
  return { message: JSON.parse(match[1]!), targetOrigin: JSON.parse(match[2]!) };
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
    async mintSession(tenantId: string, opts: { origin?: string; ttlSeconds?: number } = {}): Promise<string> {
      const result = await admin<{ token: string }>('/sessions', {
        method: 'POST',
        json: { tenantId, origin: opts.origin ?? origin, ...(opts.ttlSeconds && { ttlSeconds: opts.ttlSeconds }) },
      });
      if (result.status !== 201) throw new Error(`POST /sessions answered ${result.status}: ${result.text}`);
      return result.body.token;
    },
    /** Starts a flow here; returns the authorize URL Stripe's page is at. */
    async startFlow(token: string, opts: { mode?: 'popup' | 'redirect'; returnUrl?: string } = {}): Promise<string> {
      const started = await request<{ authorizeUrl: string }>('/connect', {
        method: 'POST',
        token,
        json: { mode: opts.mode ?? 'popup', ...(opts.returnUrl && { returnUrl: opts.returnUrl }) },
      });
      if (started.status !== 200) throw new Error(`POST /connect answered ${started.status}: ${started.text}`);
      return started.body.authorizeUrl;
    },
  };
}

/** Follows Stripe back to the callback (not further) and reads what the page says. */
export async function finishFlow(callbackUrl: URL, authorizeUrl: string): Promise<FlowResult> {
  const response = await readResult<string>(await fetch(callbackUrl, { redirect: 'manual' }));
  return { authorizeUrl, callbackUrl, response, ...parseCallbackPage(response.text) };
}

/** A whole flow like a person's: start, choose in Stripe's page, come back. */
export async function runFlow(
  client: ReturnType<typeof apiClient>,
  control: SandboxControlClient,
  token: string,
  choice: AuthorizeChoice,
  opts: { mode?: 'popup' | 'redirect'; returnUrl?: string } = {},
): Promise<FlowResult> {
  const authorizeUrl = await client.startFlow(token, opts);
  return finishFlow(await control.completeAuthorize(authorizeUrl, choice), authorizeUrl);
}
