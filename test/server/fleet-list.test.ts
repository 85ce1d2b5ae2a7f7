import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FleetSummary, TenantList } from '../../contract/fleet.js';
import type { ErrorBody, Status } from '../../contract/schemas.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { seedTenants, type SeedTenant } from '../support/fleet.js';
import { sharedStacks } from '../support/shared.js';
import type { Stack } from '../support/stack.js';

const shared = sharedStacks();
const BASE = Date.parse('2026-03-01T00:00:00Z');
const at = (minutes: number) => new Date(BASE + minutes * 60_000);

/** 137 tenants in every state, several changed in the same millisecond (the id breaks the tie). */
function mixedFleet(): SeedTenant[] {
  return Array.from({ length: 137 }, (_, i): SeedTenant => {
    const changedAt = at(Math.floor(i / 3));
    const id = `shop-${String(i).padStart(3, '0')}`;
    switch (i % 6) {
      case 0:
        return { tenantId: id, state: 'connected', accountId: `acct_fleet${i}`, changedAt };
      case 1:
        return { tenantId: id, state: 'connected', accountId: `acct_fleet${i}`, warningDeadline: at(20_000), changedAt };
      case 2:
        return { tenantId: id, state: 'needs_attention', accountId: `acct_fleet${i}`, problem: i % 4 === 0 ? 'access_revoked' : 'payments_paused', changedAt };
      case 3:
        return { tenantId: id, state: 'legacy', problem: 'legacy_setup', changedAt };
      case 4:
        return { tenantId: id, state: 'disconnected', changedAt };
      default:
        return { tenantId: id, state: 'not_connected', changedAt };
    }
  });
}

