/**
 * The fleet routes at 100,000 tenants on PostgreSQL, run in a process of
 * its own (`npm run bench -- --only fleet`): the tenants and one attempt
 * each are written with SQL (what years of flows would leave), then the
 * app answers over HTTP, one request at a time, after a warm-up:
 * `GET /tenants?state=needs_attention` (first page and pages deep in the
 * list), `GET /fleet` and a `/metrics` scrape. Prints one JSON line.
 *
 *   fleet-scale.ts [tenants]
 */
import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.js';
import { createLogger } from '../server/logger.js';
import { SANDBOX_CREDENTIALS } from '../server/sandbox/index.js';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET } from '../test/support/constants.js';
import { freshStore } from '../test/support/stores.js';
import { median, quantile, round } from './stats.js';

const TENANTS = Number(process.argv[2] ?? 100_000);
const METRICS_TOKEN = 'bench-metrics-token-000000000000000001';

const store = await freshStore('postgres');
const seedStarted = performance.now();
// About what a large fleet looks like: most connected, a few percent broken or paused, some legacy and gone.
await store.db.query(
  `INSERT INTO tenants (tenant_id, state, account_id, account_name, account_livemode, problem_code, problem_since,
                        warning_code, warning_deadline, connected_at, checked_at, updated_at, state_changed_at)
   SELECT 'tenant-' || i,
          s.state,
          CASE WHEN s.state IN ('connected', 'needs_attention') THEN 'acct_bench' || i END,
          CASE WHEN s.state IN ('connected', 'needs_attention') THEN 'Shop ' || i END,
          CASE WHEN s.state IN ('connected', 'needs_attention') THEN false END,
          s.problem, CASE WHEN s.problem IS NOT NULL THEN at END,
          CASE WHEN s.state = 'connected' AND i % 50 = 0 THEN 'requirements_due' END,
          CASE WHEN s.state = 'connected' AND i % 50 = 0 THEN at + interval '7 days' END,
          CASE WHEN s.state IN ('connected', 'needs_attention') THEN at END,
          CASE WHEN s.state IN ('connected', 'needs_attention') THEN now() - (i % 86400) * interval '1 second' END,
          at, at
     FROM generate_series(1, $1::int) AS i,
          LATERAL (SELECT now() - (i * 397 % 31536000) * interval '1 second' AS at) t,
          LATERAL (SELECT CASE
                     WHEN i % 100 < 85 THEN 'connected'
                     WHEN i % 100 < 91 THEN 'needs_attention'
                     WHEN i % 100 < 94 THEN 'legacy'
                     WHEN i % 100 < 97 THEN 'disconnected'
                     ELSE 'not_connected' END AS state,
                   CASE
                     WHEN i % 100 BETWEEN 85 AND 86 THEN 'deauthorized'
                     WHEN i % 100 BETWEEN 87 AND 88 THEN 'access_revoked'
                     WHEN i % 100 BETWEEN 89 AND 90 THEN 'payments_paused'
                     WHEN i % 100 BETWEEN 91 AND 93 THEN 'legacy_setup' END AS problem) s`,
  [TENANTS],
);
await store.db.query(
  `INSERT INTO attempts (tenant_id, at, outcome, code, account_id, mode, request_id)
   SELECT 'tenant-' || i, now() - (i % 1000) * interval '1 hour', CASE WHEN i % 7 = 0 THEN 'error' ELSE 'success' END,
          CASE WHEN i % 7 = 0 THEN 'account_mismatch' END, 'acct_bench' || i, 'popup', 'req_bench' || i
     FROM generate_series(1, $1::int) AS i`,
  [TENANTS],
);
await store.db.query('ANALYZE tenants');
await store.db.query('ANALYZE attempts');
const seedSeconds = (performance.now() - seedStarted) / 1000;

const app = createApp({
  store,
  stripe: { ...SANDBOX_CREDENTIALS, apiUrl: 'http://127.0.0.1:9' },
  apiKey: API_KEY,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  publicUrl: 'http://127.0.0.1:9',
  allowedOrigins: ['https://bench-settings.example'],
  logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
  metricsToken: METRICS_TOKEN,
  recheck: { interval: '24h', rate: 5 },
});
const server = await new Promise<ServerType>((resolve) => {
  const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
});
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stripe-reconnect`;

/** Times `n` requests one after another (after `warmup` untimed ones); every answer must be 200. */
async function time(path: string, token: string, n: number, warmup = 10): Promise<{ p50: number; p99: number; max: number; bytes: number; n: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < warmup + n; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
    if (i >= warmup) samples.push(ms);
    bytes = body.length;
  }
  return { p50: round(median(samples), 2), p99: round(quantile(samples, 0.99), 2), max: round(Math.max(...samples), 2), bytes, n };
}

/** The cursor `pages` pages into `GET /tenants?state=needs_attention&limit=50`. */
async function deepCursor(pages: number): Promise<string> {
  let cursor = '';
  for (let i = 0; i < pages; i++) {
    const response = await fetch(`${base}/tenants?state=needs_attention&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    cursor = ((await response.json()) as { nextCursor: string }).nextCursor;
  }
  return cursor;
}

const firstPage = await time('/tenants?state=needs_attention', API_KEY, 300);
const deep = await deepCursor(60);
const deepPage = await time(`/tenants?state=needs_attention&cursor=${encodeURIComponent(deep)}`, API_KEY, 200);
const problemPage = await time('/tenants?problem=payments_paused&limit=100', API_KEY, 200);
const allPage = await time('/tenants?limit=500', API_KEY, 50, 3);
const fleet = await time('/fleet', API_KEY, 100);
const metrics = await time('/metrics', METRICS_TOKEN, 50, 3);

await app.close();
await new Promise<void>((resolve) => {
  server.close(() => resolve());
  (server as Server).closeAllConnections();
});
await store.close();
process.stdout.write(`${JSON.stringify({ tenants: TENANTS, seedSeconds: round(seedSeconds, 1), firstPage, deepPage, problemPage, allPage, fleet, metrics })}\n`);
process.exit(0);
