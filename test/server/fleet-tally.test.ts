/**
 * The fleet's counts come from a tally the tenants' triggers keep (migration
 * 9), not from counting the tenants. Here every way a tenant row can change
 * is made with SQL on the real engine, and after each the tally must say
 * what counting the table says; the housekeeping's fold must change nothing
 * but the number of rows, also while writers and other folds run at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../server/store/index.js';
import { migrate, MIGRATIONS } from '../../server/store/migrations.js';
import { seedTenants, type SeedTenant } from '../support/fleet.js';
import { freshStore, testEngine } from '../support/stores.js';

type Group = { state: string; problem_code: string | null; warned: boolean; n: number };

const byKey = (rows: Group[]) => Object.fromEntries(rows.map((r) => [`${r.state}/${r.problem_code ?? '-'}/${r.warned ? 'warned' : 'ok'}`, r.n]));

/** What counting every tenant says, group by group. */
async function counted(store: Store) {
  return byKey(
    await store.db.query<Group>(`SELECT state, problem_code, warning_code IS NOT NULL AS warned, count(*)::int AS n FROM tenants GROUP BY 1, 2, 3`),
  );
}

/** What the tally says, group by group. */
async function tallied(store: Store) {
  return byKey(await store.db.query<Group>('SELECT state, problem_code, warned, sum(n)::int AS n FROM fleet_tally GROUP BY 1, 2, 3 HAVING sum(n) <> 0'));
}