/** Every page of `query`, following nextCursor. */
async function walk(stack: Stack, query: string, limit: number): Promise<TenantList['tenants']> {
  const seen: TenantList['tenants'] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1_000; pages++) {
    const url: string = `/tenants?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await stack.admin<TenantList>(url);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.body.tenants);
    cursor = page.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('the cursor never ended');
}

const expectedOrder = (tenants: SeedTenant[]) =>
  [...tenants].sort((a, b) => b.changedAt!.getTime() - a.changedAt!.getTime() || (a.tenantId < b.tenantId ? 1 : -1)).map((t) => t.tenantId);

describe('GET /tenants', () => {
  test('pages through every tenant once, the latest change of state first, the id breaking ties', () =>
    shared.run(async (stack) => {
      const fleet = mixedFleet();
      await seedTenants(stack.store.db, fleet);
      const listed = await walk(stack, '', 10);
      assert.deepEqual(
        listed.map((t) => t.tenantId),
        expectedOrder(fleet),
      );
      const first = await stack.admin<TenantList>('/tenants');
      assert.equal(first.body.tenants.length, 50, 'the default page is 50');
      const all = await stack.admin<TenantList>('/tenants?limit=500');
      assert.equal(all.body.tenants.length, 137);
      assert.equal(all.body.nextCursor, null);
    }));

  test('each filter lists exactly the tenants whose Status shows it, alone and together', () =>
    shared.run(async (stack) => {
      const fleet = mixedFleet();
      await seedTenants(stack.store.db, fleet);
      const cases: Array<[string, (t: Status) => boolean]> = [
        ['state=connected', (s) => s.state === 'connected'],
        ['state=needs_attention', (s) => s.state === 'needs_attention'],
        ['state=legacy', (s) => s.state === 'legacy'],
        ['state=disconnected', (s) => s.state === 'disconnected'],
        ['state=not_connected', (s) => s.state === 'not_connected'],
        ['problem=payments_paused', (s) => s.problem?.code === 'payments_paused'],
        ['problem=access_revoked', (s) => s.problem?.code === 'access_revoked'],
        ['problem=legacy_setup', (s) => s.problem?.code === 'legacy_setup'],
        ['problem=deauthorized', () => false],
        ['warning=requirements_due', (s) => s.warning?.code === 'requirements_due'],
        ['account=acct_fleet12', (s) => s.account?.id === 'acct_fleet12'],
        ['state=needs_attention&problem=payments_paused', (s) => s.state === 'needs_attention' && s.problem?.code === 'payments_paused'],
        ['state=connected&problem=payments_paused', () => false],
      ];
      const everyone = await walk(stack, '', 500);
      for (const [query, matches] of cases) {
        const listed = await walk(stack, query, 7);
        const expected = everyone.filter((t) => matches(t.status)).map((t) => t.tenantId);
        assert.deepEqual(
          listed.map((t) => t.tenantId),
          expected,
          query,
        );
        assert.ok(query.startsWith('problem=deauthorized') || query.includes('state=connected&') || expected.length > 0, `${query} matches someone`);
      }
    }));

  test('stable while tenants change: a tenant that changes moves to the front, and no tenant is listed twice', () =>
    shared.run(async (stack) => {
      const fleet = Array.from({ length: 30 }, (_, i): SeedTenant => ({ tenantId: `moving-${i}`, state: 'disconnected', changedAt: at(i) }));
      await seedTenants(stack.store.db, fleet);
      const first = await stack.admin<TenantList>('/tenants?limit=10');
      // One tenant already seen and one not yet seen change state (a legacy import, over the API).
      for (const tenantId of [first.body.tenants[3]!.tenantId, 'moving-2']) {
        const changed = await stack.admin(`/tenants/${tenantId}/legacy`, { method: 'PUT', json: { publishableKey: 'pk_test_51MovingTenantKey000' } });
        assert.equal(changed.status, 200);
      }
      let cursor = first.body.nextCursor;
      const later: string[] = [];
      while (cursor) {
        const page = await stack.admin<TenantList>(`/tenants?limit=10&cursor=${encodeURIComponent(cursor)}`);
        later.push(...page.body.tenants.map((t) => t.tenantId));
        cursor = page.body.nextCursor;
      }
      const listed = [...first.body.tenants.map((t) => t.tenantId), ...later];
      assert.equal(new Set(listed).size, listed.length, 'no tenant twice');
      assert.equal(listed.length, 29, 'the one not yet seen moved before the cursor');
      const now = await stack.admin<TenantList>('/tenants?limit=2');
      assert.deepEqual(now.body.tenants.map((t) => t.status.state), ['legacy', 'legacy']);
    }));

  test('a check that changes nothing does not move a tenant; a break does', () =>
    shared.run(
      async (stack) => {
        const tokenA = await stack.connectTenant('order-a', SANDBOX_ACCOUNTS.acme);
        await stack.connectTenant('order-b', SANDBOX_ACCOUNTS.beta);
        const ids = async () => (await stack.admin<TenantList>('/tenants')).body.tenants.map((t) => t.tenantId);
        assert.deepEqual(await ids(), ['order-b', 'order-a']);
        const checked = await stack.request<Status>('/status/check', { method: 'POST', token: tokenA });
        assert.equal(checked.body.state, 'connected');
        assert.deepEqual(await ids(), ['order-b', 'order-a'], 'checkedAt moved, the order did not');
        await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
        await stack.request<Status>('/status/check', { method: 'POST', token: tokenA });
        assert.deepEqual(await ids(), ['order-a', 'order-b']);
      },
      { statusReuseMs: 0 },
    ));

  test('bad input is 400 validation_failed, never a 500: unknown filters and values, limits outside 1–500, cursors that are not ours', () =>
    shared.run(async (stack) => {
      await seedTenants(stack.store.db, mixedFleet().slice(0, 12));
      const page = await stack.admin<TenantList>('/tenants?limit=5');
      const cursor = page.body.nextCursor!;
      const [version, body, mac] = cursor.split('.');
      const forged = `${version}.${Buffer.from(JSON.stringify({ c: '2020-01-01 00:00:00+00', i: 'shop-000', f: 'AAAAAAAAAAAAAAAA' })).toString('base64url')}.${mac}`;
      const bad = [
        'state=broken',
        'state=CONNECTED',
        'problem=revoked',
        'warning=deadline',
        'account=shop-1',
        'account=acct_',
        'limit=0',
        'limit=501',
        'limit=1.5',
        'limit=-3',
        'limit=ten',
        'limit=',
        'stat=connected',
        'state=connected&state=legacy',
        'cursor=junk',
        `cursor=${encodeURIComponent(`${version}.${body}.${mac!.slice(0, -2)}xx`)}`,
        `cursor=${encodeURIComponent(forged)}`,
        `state=connected&cursor=${encodeURIComponent(cursor)}`,
      ];
      for (const query of bad) {
        const result = await stack.admin<ErrorBody>(`/tenants?${query}`);
        assert.equal(result.status, 400, `${query}: ${result.text}`);
        assert.equal(result.body.error.code, 'validation_failed', query);
      }
    }));
});

describe('GET /fleet', () => {
  test('counts every state and problem (zeros included), warnings, and no re-check figures when the app runs none', () =>
    shared.run(async (stack) => {
      const fleet = mixedFleet();
      await seedTenants(stack.store.db, fleet);
      const result = await stack.admin<FleetSummary>('/fleet');
      assert.equal(result.status, 200);
      const count = (f: (t: SeedTenant) => boolean) => fleet.filter(f).length;
      assert.equal(result.body.tenants, 137);
      assert.deepEqual(result.body.byState, {
        not_connected: count((t) => t.state === 'not_connected'),
        connected: count((t) => t.state === 'connected'),
        needs_attention: count((t) => t.state === 'needs_attention'),
        legacy: count((t) => t.state === 'legacy'),
        disconnected: count((t) => t.state === 'disconnected'),
      });
      assert.deepEqual(result.body.byProblem, {
        deauthorized: 0,
        access_revoked: count((t) => t.problem === 'access_revoked'),
        payments_paused: count((t) => t.problem === 'payments_paused'),
        legacy_setup: count((t) => t.problem === 'legacy_setup'),
      });
      assert.equal(result.body.warnings, count((t) => t.warningDeadline !== undefined));
      assert.equal(result.body.recheck.intervalSeconds, null);
      assert.equal(result.body.recheck.rate, null);
      assert.equal(result.body.recheck.overdue, null);
      assert.ok(result.body.recheck.oldestCheckedAt);
    }));
});
