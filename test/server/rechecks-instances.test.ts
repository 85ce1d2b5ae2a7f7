/**
 * Several instances on one PostgreSQL share the re-checks: each connection
 * is checked once per interval, not once per instance, and what an instance
 * killed mid-pass had taken is checked by another within the lease. Only
 * PostgreSQL can be shared by processes; the embedded engine's single
 * process is the other suites' re-checks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp, type ReconnectApp } from '../../server/app.js';
import { LEASE_MS } from '../../server/recheck/rechecker.js';
import { sandboxControl } from '../../server/sandbox/control-client.js';
import { createSandbox, serveSandbox } from '../../server/sandbox/index.js';
import { createPostgresStore, type Store } from '../../server/store/index.js';
import { silentLogger } from '../../server/logger.js';
import { checkedAtOf, connectedFleet, seedTenants, sleep, waitFor } from '../support/fleet.js';
import { freePort, startInstance, type Instance } from '../support/processes.js';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET } from '../support/stack.js';
import { freshStore, POSTGRES_URL, testEngine } from '../support/stores.js';

const skip = testEngine() !== 'postgres' && 'several instances share only PostgreSQL';
const ORIGIN = 'https://shop-settings.example';
const LONG_AGO = new Date(Date.now() - 86_400_000);

let sandbox: Awaited<ReturnType<typeof serveSandbox>>;
let seedStore: Store & { schema?: string };
const control = () => sandboxControl(sandbox.url);
const checkedSince = async (store: Store, prefix: string, since: Date) => [...(await checkedAtOf(store.db, prefix)).values()].filter((at) => at! > since).length;

before(async () => {
  if (skip) return;
  sandbox = await serveSandbox(createSandbox());
  // The schema every instance of this file shares, migrated here once.
  seedStore = await freshStore('postgres');
});

after(async () => {
  if (skip) return;
  await seedStore.close();
  await sandbox.close();
});

describe('re-checks across instances on one PostgreSQL', { skip }, () => {
  test('three instances check each connection once per interval, not once per instance', async () => {
    const accounts = await control().addConnectedAccounts(30);
    await seedTenants(seedStore.db, connectedFleet('trio', accounts, LONG_AGO));
    await control().resetCalls();
    const stores = await Promise.all([0, 1, 2].map(() => createPostgresStore({ connectionString: POSTGRES_URL, schema: seedStore.schema! })));
    const apps: ReconnectApp[] = stores.map((store) =>
      createApp({
        store,
        stripe: { ...createSandbox().credentials, apiUrl: sandbox.url },
        apiKey: API_KEY,
        sessionSecret: SESSION_SECRET,
        encryptionKey: ENCRYPTION_KEY,
        publicUrl: 'http://127.0.0.1:9',
        allowedOrigins: [ORIGIN],
        logger: silentLogger,
        recheck: { interval: 6, rate: 30 },
      }),
    );
    try {
      const started = new Date();
      await waitFor('the first pass', async () => (await checkedSince(seedStore, 'trio', LONG_AGO)) === 30, 20_000);
      const firstPassEnd = new Date();
      await sleep(1_500);
      assert.equal((await control().calls()).account, 30, 'one call per connection in the first pass, whichever instance made it');
      // Due again at the earliest 5.4 s (6 s less a tenth) after its check: every one once more, and none a third time yet.
      await waitFor('the second pass', async () => (await checkedSince(seedStore, 'trio', new Date(firstPassEnd.getTime() + 3_000))) === 30, 20_000);
      assert.equal((await control().calls()).account, 60);
      assert.ok(Date.now() - started.getTime() < 25_000);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await Promise.all(stores.map((store) => store.close()));
      // Nobody else of this file is to re-check them (the next test counts Stripe calls).
      await seedStore.db.query(`DELETE FROM tenants WHERE tenant_id LIKE 'trio-%'`);
    }
  });

  test('an instance killed mid-pass (SIGKILL): another checks its share within the lease, each connection about once', async () => {
    const accounts = await control().addConnectedAccounts(24);
    await seedTenants(seedStore.db, connectedFleet('killed', accounts, LONG_AGO));
    await control().resetCalls();
    const databaseUrl = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${seedStore.schema}`)}`;
    const env = { RECHECK_INTERVAL: '300s', RECHECK_RATE: '3' };
    const [portA, portB] = await Promise.all([freePort(), freePort()]);
    const instances: Instance[] = [];
    try {
      instances.push(await startInstance({ port: portA, stripeApiUrl: sandbox.url, databaseUrl, allowedOrigins: [ORIGIN], env }));
      instances.push(await startInstance({ port: portB, stripeApiUrl: sandbox.url, databaseUrl, allowedOrigins: [ORIGIN], env }));
      await waitFor('both instances at work', async () => (await checkedSince(seedStore, 'killed', LONG_AGO)) >= 6, 20_000);
      // Held by an instance and not checked yet: due again only when the lease ends (whoever holds them; the killed one's wait it out).
      const held = async () =>
        (
          await seedStore.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM tenants WHERE tenant_id LIKE 'killed-%' AND checked_at = $1 AND recheck_due_at > clock_timestamp() + interval '5 seconds'`,
            [LONG_AGO],
          )
        )[0]!.n;
      await waitFor('leases held', async () => (await held()) >= 2, 10_000);
      await instances[0]!.kill();
      const killedAt = Date.now();
      await waitFor('every connection checked', async () => (await checkedSince(seedStore, 'killed', LONG_AGO)) === 24, 60_000);
      const tookMs = Date.now() - killedAt;
      assert.ok(tookMs < LEASE_MS + 30_000, `the rest took ${tookMs} ms after the kill`);
      const calls = (await control().calls()).account;
      // The killed instance may have asked Stripe for the few it held and died before storing the answer.
      assert.ok(calls >= 24 && calls <= 24 + 3, `${calls} calls for 24 connections`);
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }
  });
});