async function tallyRows(store: Store): Promise<number> {
  return (await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM fleet_tally'))[0]!.n;
}

/** The housekeeping's purge, keeping everything else: only the fold has work. */
function fold(store: Store) {
  return store.retention.purge({
    flowsExpiredBefore: new Date(0),
    stripeEventsBefore: new Date(0),
    hostEventsBefore: new Date(0),
    rateWindowsBefore: 0,
    attemptsPerTenant: 1_000,
  });
}

function fleet(prefix: string, size: number): SeedTenant[] {
  return Array.from({ length: size }, (_, i): SeedTenant => {
    const tenantId = `${prefix}-${i}`;
    switch (i % 5) {
      case 0:
        return { tenantId, state: 'connected', accountId: `acct_${prefix}${i}` };
      case 1:
        return { tenantId, state: 'connected', accountId: `acct_${prefix}${i}`, warningDeadline: new Date(Date.now() + 86_400_000) };
      case 2:
        return { tenantId, state: 'needs_attention', accountId: `acct_${prefix}${i}`, problem: 'access_revoked' };
      case 3:
        return { tenantId, state: 'legacy', problem: 'legacy_setup' };
      default:
        return { tenantId, state: 'not_connected' };
    }
  });
}

describe(`the fleet's tally (${testEngine()})`, () => {
  let store: Store;
  before(async () => {
    store = await freshStore();
  });
  after(() => store.close());

  test('says what counting the tenants says after every kind of change, and a change that moves no tenant adds no row', async () => {
    const agree = async (after: string) => assert.deepEqual(await tallied(store), await counted(store), `after ${after}`);
    await seedTenants(store.db, fleet('a', 120));
    await agree('120 tenants added in one statement');
    assert.ok((await tallyRows(store)) <= 5, 'one statement adds one row per group, not one per tenant');

    await store.db.query(`UPDATE tenants SET state = 'needs_attention', problem_code = 'payments_paused' WHERE tenant_id = 'a-0'`);
    await agree('one tenant broken');
    await store.db.query(`UPDATE tenants SET warning_code = NULL, warning_deadline = NULL WHERE tenant_id LIKE 'a-%' AND warning_code IS NOT NULL`);
    await agree('every warning lifted in one statement');
    await store.db.query(`UPDATE tenants SET state = 'disconnected', problem_code = NULL, account_id = NULL WHERE state = 'legacy'`);
    await agree('every legacy tenant disconnected');
    await store.db.query(
      `INSERT INTO tenants (tenant_id, state, updated_at, state_changed_at) VALUES ('a-4', 'not_connected', now(), now()), ('a-new', 'not_connected', now(), now())
       ON CONFLICT (tenant_id) DO UPDATE SET state = 'connected', account_id = 'acct_upserted'`,
    );
    await agree('an upsert that added one tenant and changed another');
    await store.db.query(`DELETE FROM tenants WHERE tenant_id IN ('a-3', 'a-7', 'a-8')`);
    await agree('three tenants deleted');
    await assert.rejects(
      store.db.transaction(async (tx) => {
        await tx.query(`UPDATE tenants SET state = 'disconnected' WHERE state = 'connected'`);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    await agree('a change rolled back');

    await store.db.query(`UPDATE tenants SET warning_code = 'requirements_due', warning_deadline = now() WHERE tenant_id = 'a-0'`);
    await agree('a warning given');

    const rows = await tallyRows(store);
    await store.db.query(`UPDATE tenants SET checked_at = now(), recheck_due_at = now() + interval '1 day', account_name = 'Renamed' WHERE tenant_id LIKE 'a-%'`);
    await store.db.query(`UPDATE tenants SET warning_code = 'requirements_due', warning_deadline = now() + interval '1 day' WHERE tenant_id = 'a-0'`);
    await store.db.query(`UPDATE tenants SET state = state, problem_code = problem_code`);
    assert.equal(await tallyRows(store), rows, 'checks, renames, a warning where one was and writes of the same state add nothing');
    await agree('changes that move no tenant');
  });

  test("the housekeeping's fold leaves one row per group and the same counts", async () => {
    for (let i = 0; i < 30; i++) await store.db.query(`UPDATE tenants SET state = $1 WHERE tenant_id = 'a-10'`, [i % 2 ? 'connected' : 'disconnected']);
    const before = await counted(store);
    assert.ok((await tallyRows(store)) > 30);
    const purged = await fold(store);
    assert.ok(purged.fleet_tally > 30, `the purge reports the rows it folded: ${purged.fleet_tally}`);
    assert.equal(await tallyRows(store), Object.keys(before).length);
    assert.deepEqual(await tallied(store), before);
    assert.equal((await store.fleet.counts()).tenants, Object.values(before).reduce((sum, n) => sum + n, 0));
    assert.equal((await fold(store)).fleet_tally, 0, 'a second fold has nothing to do');
  });

  test('a database that had tenants before the tally gets them counted when it is upgraded', async () => {
    const upgraded = await freshStore();
    try {
      await seedTenants(upgraded.db, fleet('old', 50));
      // Back to the schema before the tally, tenants kept, as a database of the previous release.
      const version = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE fleet_tally')) + 1;
      await upgraded.db.exec(`DROP TABLE fleet_tally; DROP FUNCTION tally_added, tally_removed, tally_moved CASCADE`);
      await upgraded.db.query('DELETE FROM schema_migrations WHERE version >= $1', [version]);
      await migrate(upgraded.db);
      assert.deepEqual(await tallied(upgraded), await counted(upgraded));
      assert.equal((await upgraded.fleet.counts()).tenants, 50);
    } finally {
      await upgraded.close();
    }
  });

  test('stays exact while writers change tenants and folds run at the same time', async () => {
    await seedTenants(store.db, fleet('b', 200));
    const states = ['connected', 'needs_attention', 'disconnected', 'not_connected'] as const;
    // On PostgreSQL these run on the pool's connections at once; PGlite takes them one after another.
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        for (let i = 0; i < 25; i++) {
          const tenant = `b-${(w * 37 + i * 11) % 200}`;
          const state = states[(w + i) % states.length]!;
          await store.db.transaction(async (tx) => {
            await tx.query(`UPDATE tenants SET state = $2, problem_code = CASE WHEN $2 = 'needs_attention' THEN 'deauthorized' END WHERE tenant_id = $1`, [tenant, state]);
            await tx.query(`UPDATE tenants SET warning_code = CASE WHEN warning_code IS NULL THEN 'requirements_due' END WHERE tenant_id = $1`, [`b-${(w + i * 7) % 200}`]);
          });
        }
      })(),
    );
    const folds = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 5; i++) await fold(store);
    });
    await Promise.all([...writers, ...folds]);
    assert.deepEqual(await tallied(store), await counted(store));
    await fold(store);
    assert.deepEqual(await tallied(store), await counted(store));
    assert.equal(await tallyRows(store), Object.keys(await counted(store)).length);
  });
});
