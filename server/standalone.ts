import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type ReconnectApp } from './app.js';
import { urlHost, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { startDeliveryWorker, type DeliveryWorker } from './outbox/delivery-worker.js';
import { createEmbeddedStore, createPostgresStore, defaultDataDir, type Store } from './store/index.js';

export interface Standalone {
  /** Where the API answers, e.g. http://127.0.0.1:8787/stripe-reconnect */
  apiBase: string;
  /** The built-in sandbox's URL when this process runs one. */
  sandboxUrl: string | null;
  app: ReconnectApp;
  store: Store;
  close(): Promise<void>;
}

export interface StandaloneOptions {
  logger?: Logger;
  /** Extra options for createApp (tests: rate limits, clocks). */
  app?: Partial<AppOptions>;
  /** Extra options for the delivery worker (tests: short backoff). */
  delivery?: { baseDelayMs?: number; pollMs?: number; timeoutMs?: number };
  /** An open store to use instead of the configured one (tests); closed with the server. */
  store?: Store;
}

function listen(app: { fetch: ReconnectApp['fetch'] }, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * Runs the backend from a `Config`: the store, the Stripe sandbox when no
 * keys are set, the HTTP server and the webhook delivery worker.
 */
export async function startStandalone(config: Config, options: StandaloneOptions = {}): Promise<Standalone> {
  const logger =
    options.logger ??
    createLogger({ level: config.logLevel, secrets: [config.apiKey, config.sessionSecret, config.encryptionKey, config.stripe?.secretKey, config.stripe?.webhookSecret, config.hostWebhook?.secret] });
  const store =
    options.store ??
    (config.databaseUrl
      ? await createPostgresStore({ connectionString: config.databaseUrl })
      : await createEmbeddedStore({ dataDir: config.dataDir ?? defaultDataDir() }));

  const apiBase = `${config.publicUrl}${config.basePath}`;
  let sandboxUrl: string | null = null;
  let closeSandbox: (() => Promise<void>) | null = null;
  let stripeApiUrl = config.stripeApiUrl;
  // Loaded only in sandbox mode: a deployment with real keys never has the sandbox's code in memory.
  const sandboxModule = config.stripe ? null : await import('./sandbox/index.js');
  const credentials = config.stripe ?? sandboxModule!.SANDBOX_CREDENTIALS;
  if (sandboxModule && !stripeApiUrl) {
    // The sandbox needs an origin of its own: stripe-node cannot add a base path to Stripe's routes.
    const sandbox = sandboxModule.createSandbox({
      webhookUrl: `http://${urlHost(config.host)}:${config.port}${config.basePath}/webhooks/stripe`,
    });
    // Loopback whatever HOST says: its control routes (reset, revoke, webhook URL) have no authentication.
    const served = await sandboxModule.serveSandbox(sandbox, { hostname: '127.0.0.1', port: config.sandboxPort ?? (config.port ? config.port + 1 : 0) });
    sandboxUrl = stripeApiUrl = served.url;
    closeSandbox = served.close;
  }

  const app = createApp({
    store,
    stripe: { ...credentials, apiUrl: stripeApiUrl },
    apiKey: config.apiKey,
    sessionSecret: config.sessionSecret,
    encryptionKey: config.encryptionKey,
    publicUrl: config.publicUrl,
    basePath: config.basePath,
    allowedOrigins: config.allowedOrigins,
    hostWebhooks: config.hostWebhook !== null,
    ...(config.trustProxy !== null && { trustProxy: config.trustProxy }),
    ...(config.platformName !== null && { platformName: config.platformName }),
    logger,
    ...options.app,
  });

  let worker: DeliveryWorker | null = null;
  if (config.hostWebhook) {
    worker = startDeliveryWorker({ store, ...config.hostWebhook, logger, ...options.delivery });
    const w = worker;
    store.tenants.onOutboxCommit(() => w.wake());
  }

  const server = await listen(app, config.host, config.port);
  const port = (server.address() as AddressInfo).port;
  const realBase = config.port === 0 ? apiBase.replace(/:0(?=\/)/, `:${port}`) : apiBase;
  logger.info('stripe-reconnect started', { apiBase: realBase, stripe: config.stripeMode, sandboxUrl, engine: store.engine });

  return {
    apiBase: realBase,
    sandboxUrl,
    app,
    store,
    async close() {
      await worker?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeSandbox?.();
      await store.close();
    },
  };
}
