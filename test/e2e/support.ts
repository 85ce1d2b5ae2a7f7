/**
 * The end-to-end harness: the demo (`startDemo`, the same code as
 * `npm run demo`) on a free port with a fresh data directory, driven in
 * Debian's Chromium through playwright-core. Playwright's CSS locators pierce
 * the element's open shadow root, so `stripe-reconnect [part~=…]` reads what
 * the person sees.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/seed.js';
import { startDemo, type Demo, type DemoOptions } from '../../demo/server.js';

export { SANDBOX_ACCOUNTS };
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * Where the screenshots of every state and panel go: test-results/ (ignored)
 * on each run, docs/screenshots/ (what the README shows) with
 * `UPDATE_SCREENSHOTS=1`, so a test run never rewrites tracked files.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(repo, 'docs', 'screenshots') : join(repo, 'test-results', 'screenshots');

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Harness {
  demo: Demo;
  browser: Browser;
  /**
   * A fresh browser profile (storage, pop-ups) and page on the demo, ready on
   * "Never connected"; `coop`: the page served with
   * `Cross-Origin-Opener-Policy: same-origin` (`?coop=same-origin`);
   * `otherSite`: the page at http://127.0.0.1, another site than the
   * backend's public address (http://localhost); `browser`: another browser
   * than the harness's (launched with other flags).
   */
  open(options?: { coop?: boolean; otherSite?: boolean; browser?: Browser }): Promise<E2EPage>;
  /** Another Chromium, with `args` added to the usual ones; closed with the harness. */
  launch(args: string[]): Promise<Browser>;
  close(): Promise<void>;
}

/** `recheckInterval`: the demo's re-checks (default the demo's own, 30 s). */
export async function startHarness(options: Pick<DemoOptions, 'recheckInterval'> = {}): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stripe-reconnect-e2e-'));
  const demo = await startDemo({ port: 0, dataDir, ...options });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  await mkdir(SCREENSHOTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const browsers: Browser[] = [];
  return {
    demo,
    browser,
    async open({ coop = false, otherSite = false, browser: using = browser } = {}) {
      const context = await using.newContext({ viewport: { width: 1360, height: 940 } });
      // A ceiling for slow, shared machines, not a timed assertion: every wait is for something visible.
      context.setDefaultTimeout(45_000);
      contexts.push(context);
      const page = await context.newPage();
      const home = otherSite ? demo.url.replace('//localhost:', '//127.0.0.1:') : demo.url;
      await page.goto(coop ? `${home}?coop=same-origin` : home);
      const e2e = new E2EPage(page, demo, home);
      await e2e.indicator.filter({ hasText: /\S/ }).waitFor();
      return e2e;
    },
    async launch(args) {
      const another = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...LAUNCH_ARGS, ...args] });
      browsers.push(another);
      return another;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      for (const another of browsers) await another.close().catch(() => undefined);
      await browser.close();
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Choice = { account: string } | 'deny' | 'new';

export class E2EPage {
  constructor(
    readonly page: Page,
    readonly demo: Demo,
    /** The address the page was opened at (the demo's, or its twin on another site). */
    readonly home: string = demo.url,
  ) {}

  /** The element, and the parts of its shadow DOM. */
  get element(): Locator {
    return this.page.locator('stripe-reconnect');
  }
  part(name: string): Locator {
    return this.page.locator(`stripe-reconnect [part~="${name}"]`);
  }
  get indicator(): Locator {
    return this.part('indicator');
  }
  /** The indicator showing exactly this state's words (a substring would let "Connected" match "Not connected"). */
  state(words: string): Locator {
    return this.indicator.filter({ hasText: new RegExp(`^\\s*${words}\\s*$`) });
  }
  get errorPanel(): Locator {
    return this.part('error-panel');
  }

  /** Puts the workspace into a starting point through the QA drawer and waits until the element shows it. */
  async scenario(name: string, state: string): Promise<void> {
    const before = await this.page.locator('body').getAttribute('data-generation');
    await this.page.click(`[data-scenario="${name}"]`);
    await this.page.locator(`body:not([data-generation="${before}"]):not([data-busy])`).waitFor();
    await this.state(state).waitFor();
  }

  async setMode(mode: 'popup' | 'redirect'): Promise<void> {
    await this.page.locator(`input[name=mode][value=${mode}]`).check({ force: true });
    await this.page.locator(`stripe-reconnect[mode=${mode}]`).waitFor({ state: 'attached' });
  }

