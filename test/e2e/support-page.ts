/**
 * The demo's support page (`/support/`, the host's staff view) as an agent
 * uses it: its filters, its list and one workspace's details, read through
 * what is on screen (table cells, headings), never through the data behind.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Demo } from '../../demo/server.js';
import { SCREENSHOTS } from './support.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface ListFilters {
  state?: string;
  problem?: string;
  warning?: string;
  account?: string;
  limit?: number;
}

export class SupportPage {
  private constructor(readonly page: Page) {}

  /** Opens the support page in `context` (a new tab beside the owner's page) and waits for its first counts. */
  static async open(context: BrowserContext, demo: Demo, query = ''): Promise<SupportPage> {
    const page = await context.newPage();
    await page.goto(`${demo.url}support/${query}`);
    const support = new SupportPage(page);
    await support.page.locator('#fleet [data-fleet="tenants"]').waitFor();
    return support;
  }

  /** A count of the fleet, by its key: `state:needs_attention`, `problem:payments_paused`, `warning:requirements_due`. */
  async count(key: string): Promise<number> {
    return Number(await this.page.locator(`#fleet [data-count="${key}"] strong`).innerText());
  }

  /** Sets the filter form as a person would (by the fields' labels), applies it, and waits for the list of that query. */
  async filter(filters: ListFilters): Promise<void> {
    await this.submitFilters(filters);
    const query = new URLSearchParams();
    for (const name of ['state', 'problem', 'warning', 'account', 'limit'] as const) if (filters[name] !== undefined) query.set(name, String(filters[name]));
    await this.listOf(query.toString()).waitFor();
  }

  /** Fills and applies the filter form, waiting for nothing (a refused filter shows no new list). */
  async submitFilters(filters: ListFilters): Promise<void> {
    const form = this.page.getByRole('search', { name: 'Filter workspaces' });
    await form.getByLabel('State').selectOption(filters.state ?? '');
    await form.getByLabel('Problem').selectOption(filters.problem ?? '');
    await form.getByLabel('Warning').selectOption(filters.warning ?? '');
    await form.getByLabel('Stripe account').fill(filters.account ?? '');
    await form.getByLabel('Per page').fill(filters.limit === undefined ? '' : String(filters.limit));
    await form.getByRole('button', { name: 'Apply filters' }).click();
  }

  /** The list once it shows the answer to `query` (filters and cursor as sent to `GET /tenants`). */
  listOf(query: string): Locator {
    return this.page.locator(`#list[data-query="${query}"]`);
  }

  get rows(): Locator {
    return this.page.locator('#tenant-table tbody tr');
  }

  row(tenantId: string): Locator {
    return this.page.locator(`#tenant-table tbody tr[data-tenant="${tenantId}"]`);
  }

  /** The workspaces the list shows, top to bottom. */
  async listed(): Promise<string[]> {
    return this.rows.evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.tenant ?? ''));
  }

  /** Opens a workspace from its row and waits for its details. */
  async openTenant(tenantId: string): Promise<void> {
    await this.row(tenantId).getByRole('link', { name: tenantId }).click();
    await this.page.getByRole('heading', { name: `Workspace ${tenantId}` }).waitFor();
  }

  get details(): Locator {
    return this.page.locator('#tenant');
  }

  /** An attempt's row in the open workspace's table, by its request id. */
  attempt(requestId: string): Locator {
    return this.page.locator(`#attempt-table tbody tr[data-request-id="${requestId}"]`);
  }

  /** The text of each cell of `row`, by its column's header. */
  async cells(row: Locator): Promise<Record<string, string>> {
    const table = row.locator('xpath=ancestor::table[1]');
    const headers = await table.locator('thead th').allInnerTexts();
    const values = await row.locator('th, td').allInnerTexts();
    return Object.fromEntries(headers.map((header, i) => [header.trim(), (values[i] ?? '').replace(/\s+/g, ' ').trim()]));
  }

  /** axe-core's WCAG 2 A and AA checks on the page as it is, in `scheme`: the rules broken, with the elements that break them. */
  async accessibilityViolations(scheme: 'light' | 'dark'): Promise<string[]> {
    await this.page.emulateMedia({ colorScheme: scheme });
    await this.page.addScriptTag({ path: AXE });
    const violations = await this.page.evaluate(async () => {
      const { axe } = window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } };
      const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    });
    await this.page.emulateMedia({ colorScheme: 'light' });
    return violations;
  }

  /** The whole page, light or dark as the reader's system asks. */
  async shoot(name: string, { dark = false } = {}): Promise<void> {
    await this.page.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
    await this.page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
    await this.page.emulateMedia({ colorScheme: 'light' });
  }
}
