/**
 * The Node side of the widget tests: the real backend and Stripe sandbox
 * (test/support/stack.ts), and the commands the browser tests call through
 * `executeServerCommand('stack:…', payload)`. Commands that act like the
 * person (choosing in Stripe's page, closing its window) drive the real
 * browser through puppeteer, so clicks are trusted and popups real; those
 * that act in another browser than the test page's are in `other-browsers.ts`.
 */
import type { Browser, Frame, HTTPRequest, Page } from 'puppeteer-core';
import type { Status } from '../../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../../server/sandbox/index.js';
import type { AuthorizeChoice } from '../../../server/sandbox/control-client.js';
import { mintSession } from '../../../server/security/session-token.js';
import { SESSION_SECRET } from '../../support/constants.js';
import { CookieJar, startStack, type Stack } from '../../support/stack.js';
import { AUTHORIZE_TIMEOUT, finishElsewhere, forwardAuthorize, openTab, type Session } from './other-browsers.js';

export type TenantState = 'not_connected' | 'connected' | 'needs_attention' | 'legacy' | 'disconnected';

/** The host's signed-in person, as `POST /sessions` takes it. */
export interface User {
  id: string;
  name?: string;
  email?: string;
}

/** The name the second backend (`stack:named`) is configured with: `PLATFORM_NAME`, with characters the header must percent-encode. */
export const PLATFORM_NAME = 'Lédgerly & Co';

