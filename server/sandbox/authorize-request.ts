import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccountRecord, SandboxPlatform } from './seed.js';
import type { SandboxState, Scope } from './state.js';

/** A validated `GET /oauth/authorize` request. */
export interface AuthorizeRequest {
  platform: SandboxPlatform;
  scope: Scope;
  redirectUri: string;
  state: string | null;
  /** `stripe_user[...]` prefill for a new account, keyed by the name inside the brackets. */
  stripeUser: Record<string, string>;
  /** The request's own parameters, carried through the form as hidden fields. */
  params: Array<[string, string]>;
}

/** Why the authorize page refuses to start: shown as an error page, never redirected (the redirect URI cannot be trusted yet). */
export class AuthorizeProblem extends Error {}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function isLoopbackHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

export interface AuthorizeRules {
  state: SandboxState;
  /** Redirect URIs registered for the platform's client id; empty means any loopback http(s) URL. */
  redirectUris: string[];
}

/**
 * Checks the authorize parameters in Stripe's order: the application, the
 * response type, the scope, then the redirect URI (exact match against the
 * registered ones; the first registered one when none is given).
 */
export function parseAuthorizeRequest(params: URLSearchParams, rules: AuthorizeRules): AuthorizeRequest {
  const clientId = params.get('client_id');
  if (!clientId) throw new AuthorizeProblem('Missing required param: client_id.');
  const platform = rules.state.platformByClientId(clientId);
  if (!platform) throw new AuthorizeProblem(`No application matches the supplied client identifier: '${clientId}'.`);

  const responseType = params.get('response_type');
  if (responseType !== 'code') {
    throw new AuthorizeProblem(`Invalid response_type: '${responseType ?? ''}'. The only supported response_type is 'code'.`);
  }

  const scope = params.get('scope') ?? 'read_only';
  if (scope !== 'read_write' && scope !== 'read_only') {
    throw new AuthorizeProblem(`Invalid scope: '${scope}'. Use read_write or read_only.`);
  }

  // Only the sandbox's own platform has registered URIs; the other platform accepts loopback URLs.
  const registered = platform.clientId === rules.state.platform.clientId ? rules.redirectUris : [];
  const given = params.get('redirect_uri');
  const redirectUri = given ?? registered[0];
  if (!redirectUri) {
    throw new AuthorizeProblem('No redirect_uri was provided, and this application has no redirect URI in its Connect settings.');
  }
  const allowed = registered.length ? registered.includes(redirectUri) : isLoopbackHttpUrl(redirectUri);
  if (!allowed) {
    throw new AuthorizeProblem(
      `Invalid redirect_uri '${redirectUri}'. Ensure this URI exactly matches one of the redirect URIs specified in the application's Connect settings.`,
    );
  }

  const stripeUser: Record<string, string> = {};
  for (const [key, value] of params) {
    const field = /^stripe_user\[([a-z_]+)\]$/.exec(key)?.[1];
    if (field && value) stripeUser[field] = value;
  }
  return { platform, scope, redirectUri, state: params.get('state'), stripeUser, params: [...params] };
}

/**
 * Why an account cannot be connected to this application, in Stripe's words,
 * or null when it can. Since June 2021 a `read_write` platform cannot connect
 * an account that another platform controls; `read_only` still may.
 */
export function ineligibility(account: AccountRecord, request: AuthorizeRequest, state: SandboxState): string | null {
  if (!account.controlledBy || account.controlledBy === request.platform.clientId || request.scope === 'read_only') return null;
  const owner = state.platformByClientId(account.controlledBy)?.name ?? 'another platform';
  return `This account can't be connected: it was created by ${owner} and can only be connected to that platform.`;
}

/** The redirect back to the platform, as Stripe builds it: the redirect URI with the answer added to its query. */
export function redirectBack(request: AuthorizeRequest, answer: Record<string, string>): string {
  const url = new URL(request.redirectUri);
  for (const [key, value] of Object.entries(answer)) url.searchParams.set(key, value);
  if (request.state !== null) url.searchParams.set('state', request.state);
  return url.toString();
}

/**
 * Binds the picker's form to the page that rendered it (like Stripe's CSRF
 * token), so a choice can only be submitted through the page's own form.
 */
export class FormSigner {
  private readonly key = randomBytes(32);

  sign(params: Array<[string, string]>): string {
    const canonical = JSON.stringify([...params].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b))));
    return createHmac('sha256', this.key).update(canonical).digest('base64url');
  }

  verify(params: Array<[string, string]>, token: string | null): boolean {
    if (!token) return false;
    const expected = Buffer.from(this.sign(params));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
