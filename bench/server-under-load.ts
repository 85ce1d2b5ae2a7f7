/**
 * The server under load, run as a child process of the benchmark so that
 * the load generator does not share its event loop: the backend (createApp on
 * the engine named by argv[2], against a served Stripe sandbox) and, in the
 * same Hono server, a bare JSON route to compare it with.
 *
 *   server-under-load.ts pglite|postgres [--host-webhook=<url>]
 *
 * With `--host-webhook` the app writes host events and a delivery worker (the
 * production defaults: 10 s timeout, 8 in flight) sends them to that URL.
 *
 * It connects one tenant, prints one JSON line on stdout
 * ({ url, apiBase, sandboxUrl, token, origin }) and serves until SIGTERM.
 * Besides the app it answers, at its root:
 * - `GET /bare`: the bare route;
 * - `GET /_bench/process`: its RSS and CPU time;
 * - `GET /_bench/sandbox-time`: the wall time spent inside the sandbox's
 *   Stripe-shaped handlers (`/oauth/token`, `/oauth/deauthorize`, `/v1/*`)
 *   since start, summed over requests, and how many there were.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.js';
import { createLogger } from '../server/logger.js';
import { createSandbox, SANDBOX_ACCOUNTS } from '../server/sandbox/index.js';
import { completeAuthorize } from '../server/sandbox/control-client.js';
import { mintSession } from '../server/security/session-token.js';
import { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET } from '../test/support/constants.js';
import { freshStore, type Engine } from '../test/support/stores.js';
import { apiClient, completeFlow, finishFlow } from '../test/support/flow.js';

const engine = process.argv[2] as Engine;
if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`usage: server-under-load.ts pglite|postgres [--host-webhook=<url>], got ${engine}`);
const hostWebhookUrl = process.argv.find((a) => a.startsWith('--host-webhook='))?.slice('--host-webhook='.length) ?? null;

const ORIGIN = 'https://bench-settings.example';
const TENANT = 'bench-tenant';
const UNLIMITED = { limit: 1_000_000, windowSeconds: 60 };

type FetchHandler = (req: Request, env: unknown) => Response | Promise<Response>;

function listen(fetch: FetchHandler): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetch as never, hostname: '127.0.0.1', port: 0 }, () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
    server.once('error', reject);
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server).closeAllConnections();
  });
}

const store = await freshStore(engine);

// The sandbox behind a stopwatch: what the callback's own cost subtracts.
const sandbox = createSandbox();
const STRIPE_PATHS = /^\/(v1\/|oauth\/(token|deauthorize))/;
const inSandbox = { ms: 0, requests: 0 };
const sandboxServed = await listen(async (req, env) => {
  if (!STRIPE_PATHS.test(new URL(req.url).pathname)) return sandbox.app.fetch(req, env as never);
  const start = performance.now();
  try {
    return await sandbox.app.fetch(req, env as never);
  } finally {
    inSandbox.ms += performance.now() - start;
    inSandbox.requests += 1;
  }
});

// The port comes first (the app needs its public URL), so requests wait on a handler set just below.
let handler: FetchHandler = () => new Response('starting', { status: 503 });
const served = await listen((req, env) => handler(req, env));
const url = served.url;

const app = createApp({
  store,
  stripe: { ...sandbox.credentials, apiUrl: sandboxServed.url },
  apiKey: API_KEY,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  publicUrl: url,
  allowedOrigins: [ORIGIN],
  ...(hostWebhookUrl && { hostWebhook: { url: hostWebhookUrl, secret: HOST_WEBHOOK_SECRET } }),
  // Metrics on, as issue 21 asks of the hot path: every request is counted in http_requests_total and its histogram.
  metricsToken: 'bench-metrics-token-000000000000000001',
  // Production's level: per-request lines are debug, so they cost nothing here either.
  logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
  rateLimits: {
    connectPerTenant: UNLIMITED,
    completePerTenant: UNLIMITED,
    callbackPerAddress: UNLIMITED,
    callbackPerTenant: UNLIMITED,
    sessionsPerAddress: UNLIMITED,
    sessionsPerTenant: UNLIMITED,
  },
});


// One Hono app for both, mounted the way a host mounts the backend in its own app: the routes
// share the router and the HTTP layer, and differ only by what the backend does.
const root = new Hono()
  .get('/bare', (c) => c.json({ ok: true, state: 'connected' }))
  // The process's own figures: the bench reads memory and CPU time here rather than guess them from outside.
  .get('/_bench/process', (c) => {
    const { user, system } = process.cpuUsage();
    return c.json({ rss: process.memoryUsage.rss(), cpuMicros: user + system });
  })
  .get('/_bench/sandbox-time', (c) => c.json(inSandbox))
  .route('/', app);
handler = (req, env) => root.fetch(req, env as never);
const apiBase = `${url}/stripe-reconnect`;

// A connected tenant, made the way a person makes it: /connect, Stripe's page, the callback, the widget's completion.
const { token } = mintSession({ sessionSecret: SESSION_SECRET, tenantId: TENANT, ttlSeconds: 3_600 });
const headers = { Authorization: `Bearer ${token}`, Origin: ORIGIN, 'Content-Type': 'application/json' };
const started = await fetch(`${apiBase}/connect`, { method: 'POST', headers, body: JSON.stringify({ mode: 'popup' }) });
const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
const back = await finishFlow(await completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme }), authorizeUrl);
await completeFlow(apiClient(apiBase, ORIGIN), token, back);
const status = (await (await fetch(`${apiBase}/status`, { headers })).json()) as { state: string };
if (status.state !== 'connected') throw new Error(`the bench tenant did not connect: ${JSON.stringify(status)}`);

process.stdout.write(`${JSON.stringify({ url, apiBase, sandboxUrl: sandboxServed.url, token, origin: ORIGIN })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await app.close();
  await close(served.server);
  sandbox.releaseHeld();
  await close(sandboxServed.server);
  // On PostgreSQL this drops the schema of this run; PGlite must close for the process to exit.
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
