/**
 * The server under load, run as a child process of the benchmark so that
 * autocannon does not share its event loop: the backend (createApp on the
 * engine named by argv[2], against a served Stripe sandbox) and, in the same
 * Hono server, a bare JSON route to compare it with. It connects one tenant,
 * then prints one JSON line on stdout ({ url, apiBase, sandboxUrl, token })
 * and serves until SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.js';
import { createLogger } from '../server/logger.js';
import { createSandbox, SANDBOX_ACCOUNTS, serveSandbox } from '../server/sandbox/index.js';
import { completeAuthorize } from '../server/sandbox/control-client.js';
import { mintSession } from '../server/security/session-token.js';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET } from '../test/support/stack.js';
import { freshStore, type Engine } from '../test/support/stores.js';

const engine = process.argv[2] as Engine;
if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`usage: server-under-load.ts pglite|postgres, got ${engine}`);

const ORIGIN = 'https://bench-settings.example';
const TENANT = 'bench-tenant';
const UNLIMITED = { limit: 1_000_000, windowSeconds: 60 };

const store = await freshStore(engine);
const sandbox = createSandbox();
const servedSandbox = await serveSandbox(sandbox);

// The port comes first (the app needs its public URL), so requests wait on a handler set just below.
let handler: (req: Request, env: unknown) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
const server = await new Promise<Server>((resolve) => {
  const s = serve({ fetch: (req, env) => handler(req, env), hostname: '127.0.0.1', port: 0 }, () => resolve(s as Server));
});
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const app = createApp({
  store,
  stripe: { ...sandbox.credentials, apiUrl: servedSandbox.url },
  apiKey: API_KEY,
  sessionSecret: SESSION_SECRET,
  encryptionKey: ENCRYPTION_KEY,
  publicUrl: url,
  allowedOrigins: [ORIGIN],
  // Production's level: per-request lines are debug, so they cost nothing here either.
  logger: createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) }),
  rateLimits: { connectPerAddress: UNLIMITED, connectPerTenant: UNLIMITED, callbackPerAddress: UNLIMITED, callbackPerTenant: UNLIMITED },
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
  .route('/', app);
handler = (req, env) => root.fetch(req, env as never);
const apiBase = `${url}/stripe-reconnect`;

// A connected tenant, made the way a person makes it: /connect, Stripe's page, the callback.
const { token } = mintSession({ sessionSecret: SESSION_SECRET, tenantId: TENANT, ttlSeconds: 3_600 });
const headers = { Authorization: `Bearer ${token}`, Origin: ORIGIN, 'Content-Type': 'application/json' };
const started = await fetch(`${apiBase}/connect`, { method: 'POST', headers, body: JSON.stringify({ mode: 'popup' }) });
const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
const callback = await completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme });
await (await fetch(callback, { redirect: 'manual' })).text();
const status = (await (await fetch(`${apiBase}/status`, { headers })).json()) as { state: string };
if (status.state !== 'connected') throw new Error(`the bench tenant did not connect: ${JSON.stringify(status)}`);

process.stdout.write(`${JSON.stringify({ url, apiBase, sandboxUrl: servedSandbox.url, token, origin: ORIGIN })}\n`);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await servedSandbox.close();
  // On PostgreSQL this drops the schema of this run.
  await store.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
