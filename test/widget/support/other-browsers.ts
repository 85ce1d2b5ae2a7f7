/**
 * The widget tests' commands that act outside the test page, as another
 * person or another tab would: Stripe's page of the flow under way finished
 * in another browser profile (a link forwarded to someone else), its return
 * address kept by that person, and a link opened in a new tab of the test
 * page's own browser. Called by `commands.ts`.
 */
import type { HTTPRequest, Page } from 'puppeteer-core';

/** The test page's session, as web-test-runner hands it to a command. */
export interface Session {
  id: string;
  browser: { getPage(id: string): Page };
}

export const AUTHORIZE_TIMEOUT = 10_000;

/** Another browser profile than the test page's: cookies and storage of its own. */
async function otherProfile<T>(session: Session, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await session.browser.getPage(session.id).browser().createBrowserContext();
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * Stripe's page of the flow under way (`authorizeUrl`), opened in another
 * browser profile and finished there with `accountId`. The page Stripe sends
 * that browser back to on the test pages' `origin` is answered blank: it is
 * not the test runner. Answers where it came back and what it read.
 */
export function finishElsewhere(session: Session, authorizeUrl: string, accountId: string, { origin, apiBase }: { origin: string; apiBase: string }) {
  return otherProfile(session, async (page) => {
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (request.isNavigationRequest() && request.url().startsWith(`${origin}/`)) {
        void request.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title>' });
      } else void request.continue();
    });
    await page.goto(authorizeUrl);
    await page.click(`input[value="${accountId}"]`);
    const back = page.waitForNavigation({ waitUntil: 'load' });
    await page.click('form button[value="connect"]');
    await back;
    // Stripe sends that browser to the backend's callback, where the flow was not started.
    await page.waitForFunction((start: string) => location.href.startsWith(start), { timeout: AUTHORIZE_TIMEOUT }, `${apiBase}/oauth/callback`);
    return { returnedTo: page.url(), text: await page.evaluate(() => document.body.innerText) };
  });
}

/**
 * The authorize address of the flow under way, forwarded to someone who
 * finishes it with their own account in their own browser, and keeps the
 * address Stripe sends them back to instead of opening it (it never reaches
 * the backend).
 */
export function forwardAuthorize(session: Session, authorizeUrl: string, accountId: string, apiBase: string) {
  return otherProfile(session, async (page) => {
    await page.setRequestInterception(true);
    let kept: string | null = null;
    page.on('request', (request: HTTPRequest) => {
      if (request.isNavigationRequest() && request.url().startsWith(`${apiBase}/oauth/callback`)) {
        kept = request.url();
        void request.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Kept</title>' });
      } else void request.continue();
    });
    await page.goto(authorizeUrl);
    await page.click(`input[value="${accountId}"]`);
    await page.click('form button[value="connect"]');
    await page.waitForFunction(() => document.title === 'Kept', { timeout: AUTHORIZE_TIMEOUT });
    return { callbackUrl: kept };
  });
}

/**
 * A link opened in a new tab of the test page's own browser (as from a
 * mail): not opened by the page, so it shares the browser's cookies and
 * localStorage but nothing of the page's sessionStorage. Answers where it
 * ended up, and what its page recorded.
 */
export async function openTab(session: Session, url: string, waitMs = 2_000) {
  const page = await session.browser.getPage(session.id).browser().newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    const recorded = await page.evaluate(() => (window as unknown as { recorded?: unknown[] }).recorded ?? null).catch(() => null);
    return { url: page.url(), recorded, text: await page.evaluate(() => document.body?.innerText ?? '').catch(() => '') };
  } finally {
    await page.close();
  }
}
