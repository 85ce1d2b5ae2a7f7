/**
 * Example: an existing Hono app ("Acme Invoicing", with routes of its own)
 * that mounts stripe-reconnect under /billing/stripe-reconnect.
 *
 * With no Stripe keys in the environment it runs against the built-in Stripe
 * sandbox, so it works with nothing to set up:
 *
 *   npm run build && npx tsx examples/hono-mount.ts
 *
 * The host keeps its own login; what it adds is the mount and one route that
 * mints a widget session for the signed-in user's workspace.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createBackend, runningExample, type Backend, type RunningExample, type StartOptions } from './backend.js';

export type { RunningExample, StartOptions };

/** Where this host mounts the backend; also what the element's `api-base` points at. */
export const BASE_PATH = '/billing/stripe-reconnect';

/**
 * Stands in for the host's own login: the workspace the signed-in user
 * belongs to (a `workspace` cookie picks another; `workspace=none` plays a
 * signed-out visitor).
 */
export function currentWorkspace(cookie: string | undefined): string | null {
  if (cookie === 'none') return null;
  return cookie ?? 'ws_acme';
}

/** The host's Hono app with the backend mounted, and the backend behind it. */
export interface Host {
  app: Hono;
  backend: Backend;
}

/**
 * Builds the host app: its own routes, then stripe-reconnect mounted at
 * BASE_PATH. The backend was created with the same `basePath` (its OAuth
 * callback URL includes it), so `mount` passes the request on unchanged
 * (`replaceRequest: false`), and the backend keeps its own error and
 * not-found answers, the contract's JSON.
 */
export async function createHost({ publicUrl }: { publicUrl: string }): Promise<Host> {
  const backend = await createBackend({ publicUrl, basePath: BASE_PATH });
  const app = new Hono()
    .get('/', (c) => c.text('Acme Invoicing'))
    .get('/api/invoices', (c) => c.json({ invoices: [{ id: 'inv_1', total: 4200, currency: 'eur' }] }))
    // The element asks for this (its `sessionProvider`) whenever it needs a fresh token.
    .post('/api/stripe-reconnect/session', (c) => {
      const workspace = currentWorkspace(getCookie(c, 'workspace'));
      if (!workspace) return c.json({ error: 'sign in first' }, 401);
      return c.json(backend.mintSession(workspace));
    })
    .mount(BASE_PATH, backend.app.fetch, { replaceRequest: false });
  return { app, backend };
}

/** Listens with @hono/node-server; the caller's `port` must be free (0 cannot work: see StartOptions). */
export async function serveHost(app: Hono, backend: Backend, { port = Number(process.env.PORT ?? 3000), hostname = '127.0.0.1' }: StartOptions): Promise<RunningExample> {
  const url = `http://${hostname}:${port}`;
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname, port }, () => resolve(listening));
    listening.once('error', reject);
  });
  return runningExample(server as Server, url, BASE_PATH, backend);
}

/** Runs the example host on `port`. */
export async function start(options: StartOptions = {}): Promise<RunningExample> {
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  const hostname = options.hostname ?? '127.0.0.1';
  const { app, backend } = await createHost({ publicUrl: `http://${hostname}:${port}` });
  return serveHost(app, backend, { port, hostname });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await start();
  const sandbox = running.backend.sandboxUrl;
  console.log(`Acme Invoicing at ${running.url}; stripe-reconnect at ${running.apiBase}${sandbox ? ` (Stripe sandbox at ${sandbox})` : ''}`);
}