export interface StackInfo {
  apiBase: string;
  /** The name the second backend (`stack:named`) is configured with. */
  platformName: string;
  sandboxUrl: string;
  origin: string;
  accounts: typeof SANDBOX_ACCOUNTS;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface WidgetStack {
  info: StackInfo;
  run(command: string, payload: unknown, session: Session): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the backend and the sandbox with `origins` (the test pages' origins) allowed. */
export async function startWidgetStack(origins: string[]): Promise<WidgetStack> {
  const stack: Stack = await startStack({
    allowedOrigins: origins,
    // Low per tenant, so one test can reach rate_limited; high per address, since every test shares 127.0.0.1.
    rateLimits: {
      connectPerTenant: { limit: 6, windowSeconds: 60 },
      completePerTenant: { limit: 100, windowSeconds: 60 },
      callbackPerAddress: { limit: 10_000, windowSeconds: 60 },
      callbackPerTenant: { limit: 100, windowSeconds: 60 },
    },
    statusReuseMs: 0,
  });
  const origin = origins[0]!;
  const info: StackInfo = { apiBase: stack.apiBase, platformName: PLATFORM_NAME, sandboxUrl: stack.sandboxUrl, origin, accounts: SANDBOX_ACCOUNTS };
  const authorizePrefix = `${stack.sandboxUrl}/oauth/authorize`;

  const token = (tenantId: string, user?: User) => stack.mintSession(tenantId, { origin, ...(user && { user }) });
  /** A second backend, configured with the platform's name (`PLATFORM_NAME`), started when a test first asks for it. */
  let named: Promise<Stack> | null = null;
  const namedStack = () =>
    (named ??= startStack({ allowedOrigins: origins, platformName: PLATFORM_NAME, statusReuseMs: 0 }));

  /** A fresh account of the tenant's own, created through Stripe's picker, so tests never share one. */
  async function connect(tenantId: string, accountId?: string, user?: User): Promise<Status> {
    const session = await token(tenantId, user);
    // A browser of its own for each: a connection made earlier, whose binding cookie the next flows need not carry (hundreds of them overflow a request's headers).
    const flow = await stack.runFlow(session, accountId ? { accountId } : { createAccount: true }, { browser: new CookieJar() });
    if (flow.outcome !== 'success') throw new Error(`connecting ${tenantId} failed: ${flow.response.text}`);
    if (accountId) return stack.status(session);
    // A new account takes no payments until its owner finishes Stripe's onboarding (payments_paused): finish it, then check.
    await stack.control.clearAccount((await stack.status(session)).account!.id, { webhook: false });
    return (await stack.request<Status>('/status/check', { method: 'POST', token: session })).body;
  }

  async function putInState(tenantId: string, state: TenantState, options: { accountId?: string; publishableKey?: string; user?: User }) {
    if (state === 'not_connected') return stack.status(await token(tenantId));
    if (state === 'legacy') {
      const publishableKey = options.publishableKey ?? (await stack.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.gamma)!.publishableKeys.test;
      const answer = await stack.admin(`/tenants/${encodeURIComponent(tenantId)}/legacy`, { method: 'PUT', json: { publishableKey } });
      if (answer.status >= 300) throw new Error(`legacy import failed: ${answer.text}`);
      return stack.status(await token(tenantId));
    }
    const connected = await connect(tenantId, options.accountId, options.user);
    if (state === 'connected') return connected;
    const session = await token(tenantId);
    if (state === 'disconnected') {
      const answer = await stack.request<Status>('/disconnect', { method: 'POST', token: session, json: {} });
      if (answer.status !== 200) throw new Error(`disconnect failed: ${answer.text}`);
      return answer.body;
    }
    // needs_attention: the owner removes the app in Stripe; the deauthorization webhook reaches the backend.
    await stack.control.revoke(connected.account!.id, { webhook: true });
    return waitFor(() => stack.status(session), (status) => status.state === 'needs_attention', 'the deauthorization');
  }

  /** Where Stripe's authorize page is open: the popup, a window that navigated there, or a frame of the test page (redirect mode). */
  async function authorizePage(session: Session): Promise<Page | Frame> {
    const testPage = session.browser.getPage(session.id);
    const browser: Browser = testPage.browser();
    const until = Date.now() + AUTHORIZE_TIMEOUT;
    for (;;) {
      const frame = testPage.frames().find((f) => f.url().startsWith(authorizePrefix));
      const target = browser.targets().find((t) => t.type() === 'page' && t.url().startsWith(authorizePrefix));
      const found = frame ?? (target && (await target.page()));
      if (found) {
        await found.waitForSelector('form button[value="connect"]', { timeout: AUTHORIZE_TIMEOUT });
        return found;
      }
      if (Date.now() > until) throw new Error("Stripe's authorize page never opened");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Makes the browser's own request to the callback fail a check first:
   * `expire` lets the code expire, `reuse` spends the state from here first.
   */
  async function spoilCallback(page: Page, how: 'expire' | 'reuse') {
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (!url.startsWith(`${stack.apiBase}/oauth/callback`)) return void request.continue();
      // The state used once already, by this same browser (its binding cookie sent): the page's own callback then comes second.
      const reuse = async () => {
        const cookie = (await page.cookies(url)).map((c) => `${c.name}=${c.value}`).join('; ');
        await (await fetch(url, { redirect: 'manual', headers: { Cookie: cookie } })).text();
      };
      const spoil = how === 'expire' ? stack.control.expireCodes() : reuse();
      void spoil.then(() => request.continue());
    });
  }

  async function choose(session: Session, payload: { choice: AuthorizeChoice; spoil?: 'expire' | 'reuse' }) {
    const page = await authorizePage(session);
    if (payload.spoil) await spoilCallback('parentFrame' in page ? page.page() : page, payload.spoil);
    const { choice } = payload;
    if (!('deny' in choice)) await page.click(`input[value="${'createAccount' in choice ? 'new' : choice.accountId}"]`);
    await page.click(`form button[value="${'deny' in choice ? 'deny' : 'connect'}"]`);
    return true;
  }

  async function run(command: string, payload: any, session: Session): Promise<unknown> {
    switch (command) {
      case 'info':
        return info;
      case 'session':
        return payload.expired
          ? mintSession({ sessionSecret: SESSION_SECRET, tenantId: payload.tenantId, origin, ttlSeconds: 60, now: () => new Date(Date.now() - 3_600_000) }).token
          : token(payload.tenantId, payload.user);
      case 'callback': {
        // A flow of this tenant taken up to Stripe's callback: what the browser that comes back holds (the handle, or the code).
        const session = await token(payload.tenantId, payload.user);
        const choice: AuthorizeChoice = payload.accountId ? { accountId: payload.accountId } : { createAccount: true };
        const flow = await stack.runFlow(session, choice, { mode: payload.mode ?? 'redirect', returnUrl: `${origin}/`, complete: false, browser: new CookieJar() });
        return { completion: flow.completion, outcome: flow.outcome };
      }
      case 'complete': {
        // The handle redeemed by the tenant's own session, as its widget would: what the backend answers.
        const answer = await stack.request('/connect/complete', { method: 'POST', token: await token(payload.tenantId, payload.user), json: { completion: payload.completion } });
        return { status: answer.status, body: answer.body };
      }
      case 'named': {
        // The second backend, named: its base URL and a session of `tenantId` there.
        const other = await namedStack();
        return { apiBase: other.apiBase, token: await other.mintSession(payload.tenantId, { origin }) };
      }
      case 'condition': {
        // Stripe changes what it says about the tenant's account (payments paused, information due by a date, healthy
        // again), silently; then the backend checks with Stripe, as "Check again" would. Answers the Status.
        const { tenantId, condition, ...spec } = payload;
        const session = await token(tenantId);
        const accountId = (await stack.status(session)).account!.id;
        if (condition === 'pause') await stack.control.pauseAccount(accountId, { ...spec, webhook: false });
        else if (condition === 'due') await stack.control.requireInformation(accountId, { ...spec, webhook: false });
        else await stack.control.clearAccount(accountId, { webhook: false });
        return (await stack.request<Status>('/status/check', { method: 'POST', token: session, json: {} })).body;
      }
      case 'state':
        return putInState(payload.tenantId, payload.state, payload);
      case 'status':
        return stack.status(await token(payload.tenantId));
      case 'tenant':
        return (await stack.admin(`/tenants/${encodeURIComponent(payload.tenantId)}`)).body;
      case 'revoke':
        return stack.control.revoke(payload.accountId, { webhook: payload.webhook ?? true });
      case 'fault':
        return stack.control.addFault(payload);
      case 'clear-faults':
        return stack.control.clearFaults();
      case 'choose':
        return choose(session, payload);
      case 'finish-elsewhere':
        return finishElsewhere(session, (await authorizePage(session)).url(), payload.accountId, { origin, apiBase: stack.apiBase });
      case 'forward-authorize':
        return forwardAuthorize(session, (await authorizePage(session)).url(), payload.accountId, stack.apiBase);
      case 'open-tab':
        return openTab(session, payload.url, payload.waitMs);
      case 'close-stripe': {
        const page = await authorizePage(session);
        if ('close' in page) await page.close();
        return true;
      }
      case 'windows': {
        // Every window but the test page itself: the Stripe popups still open. A window being created cannot be asked yet: ask again.
        const testPage = session.browser.getPage(session.id);
        for (let tries = 0; ; tries++) {
          try {
            const pages = await testPage.browser().pages();
            return pages.filter((page) => page !== testPage && !page.isClosed()).map((page) => page.url());
          } catch (error) {
            if (tries >= 20) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      }
      case 'deny-clipboard':
        // Every permission not listed is denied: the clipboard refuses to write.
        await session.browser.getPage(session.id).browserContext().overridePermissions(payload.origin, []);
        return true;
      case 'allow-clipboard':
        await session.browser
          .getPage(session.id)
          .browserContext()
          .overridePermissions(payload.origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
        return true;
      default:
        throw new Error(`unknown command stack:${command}`);
    }
  }

  return {
    info,
    run,
    async close() {
      await (await named)?.close();
      await stack.close();
    },
  };
}
