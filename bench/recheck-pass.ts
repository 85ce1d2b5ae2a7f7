/**
 * A re-check pass over a fleet (`npm run bench -- --only recheck`): two
 * standalone servers (`server/main.ts`, each its own process) on one
 * PostgreSQL schema, with RECHECK_RATE=200, re-check 10,000 connected
 * tenants (written with SQL, all due) against a sandbox served here, which
 * timestamps every account read. Prints one JSON line: the achieved rate
 * from the first read to the last, reads per account, and each server's RSS
 * along the way.
 *
 *   recheck-pass.ts [tenants] [rate]
 */
import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSandbox } from '../server/sandbox/index.js';
import { connectedFleet, seedTenants } from '../test/support/fleet.js';
import { freePort, startInstance, type Instance } from '../test/support/processes.js';
import { freshStore, POSTGRES_URL } from '../test/support/stores.js';
import { round, sleep } from './stats.js';

const TENANTS = Number(process.argv[2] ?? 10_000);
const RATE = Number(process.argv[3] ?? 200);

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const sandbox = createSandbox();
const accounts = sandbox.addConnectedAccounts(TENANTS);
const reads: number[] = [];
const perAccount = new Map<string, number>();
const sandboxServer = await new Promise<ServerType>((resolve) => {
  const s = serve(
    {
      fetch: (req, env) => {
        const match = /^\/v1\/accounts\/([^/?]+)/.exec(new URL(req.url).pathname);
        if (match) {
          reads.push(performance.now());
          perAccount.set(match[1]!, (perAccount.get(match[1]!) ?? 0) + 1);
        }
        return sandbox.app.fetch(req, env as never);
      },
      hostname: '127.0.0.1',
      port: 0,
    },
    () => resolve(s),
  );
});
const sandboxUrl = `http://127.0.0.1:${(sandboxServer.address() as AddressInfo).port}`;

const store = await freshStore('postgres');
const databaseUrl = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${store.schema}`)}`;
const env = { RECHECK_INTERVAL: '1h', RECHECK_RATE: String(RATE), LOG_LEVEL: 'warn' };
const instances: Instance[] = [];
for (const port of [await freePort(), await freePort()]) {
  instances.push(await startInstance({ port, stripeApiUrl: sandboxUrl, databaseUrl, allowedOrigins: ['https://bench-settings.example'], env }));
}
await sleep(2_000);
const rss = instances.map((i) => ({ idle: rssMb(i.process.pid!), samples: [] as number[] }));

// Checked two hours ago with a one-hour interval: every one is due as soon as the servers see it.
const seeded = performance.now();
await seedTenants(store.db, connectedFleet('fleet', accounts, new Date(Date.now() - 2 * 3_600_000)));
const seedSeconds = (performance.now() - seeded) / 1000;
const deadline = performance.now() + (TENANTS / RATE) * 3_000 + 60_000;
while (reads.length < TENANTS && performance.now() < deadline) {
  await sleep(1_000);
  instances.forEach((instance, i) => rss[i]!.samples.push(rssMb(instance.process.pid!)));
}
// Anything read twice would show now.
await sleep(3_000);

const first = reads[0] ?? 0;
const last = reads[Math.min(TENANTS, reads.length) - 1] ?? first;
const seconds = (last - first) / 1000;
const unchecked = await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tenants WHERE checked_at < now() - interval '1 hour'`);
const counts = [...perAccount.values()];
const result = {
  tenants: TENANTS,
  rate: RATE,
  instances: instances.length,
  seedSeconds: round(seedSeconds, 2),
  reads: reads.length,
  passSeconds: round(seconds, 2),
  achievedRate: round((Math.min(TENANTS, reads.length) - 1) / seconds, 1),
  accountsReadOnce: counts.filter((n) => n === 1).length,
  accountsReadTwiceOrMore: counts.filter((n) => n > 1).length,
  uncheckedAfter: unchecked[0]!.n,
  rss: rss.map((r) => ({
    idleMb: round(r.idle, 1),
    firstMb: round(r.samples[0] ?? 0, 1),
    lastMb: round(r.samples.at(-1) ?? 0, 1),
    peakMb: round(Math.max(...r.samples), 1),
  })),
};

await Promise.all(instances.map((i) => i.stop()));
await store.close();
await new Promise<void>((resolve) => {
  sandboxServer.close(() => resolve());
  (sandboxServer as Server).closeAllConnections();
});
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
