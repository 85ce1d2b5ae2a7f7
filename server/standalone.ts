import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { AppOptions, ReconnectApp } from './app.js';
import { urlHost, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { startBackend } from './backend.js';
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
  app?: Partial<Omit<AppOptions, 'store' | 'stripe'>>;
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
 * Runs the backend from a `Config`: opens the configured store, starts the
 * backend (with the Stripe sandbox when no keys are set) and serves it.
 */
export async function startStandalone(config: Config, options: StandaloneOptions = {}): Promise<Standalone> {
  const logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [config.apiKey, config.sessionSecret, config.encryptionKey, config.stripe?.secretKey, config.stripe?.webhookSecret, config.hostWebhook?.secret, config.metricsToken],
    });
  const store =
    options.store ??
    (config.databaseUrl
      ? await createPostgresStore({ connectionString: config.databaseUrl })
      : await createEmbeddedStore({ dataDir: config.dataDir ?? defaultDataDir() }));

  const apiBase = `${config.publicUrl}${config.basePath}`;
  // STRIPE_API_URL without keys: a sandbox served elsewhere (`npm run sandbox`), reached with its published keys.
  const credentials = config.stripe ?? (config.stripeApiUrl ? (await import('./sandbox/index.js')).SANDBOX_CREDENTIALS : null);
  const stripe = credentials ? { ...credentials, apiUrl: config.stripeApiUrl } : undefined;
  const backend = await startBackend({
    store,
    ...(stripe && { stripe }),
    sandbox: {
      // The sandbox needs an origin of its own (stripe-node cannot add a base path to Stripe's routes); its webhooks come straight here.
      port: config.sandboxPort ?? (config.port ? config.port + 1 : 0),
      webhookUrl: `http://${urlHost(config.host)}:${config.port}${config.basePath}/webhooks/stripe`,
    },
    apiKey: config.apiKey,
    sessionSecret: config.sessionSecret,
    encryptionKey: config.encryptionKey,
    publicUrl: config.publicUrl,
    basePath: config.basePath,
    allowedOrigins: config.allowedOrigins,
    ...(config.hostWebhook && { hostWebhook: { ...config.hostWebhook, ...options.delivery } }),
    ...(config.trustProxy !== null && { trustProxy: config.trustProxy }),
    ...(config.platformName !== null && { platformName: config.platformName }),
    recheck: { interval: config.recheck.intervalSeconds, rate: config.recheck.rate },
    ...(config.metricsToken !== null && { metricsToken: config.metricsToken }),
    logger,
    ...options.app,
  });
  const { app, sandboxUrl } = backend;

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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