  async setCondition(name: string, on = true): Promise<void> {
    const box = this.page.locator(`[data-condition="${name}"]`);
    await box.setChecked(on);
    await this.page.locator(`[data-condition="${name}"]${on ? ':checked' : ':not(:checked)'}:enabled`).waitFor();
  }

  /**
   * Reconnect (or Connect) → "Before you start" → Continue to Stripe, as a
   * person does it: an error's panel still open is closed first (the card's
   * buttons step back while a panel holds the next step). Answers the Stripe
   * window in popup mode, else this page.
   */
  async startFlow(): Promise<Page> {
    const close = this.part('close-button');
    if (await close.isVisible()) await close.click();
    await this.page.locator('stripe-reconnect').locator('[part~="connect-button"], [part~="reconnect-button"]').click();
    await this.part('prepare-panel').waitFor();
    const mode = await this.element.getAttribute('mode');
    if (mode === 'redirect') {
      await this.part('start-button').click();
      await stripePage(this.page);
      return this.page;
    }
    const opened = this.page.waitForEvent('popup');
    await this.part('start-button').click();
    const popup = await opened;
    await stripePage(popup);
    return popup;
  }

  /** A whole flow: start, choose in Stripe's page like a person, come back. */
  async flow(choice: Choice): Promise<void> {
    const stripe = await this.startFlow();
    const popup = stripe !== this.page;
    // The callback page posts the outcome and closes the window at once: listen before choosing.
    const closed = popup ? stripe.waitForEvent('close') : null;
    await choose(stripe, choice);
    if (closed) await closed;
    else await this.page.waitForURL((url) => url.href === this.home || url.href.startsWith(`${this.home}?`));
  }

  /** Waits for the troubleshooting panel of `code`, shown by its title, and the host page's error event. */
  async expectError(code: string, title: string | RegExp): Promise<void> {
    await this.errorPanel.locator('h4', { hasText: title }).waitFor();
    await this.event('stripe-reconnect:error', `code=${code} `).waitFor();
  }

  /** An entry of the host page's event log. */
  event(type: string, text?: string | RegExp): Locator {
    const entries = this.page.locator(`#event-log li[data-type="${type}"]`);
    return text ? entries.filter({ hasText: text }) : entries;
  }

  /** A verified delivery in the webhook receiver's view. */
  webhook(type: string, text?: string | RegExp): Locator {
    const entries = this.page.locator(`#webhook-log li[data-type="${type}"][data-verified="true"]`);
    return text ? entries.filter({ hasText: text }) : entries;
  }

  /** A picture of the Stripe card (the element) alone; `dark`: in its dark palette (`theme="dark"`), then back to light. */
  async shoot(name: string, { dark = false } = {}): Promise<void> {
    if (dark) await this.element.evaluate((el) => el.setAttribute('theme', 'dark'));
    await this.element.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
    if (dark) await this.element.evaluate((el) => el.setAttribute('theme', 'light'));
  }

  /** A picture of a whole page of another window (a page of the backend's, say). */
  async shootPage(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
  }

  /** The element's language, through the QA drawer. */
  async setLang(lang: 'en' | 'fr'): Promise<void> {
    await this.page.locator(`input[name=lang][value=${lang}]`).check({ force: true });
    await this.page.locator(`stripe-reconnect[lang=${lang}]`).waitFor({ state: 'attached' });
  }

  /** The host page's event log, as its entries' types. */
  async eventTypes(): Promise<string[]> {
    return this.page.locator('#event-log li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.type ?? ''));
  }
}

/** Waits for Stripe's (the sandbox's) account picker. */
export async function stripePage(page: Page): Promise<void> {
  await page.getByRole('heading', { name: /to your Stripe account/ }).waitFor();
}

/** What the person does on Stripe's page. */
export async function choose(page: Page, choice: Choice): Promise<void> {
  // noWaitAfter: a popup may be gone (closed by the callback page) before the navigation settles.
  if (choice === 'deny') return page.getByRole('button', { name: 'Deny access' }).click({ noWaitAfter: true });
  await page.locator(choice === 'new' ? '#choice-new' : `input[name=account][value="${choice.account}"]`).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click({ noWaitAfter: true });
}
