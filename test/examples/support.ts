/**
 * What the example tests share: loading an example module, the sandbox
 * client that plays the person on Stripe's page, and Debian's Chromium.
 *
 * The examples import the package by name (`stripe-reconnect/server`), which
 * resolves to dist/ only after `npm run build`; they are loaded here by URL
 * so that `npm run typecheck` does not need dist/ (`npm run test:examples`
 * builds first and typechecks them with their own tsconfig).
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sandboxControl, type SandboxControlClient } from '../../server/sandbox/control-client.js';
import { apiClient, runFlow } from '../support/flow.js';
import { freePort } from '../support/processes.js';

/** What every example's `start()` answers (examples/hono-mount.ts, RunningExample). */
export interface RunningExample {
  url: string;
  apiBase: string;
  pageUrl?: string;
  backend: {
    apiKey: string;
    sandboxUrl: string | null;
    sandbox: { webhooksIdle(): Promise<void> } | null;
  };
  close(): Promise<void>;
}

interface ExampleModule {
  start(options: { port: number; hostname?: string }): Promise<RunningExample>;
}

/** Imports `examples/<path>` and starts it on a free loopback port. */
export async function startExample(path: string): Promise<RunningExample> {
  const module = (await import(new URL(`../../examples/${path}`, import.meta.url).href)) as ExampleModule;
  return module.start({ port: await freePort(), hostname: '127.0.0.1' });
}

/** A client of the mounted backend, as the host's backend and a page on the example's origin call it. */
export function clientsOf(running: RunningExample): { client: ReturnType<typeof apiClient>; control: SandboxControlClient } {
  if (!running.backend.sandboxUrl) throw new Error('the example runs without the sandbox: unset STRIPE_SECRET_KEY');
  return { client: apiClient(running.apiBase, new URL(running.url).origin), control: sandboxControl(running.backend.sandboxUrl) };
}

/** `POST /sessions` with the example's own API key (the admin route a separate host backend would call). */
export async function adminSession(running: RunningExample, tenantId: string): Promise<{ status: number; token: string }> {
  const { client } = clientsOf(running);
  const result = await client.request<{ token: string }>('/sessions', {
    method: 'POST',
    headers: { Authorization: `Bearer ${running.backend.apiKey}` },
    json: { tenantId, origin: new URL(running.url).origin },
  });
  return { status: result.status, token: result.body.token };
}

/** The host's own session route, as the page's `sessionProvider` calls it. */
export async function hostSession(running: RunningExample): Promise<string> {
  const response = await fetch(`${running.url}/api/stripe-reconnect/session`, { method: 'POST' });
  if (!response.ok) throw new Error(`host session route answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Debian's Chromium, never a downloaded browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts `examples/<path>` and Chromium before the suite's tests, and stops both after. */
export function exampleInBrowser(path: string): { running(): RunningExample; browser(): Browser } {
  let running: RunningExample | undefined;
  let browser: Browser | undefined;
  before(async () => {
    running = await startExample(path);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await running?.close();
  });
  return { running: () => running!, browser: () => browser! };
}

/**
 * Connects the host's signed-in tenant to the Acme account through Stripe's
 * page, then opens the example's page and waits for the element to say so.
 * `failed` collects the page's errors and failed requests.
 */
export async function openConnectedPage(running: RunningExample, browser: Browser): Promise<{ page: Page; element: Locator; failed: string[] }> {
  const { client, control } = clientsOf(running);
  const flow = await runFlow(client, control, await hostSession(running), { accountId: SANDBOX_ACCOUNTS.acme });
  assert.equal(flow.outcome, 'success', flow.response.text);
  const page = await browser.newPage();
  const failed: string[] = [];
  page.on('pageerror', (error) => failed.push(error.message));
  page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
  await page.goto(running.pageUrl!);
  const element = page.locator('stripe-reconnect');
  await element.locator('[part~="indicator"]', { hasText: 'Connected' }).waitFor();
  return { page, element, failed };
}
