/**
 * The demo's support page, the host's staff view: an agent filters the
 * fleet, opens a workspace and reads the attempt its owner just made (who,
 * what, the code, the panel the owner was shown, the request id) without
 * asking the owner for a screenshot; the list pages through `nextCursor`;
 * and the API key that fetches all this never reaches the browser.
 * Photographed light and dark.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Response } from 'playwright-core';
import { SANDBOX_CREDENTIALS } from '../../server/sandbox/seed.js';
import { SupportPage } from './support-page.js';
import { E2EPage, SANDBOX_ACCOUNTS, startHarness, type Harness } from './support.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
});
after(() => harness?.close());

describe('support page', () => {
  test('an agent filters the list, opens the workspace and sees the attempt its owner just made', async () => {
    const e2e = await harness.open();
    await e2e.scenario('deauthorized', 'Needs attention');
    const tenantId = await e2e.page.locator('#tenant-id').innerText();
    // Sam Lee, on the settings page, reconnects and picks the wrong account. The request id is the one his page was answered.
    const completed = e2e.page.waitForResponse((r) => new URL(r.url()).pathname === '/stripe-reconnect/connect/complete');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.expectError('account_mismatch', 'A different account was picked');
    const { error } = (await (await completed).json()) as { error: { code: string; requestId: string } };
    assert.equal(error.code, 'account_mismatch');
    assert.match(error.requestId, /^\S+$/);

    const support = await SupportPage.open(e2e.page.context(), harness.demo);
    assert.ok((await support.count('state:needs_attention')) >= 1);
    assert.ok((await support.count('problem:deauthorized')) >= 1);
    await support.filter({ state: 'needs_attention', problem: 'deauthorized' });
    await support.row(tenantId).waitFor();
    for (const row of await support.rows.all()) {
      const cells = await support.cells(row);
      assert.equal(cells.State, 'Needs attention');
      assert.match(cells.Why, /^Deauthorized in Stripe since /);
    }
    assert.match((await support.cells(support.row(tenantId)))['Last attempt'], /^A different account was picked account_mismatch Sam Lee <sam@acme\.example>, /);
    // Another filter leaves it out.
    await support.filter({ state: 'connected' });
    assert.equal(await support.row(tenantId).count(), 0);

    await support.filter({ state: 'needs_attention', problem: 'deauthorized' });
    await support.openTenant(tenantId);
    await support.details.locator('[data-detail="owner"]', { hasText: /Needs attention\s+Ledgerly was removed from your Stripe account on / }).waitFor();
    const attempt = await support.cells(support.attempt(error.requestId));
    assert.deepEqual(attempt, {
      When: attempt.When,
      Who: 'Sam Lee <sam@acme.example>',
      'What they tried': 'Stripe in a pop-up',
      'Account picked': SANDBOX_ACCOUNTS.beta,
      Outcome: 'Error account_mismatch',
      'The owner was shown': '“A different account was picked”',
      'Request id': error.requestId,
    });
    assert.match(attempt.When, /\d{2}:\d{2}:\d{2}/);
    // Newest first; Jane Doe's connection, earlier, below it.
    const attempts = support.page.locator('#attempt-table tbody tr');
    assert.equal(await attempts.first().getAttribute('data-request-id'), error.requestId);
    await attempts.filter({ hasText: 'Jane Doe <jane@acme.example>' }).filter({ hasText: 'Success' }).waitFor();
    // What the host's backend was told: the break, delivered.
    await support.page.locator('#delivery-table tbody tr[data-type="connection.broken"]', { hasText: 'delivered' }).waitFor();
    // The address keeps the view, for a colleague.
    assert.match(support.page.url(), new RegExp(`/support/\\?state=needs_attention&problem=deauthorized&tenant=${tenantId}$`));
    await support.shoot('support');
    await support.shoot('support-dark', { dark: true });
    // Readable by everyone, in both schemes: labels, table headers, contrast.
    assert.deepEqual(await support.accessibilityViolations('light'), []);
    assert.deepEqual(await support.accessibilityViolations('dark'), []);
  });

  test('a filter the backend refuses is said on the page, with its request id', async () => {
    const e2e = await harness.open();
    const support = await SupportPage.open(e2e.page.context(), harness.demo);
    await support.submitFilters({ account: 'not-an-account' });
    await support.page.getByRole('alert').filter({ hasText: /The backend refused these filters:\s+Invalid request\. account: .+\s+\(request id req_\w+\)/ }).waitFor();
    // The list it showed stays, for what it was.
    assert.equal(await support.page.locator('#list').getAttribute('data-query'), '');
  });

  test('"Next page" follows nextCursor through every workspace once, and "Previous page" comes back', async () => {
    const e2e = await harness.open();
    // Each starting point is a new workspace, and releases the one before: at least three on record, two pages of two.
    await e2e.scenario('connected', 'Connected');
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.scenario('legacy', 'Update needed');
    const support = await SupportPage.open(e2e.page.context(), harness.demo);
    const total = Number(await support.page.locator('#fleet [data-fleet="tenants"]').innerText());
    assert.ok(total >= 3, `${total} workspaces`);
    await support.filter({ limit: 2 });
    const first = await support.listed();
    const seen = [...first];
    const next = support.page.getByRole('button', { name: 'Next page' });
    while (await next.isEnabled()) {
      const shown = await support.page.locator('#list').getAttribute('data-query');
      await next.click();
      await support.page.locator(`#list[data-query^="limit=2&cursor="]:not([data-query="${shown}"])`).waitFor();
      seen.push(...(await support.listed()));
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total, 'a workspace listed twice');
    const previous = support.page.getByRole('button', { name: 'Previous page' });
    while (await previous.isEnabled()) {
      const shown = await support.page.locator('#list').getAttribute('data-query');
      await previous.click();
      await support.page.locator(`#list:not([data-query="${shown}"])`).waitFor();
    }
    assert.equal(await support.page.locator('#list').getAttribute('data-query'), 'limit=2');
    assert.deepEqual(await support.listed(), first);
  });
});

describe('the API key stays on the server', () => {
  test('no response the browser gets, and no request it sends, holds the API key or another secret', async () => {
    const secrets = Object.values(JSON.parse(await readFile(join(harness.demo.dataDir, 'demo-secrets.json'), 'utf8')) as Record<string, string>);
    secrets.push(SANDBOX_CREDENTIALS.secretKey, SANDBOX_CREDENTIALS.webhookSecret);
    // A browser profile of its own, whose every answer is heard from its first page's first request.
    const opened = await harness.open();
    const context = opened.page.context();
    await opened.page.close();
    const scanned: string[] = [];
    const unread: Response[] = [];
    const scans: Array<Promise<void>> = [];
    const failures: unknown[] = [];
    const scan = async (response: Response) => {
      const headers = response.headers();
      let body = '';
      // A redirect has no body (its Location is in the headers); the live feed never ends, and what it sends is /demo/api/state's view, scanned below.
      const readable = (response.status() < 300 || response.status() > 399) && !headers['content-type']?.startsWith('text/event-stream');
      if (readable) body = await response.text().catch(() => (unread.push(response), ''));
      const texts = [body, JSON.stringify(headers), JSON.stringify(response.request().headers()), response.request().postData() ?? ''];
      for (const text of texts) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in the answer to ${response.url()}`);
        assert.doesNotMatch(text, /sk_(test|live)_|rk_(test|live)_|whsec_/, response.url());
      }
      scanned.push(new URL(response.url()).pathname);
    };
    const listener = (response: Response) => void scans.push(scan(response).catch((error: unknown) => void failures.push(error)));
    context.on('response', listener);
    const e2e = new E2EPage(await context.newPage(), harness.demo);
    await e2e.page.goto(harness.demo.url);
    await e2e.indicator.filter({ hasText: /\S/ }).waitFor();
    // Two workspaces on record at least (the first is released by the second), so the list has a next page.
    await e2e.scenario('connected', 'Connected');
    await e2e.scenario('deauthorized', 'Needs attention');
    await e2e.flow({ account: SANDBOX_ACCOUNTS.beta });
    await e2e.expectError('account_mismatch', 'A different account was picked');
    const tenantId = await e2e.page.locator('#tenant-id').innerText();
    await e2e.page.evaluate(() => fetch('/demo/api/state').then((r) => r.text()));
    const support = await SupportPage.open(context, harness.demo);
    await support.filter({ limit: 1 });
    await support.page.getByRole('button', { name: 'Next page' }).click();
    await support.page.locator('#list[data-query^="limit=1&cursor="]').waitFor();
    await support.page.goto(`${harness.demo.url}support/?tenant=${tenantId}`);
    await support.page.getByRole('heading', { name: `Workspace ${tenantId}` }).waitFor();
    // The browser cannot ask the backend's admin routes itself: only the host's backend, with its key, can.
    const direct = await support.page.evaluate(() => Promise.all(['/stripe-reconnect/fleet', '/stripe-reconnect/tenants'].map((path) => fetch(path).then((r) => r.status))));
    assert.deepEqual(direct, [401, 401]);
    // The support page refreshes itself: stop listening, then read what was heard.
    context.off('response', listener);
    await Promise.all(scans);
    if (failures.length) throw failures[0];
    // Only Stripe's pop-up, gone once the flow came back, may have taken a body with it.
    for (const response of unread) {
      const page = response.frame().page();
      assert.ok(page !== e2e.page && page !== support.page && page.isClosed(), `the answer to ${response.url()} could not be read`);
    }
    for (const path of ['/demo/api/support/fleet', '/demo/api/support/tenants', `/demo/api/support/tenants/${tenantId}`, '/stripe-reconnect/connect/complete', '/demo/api/state']) {
      assert.ok(scanned.includes(path), `${path} was not among the answers scanned`);
    }
  });
});
