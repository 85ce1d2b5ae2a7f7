import { Hono, type Context } from 'hono';
import { NEW_ACCOUNT_CHOICE, renderErrorPage, renderPicker, type PickerChoice } from './authorize-page.js';
import {
  AuthorizeProblem,
  FormSigner,
  ineligibility,
  parseAuthorizeRequest,
  redirectBack,
  type AuthorizeRequest,
  type AuthorizeRules,
} from './authorize-request.js';
import { countCalls, type CallCounter } from './calls.js';
import type { AccountRecord } from './seed.js';
import type { SandboxState } from './state.js';
import type { SandboxEnv } from './types.js';
import type { ApplicationEventType, WebhookDelivery } from './webhook-sender.js';

/** Tells a platform's Connect endpoint about an account (only the sandbox's own platform has one). */
export type NotifyPlatform = (
  clientId: string,
  event: { type: ApplicationEventType; accountId: string; livemode: boolean; requestId: string | null },
) => WebhookDelivery | null;

export interface AuthorizeRoutesOptions {
  state: SandboxState;
  counter: CallCounter;
  rules: AuthorizeRules;
  notify: NotifyPlatform;
}

/** The form's own fields, as opposed to the authorize parameters it carries. */
const FORM_FIELDS = new Set(['account', 'action', 'form_token']);

// The page holds a form that hands out codes: no caching, no framing, nothing loaded from elsewhere.
const PAGE_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'same-origin',
};

/**
 * `GET /oauth/authorize` shows the account picker (or Stripe's error page);
 * `POST /oauth/authorize` is the picker's form: it refuses what the page
 * would not allow, then connects the account and sends the browser back with
 * a code, or back with `error=access_denied`.
 */
export function authorizeRoutes({ state, counter, rules, notify }: AuthorizeRoutesOptions) {
  const signer = new FormSigner();

  function choices(request: AuthorizeRequest): PickerChoice[] {
    return [...state.accounts.values()]
      .filter((account) => account.listed)
      .map((account) => ({
        account,
        ineligible: ineligibility(account, request, state),
        isPlatform: account.id === request.platform.accountId,
      }));
  }

  function picker(c: Context<SandboxEnv>, request: AuthorizeRequest, error: string | null, selected: string | null) {
    const html = renderPicker({ request, choices: choices(request), formToken: signer.sign(request.params), error, selected });
    return c.html(html, error ? 400 : 200, PAGE_HEADERS);
  }

  function errorPage(c: Context<SandboxEnv>, error: unknown) {
    if (!(error instanceof AuthorizeProblem)) throw error;
    return c.html(renderErrorPage(error.message), 400, PAGE_HEADERS);
  }

  /** Connecting happens when the person clicks Connect, as on Stripe; the code only hands the credentials over. */
  function connect(request: AuthorizeRequest, account: AccountRecord): string {
    const clientId = request.platform.clientId;
    state.connect(clientId, account.id, account.livemode, request.scope);
    const code = state.issueCode(clientId, account.id, account.livemode, request.scope);
    notify(clientId, { type: 'account.application.authorized', accountId: account.id, livemode: account.livemode, requestId: null });
    return redirectBack(request, { code: code.code, scope: request.scope });
  }

  return new Hono<SandboxEnv>()
    .get('/oauth/authorize', countCalls(counter, 'authorize'), (c) => {
      try {
        return picker(c, parseAuthorizeRequest(new URL(c.req.url).searchParams, rules), null, null);
      } catch (error) {
        return errorPage(c, error);
      }
    })
    .post('/oauth/authorize', countCalls(counter, 'authorize'), async (c) => {
      const form = new URLSearchParams(await c.req.text());
      const carried = new URLSearchParams([...form].filter(([name]) => !FORM_FIELDS.has(name)));
      if (!signer.verify([...carried], form.get('form_token'))) {
        return errorPage(c, new AuthorizeProblem('This page has expired or was not opened from Stripe. Return to the application and start connecting again.'));
      }
      let request: AuthorizeRequest;
      try {
        request = parseAuthorizeRequest(carried, rules);
      } catch (error) {
        return errorPage(c, error);
      }

      if (form.get('action') === 'deny') {
        return c.redirect(redirectBack(request, { error: 'access_denied', error_description: 'The user denied your request' }), 303);
      }
      const choice = form.get('account');
      if (!choice) return picker(c, request, 'Choose an account to connect, or create a new one.', null);
      if (choice === NEW_ACCOUNT_CHOICE) {
        const s = request.stripeUser;
        const account = state.createAccount({ name: s.business_name, email: s.email, url: s.url, country: s.country }, false);
        return c.redirect(connect(request, account), 303);
      }
      const account = state.accounts.get(choice);
      if (!account?.listed) return picker(c, request, 'That account is not available. Choose another account.', null);
      // The page disables an ineligible account; a hand-made submission is refused the same way, without a code.
      const why = ineligibility(account, request, state);
      if (why) return picker(c, request, why, null);
      return c.redirect(connect(request, account), 303);
    });
}
