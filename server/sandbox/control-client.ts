import type { AccountUpdateResult } from './account-updates.js';
import type { AccountView, RevokeResult, UpdateOptions } from './controls.js';
import type { Fault, FaultKind, FaultRoute } from './faults.js';
import type { InformationDueSpec, PauseSpec } from './requirements.js';
import type { CountedRoute } from './types.js';
import type { ApplicationEventType, WebhookDelivery } from './webhook-sender.js';

/** A control route answered with an error. */
export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`Sandbox control request failed with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = 'SandboxControlError';
  }
}

/**
 * The authorize page did not send the browser back: it showed Stripe's error
 * page (bad client id, redirect URI, …) or refused the choice (ineligible account).
 * `pageMessage` is the message the person would read.
 */
export class AuthorizePageError extends Error {
  constructor(
    readonly status: number,
    readonly pageMessage: string,
  ) {
    super(`The authorize page answered HTTP ${status}: ${pageMessage}`);
    this.name = 'AuthorizePageError';
  }
}

/** What the person does on the authorize page. */
export type AuthorizeChoice = { accountId: string } | { createAccount: true } | { deny: true };

const decodeHtml = (value: string) =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function pageMessage(html: string): string {
  const alert = /role="alert"[^>]*>([\s\S]*?)<\//.exec(html)?.[1];
  return alert ? decodeHtml(alert.trim()) : 'no message on the page';
}

/**
 * Does what a person's browser does on the sandbox's authorize page: GET it,
 * then submit its own form (its hidden fields, the chosen radio and the
 * pressed button) to the page's form handler, and answer the Location it
 * redirects to: the redirect URI with `code`, `scope` and `state`, or with
 * `error=access_denied`. Throws `AuthorizePageError` when the page shows an
 * error instead. Unlike a browser it will submit an account whose radio is
 * disabled, so tests can see the form handler refuse it too.
 */
export async function completeAuthorize(authorizeUrl: string, choice: AuthorizeChoice): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new AuthorizePageError(page.status, pageMessage(html));
  const form = /<form method="post" action="([^"]*)"/.exec(html);
  if (!form) throw new AuthorizePageError(page.status, 'the page has no form');
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields.append(decodeHtml(name), decodeHtml(value));
  }
  if ('deny' in choice) {
    fields.set('action', 'deny');
  } else {
    fields.set('account', 'createAccount' in choice ? 'new' : choice.accountId);
    fields.set('action', 'connect');
  }
  const answer = await fetch(new URL(decodeHtml(form[1]), authorizeUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields,
    redirect: 'manual',
  });
  const location = answer.headers.get('Location');
  if ((answer.status === 302 || answer.status === 303) && location) {
    await answer.body?.cancel();
    return new URL(location, authorizeUrl);
  }
  throw new AuthorizePageError(answer.status, pageMessage(await answer.text()));
}

/** Typed calls to a sandbox's `/_sandbox/*` control API, for tests and the demo. */
export interface SandboxControlClient {
  reset(): Promise<void>;
  accounts(): Promise<AccountView[]>;
  revoke(accountId: string, options?: { webhook?: boolean }): Promise<RevokeResult>;
  webhookUrl(): Promise<string | null>;
  setWebhookUrl(url: string | null): Promise<void>;
  addFault(fault: { route: FaultRoute; kind: FaultKind; count?: number; delayMs?: number }): Promise<Fault>;
  faults(): Promise<Fault[]>;
  clearFaults(): Promise<number>;
  expireCodes(code?: string): Promise<number>;
  calls(): Promise<Record<CountedRoute, number>>;
  resetCalls(): Promise<void>;
  deliveries(): Promise<WebhookDelivery[]>;
  triggerEvent(type: ApplicationEventType, accountId: string): Promise<WebhookDelivery>;
  /** Stripe pauses payments on the account (default: charges and payouts, `requirements.past_due`). */
  pauseAccount(accountId: string, spec?: PauseSpec & UpdateOptions): Promise<AccountUpdateResult>;
  /** Stripe needs information by `deadline` (unix seconds or ISO 8601); payments still work. */
  requireInformation(accountId: string, spec: InformationDueSpec & UpdateOptions): Promise<AccountUpdateResult>;
  /** Back to healthy. */
  clearAccount(accountId: string, options?: UpdateOptions): Promise<AccountUpdateResult>;
  /** `count` new healthy accounts already connected to the platform; their ids. */
  addConnectedAccounts(count: number): Promise<string[]>;
  completeAuthorize(authorizeUrl: string, choice: AuthorizeChoice): Promise<URL>;
}

/** A client for the control API of the sandbox at `baseUrl` (e.g. `http://127.0.0.1:12111`). */
export function sandboxControl(baseUrl: string): SandboxControlClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(`/_sandbox${path}`, baseUrl), {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new SandboxControlError(response.status, json);
    return json as T;
  }

  return {
    reset: async () => void (await call('POST', '/reset')),
    accounts: async () => (await call<{ accounts: AccountView[] }>('GET', '/accounts')).accounts,
    revoke: (accountId, options = {}) => call<RevokeResult>('POST', `/accounts/${encodeURIComponent(accountId)}/revoke`, options),
    webhookUrl: async () => (await call<{ webhookUrl: string | null }>('GET', '/webhook-url')).webhookUrl,
    setWebhookUrl: async (webhookUrl) => void (await call('PUT', '/webhook-url', { webhookUrl })),
    addFault: async (fault) => (await call<{ fault: Fault }>('POST', '/faults', fault)).fault,
    faults: async () => (await call<{ faults: Fault[] }>('GET', '/faults')).faults,
    clearFaults: async () => (await call<{ cleared: number }>('DELETE', '/faults')).cleared,
    expireCodes: async (code) => (await call<{ expired: number }>('POST', '/codes/expire', code ? { code } : {})).expired,
    calls: async () => (await call<{ calls: Record<CountedRoute, number> }>('GET', '/calls')).calls,
    resetCalls: async () => void (await call('DELETE', '/calls')),
    deliveries: async () => (await call<{ deliveries: WebhookDelivery[] }>('GET', '/webhooks')).deliveries,
    triggerEvent: async (type, account) => (await call<{ delivery: WebhookDelivery }>('POST', '/events', { type, account })).delivery,
    pauseAccount: (accountId, spec = {}) => call<AccountUpdateResult>('POST', `/accounts/${encodeURIComponent(accountId)}/pause`, spec),
    requireInformation: (accountId, spec) => call<AccountUpdateResult>('POST', `/accounts/${encodeURIComponent(accountId)}/information-due`, spec),
    clearAccount: (accountId, options = {}) => call<AccountUpdateResult>('POST', `/accounts/${encodeURIComponent(accountId)}/clear`, options),
    addConnectedAccounts: async (count) => (await call<{ accounts: string[] }>('POST', '/accounts/connected', { count })).accounts,
    completeAuthorize,
  };
}
