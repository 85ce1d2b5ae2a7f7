/**
 * Example: an existing Express 5 app that mounts stripe-reconnect under
 * /billing/stripe-reconnect, through @hono/node-server's `getRequestListener`
 * (the backend is a fetch handler; this turns it into a Node request listener).
 *
 *   npm run build && npx tsx examples/express-mount.ts
 *
 * Two things matter in Express:
 * - mount it before any body parser (`express.json()`): the backend reads the
 *   raw body itself, and Stripe's webhook signature is over the exact bytes;
 * - mount it with `app.all(path)`, not `app.use(path)`: `use` strips the
 *   prefix from `req.url`, and the backend's routes carry it (its OAuth
 *   callback URL includes it).
 */
import { getRequestListener } from '@hono/node-server';
import express from 'express';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createBackend, runningExample, type Backend, type RunningExample, type StartOptions } from './backend.js';

export const BASE_PATH = '/billing/stripe-reconnect';

/** The Express app: the backend first, then the host's parsers and routes. */
export function createExpressApp(backend: Backend): express.Express {
  const app = express();
  app.all(`${BASE_PATH}/*path`, getRequestListener(backend.app.fetch));

  app.use(express.json());
  app.get('/', (_req, res) => {
    res.type('text').send('Acme Invoicing');
  });
  app.post('/api/notes', (req, res) => {
    res.status(201).json({ note: { id: 'note_1', text: String(req.body?.text ?? '') } });
  });
  // Stands in for the host's own login: here every visitor belongs to one workspace.
  app.post('/api/stripe-reconnect/session', (_req, res) => {
    res.json(backend.mintSession('ws_acme'));
  });
  return app;
}

/** Runs the example host on `port`. */
export async function start({ port = Number(process.env.PORT ?? 3000), hostname = '127.0.0.1' }: StartOptions = {}): Promise<RunningExample> {
  const url = `http://${hostname}:${port}`;
  const backend = await createBackend({ publicUrl: url, basePath: BASE_PATH });
  const app = createExpressApp(backend);
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, hostname, (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  return runningExample(server, url, BASE_PATH, backend);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await start();
  const sandbox = running.backend.sandboxUrl;
  console.log(`Acme Invoicing (Express) at ${running.url}; stripe-reconnect at ${running.apiBase}${sandbox ? ` (Stripe sandbox at ${sandbox})` : ''}`);
}
