/**
 * The demo: a SaaS settings page with <stripe-reconnect> in it, the backend,
 * the Stripe sandbox and a host webhook receiver, in one process and behind
 * one URL.
 *
 *   npm run demo            → http://localhost:5173
 *   DEMO_PORT=8080 npm run demo            (DEMO_SANDBOX_PORT, DEMO_DATA_DIR, DEMO_COOP too)
 *   RECHECK_INTERVAL=5m npm run demo       (default 30 s, so QA can watch a re-check)
 *
 * The page is compiled on the fly by Vite (middleware mode); the backend is
 * mounted at /stripe-reconnect on the same origin; the sandbox (Stripe's
 * pages) listens on the next port, as Stripe would on its own origin.
 */
import { getRequestListener } from '@hono/node-server';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RateLimits } from '../server/app.js';
import { adminCaller } from './host/admin.js';
import { startDemoBackend } from './host/backend.js';
import { WebhookReceiver } from './host/receiver.js';
import { demoRoutes } from './host/routes.js';
import { DemoScenarios } from './host/scenarios.js';
import { loadSecrets } from './host/secrets.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The demo's re-check interval: a real deployment's is 24 h. */
export const DEMO_RECHECK_INTERVAL = '30s';
const repo = resolve(here, '..');

/** No HMR here (no websocket, no reload in the middle of a flow): leave Vite's client out of the page. */
function withoutHmrClient(): import('vite').Plugin {
  return {
    name: 'demo:without-hmr-client',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module" src="\/@vite\/client"><\/script>\s*/, ''),
    },
  };
}

export interface DemoOptions {
  /** 0 picks a free port (tests). Default DEMO_PORT, PORT or 5173. */
  port?: number;
  /** The sandbox's port; default the demo's port + 1 (0 when the demo's is 0). */
  sandboxPort?: number;
  /** The embedded database and the demo's secrets; default data/demo. */
  dataDir?: string;
  rateLimits?: Partial<RateLimits>;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Serve the page with `Cross-Origin-Opener-Policy: same-origin` (a host
   * page that cuts its popups off once they leave for Stripe). A page asked
   * for with `?coop=same-origin` gets it too. Default `DEMO_COOP=1`.
   */
  coop?: boolean;
  /**
   * How often the backend re-checks every connection with Stripe (`'30s'`,
   * `'5m'`, or seconds). Default `RECHECK_INTERVAL`, else 30 s: short, so
   * QA can watch a re-check find a break the drawer made silently.
   */
  recheckInterval?: string | number;
}

export interface Demo {
  /** The page: http://localhost:<port>/ */
  url: string;
  sandboxUrl: string;
  /** Where the database and the demo's secrets live. */
  dataDir: string;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolveListen((server.address() as AddressInfo).port));
  });
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const port = options.port ?? Number(process.env.DEMO_PORT ?? process.env.PORT ?? 5173);
  const dataDir = resolve(options.dataDir ?? process.env.DEMO_DATA_DIR ?? join(repo, 'data', 'demo'));
  const secrets = await loadSecrets(dataDir);

  // Listen first: the backend needs to know its public URL, which a port of 0 only gives now.
  let handle: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null = null;
  const server = createHttpServer((req, res) => {
    if (handle) return handle(req, res);
    res.writeHead(503).end('starting');
  });
  const actualPort = await listen(server, port);
  const publicUrl = `http://localhost:${actualPort}`;
  const loopbackUrl = `http://127.0.0.1:${actualPort}`;
  const allowedOrigins = [publicUrl, loopbackUrl];

  const backend = await startDemoBackend({
    dataDir: join(dataDir, 'db'),
    secrets,
    publicUrl,
    loopbackUrl,
    allowedOrigins,
    sandboxPort: options.sandboxPort ?? (process.env.DEMO_SANDBOX_PORT ? Number(process.env.DEMO_SANDBOX_PORT) : port === 0 ? 0 : actualPort + 1),
    logLevel: options.logLevel ?? 'warn',
    rateLimits: options.rateLimits,
    recheck: { interval: options.recheckInterval ?? process.env.RECHECK_INTERVAL ?? DEMO_RECHECK_INTERVAL },
  });
  let scenarios: DemoScenarios | null = null;
  const receiver = new WebhookReceiver(secrets.hostWebhookSecret, (tenantId) => scenarios?.isDemoTenant(tenantId) ?? false);
  scenarios = await DemoScenarios.open(backend, secrets, publicUrl, dataDir);
  const api = demoRoutes({ backend, scenarios, receiver, allowedOrigins, sessionSecret: secrets.sessionSecret, admin: adminCaller(backend, secrets.apiKey) });
  const apiListener = getRequestListener(api.fetch);
  const isApi = (path: string) => path.startsWith('/demo/') || path.startsWith(`${backend.basePath}/`);
  // The API answers while the page compiler starts (the outbox may already be delivering).
  handle = (req, res) => {
    if (isApi((req.url ?? '/').split('?')[0]!)) void apiListener(req, res);
    else res.writeHead(503).end('starting');
  };
  await scenarios.start();

  const { createServer: createVite } = await import('vite');
  const vite = await createVite({
    configFile: false,
    root: here,
    appType: 'spa',
    logLevel: 'warn',
    clearScreen: false,
    cacheDir: join(dataDir, 'vite'),
    server: { middlewareMode: true, hmr: false, ws: false, fs: { allow: [repo] } },
    // Lit's production build, as a product page would ship (the dev build warns in the console).
    resolve: { conditions: ['module', 'browser', 'production'] },
    // Prebundle Lit once at start: no discovery while the page loads, so no reload in the middle of a flow.
    // The support page's keyed list too: served raw, it would bring a second copy of lit-html beside the prebundled one.
    optimizeDeps: { include: ['lit', 'lit/directives/repeat.js'], noDiscovery: true },
    plugins: [withoutHmrClient()],
  });

  const coop = options.coop ?? process.env.DEMO_COOP === '1';
  handle = (req, res) => {
    const [path, query = ''] = (req.url ?? '/').split('?');
    if (isApi(path!)) {
      void apiListener(req, res);
      return;
    }
    // The support page is a directory of its own: its relative links need the trailing slash.
    if (path === '/support') {
      res.writeHead(301, { Location: `/support/${query ? `?${query}` : ''}` }).end();
      return;
    }
    if (coop || new URLSearchParams(query).get('coop') === 'same-origin') res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    vite.middlewares(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    });
  };

  return {
    url: `${publicUrl}/`,
    sandboxUrl: backend.sandboxUrl,
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await vite.close();
      await backend.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  startDemo().then(
    (demo) => {
      console.log(`\n  stripe-reconnect demo: ${demo.url}\n`);
      const stop = () => void demo.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error('The demo could not start:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
