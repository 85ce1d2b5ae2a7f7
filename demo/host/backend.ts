import type { RateLimits, ReconnectApp } from '../../server/app.js';
import type { RecheckOption } from '../../server/app-options.js';
import { startBackend } from '../../server/backend.js';
import { createLogger, type Logger } from '../../server/logger.js';
import type { Sandbox } from '../../server/sandbox/index.js';
import { createEmbeddedStore, type Store } from '../../server/store/index.js';
import type { DemoSecrets } from './secrets.js';

/** The demo's "platform" side: the stripe-reconnect backend, its embedded store and the Stripe sandbox. */
export interface DemoBackend {
  app: ReconnectApp;
  store: Store;
  sandbox: Sandbox;
  sandboxUrl: string;
  basePath: string;
  close(): Promise<void>;
}

export interface DemoBackendOptions {
  dataDir: string;
  secrets: DemoSecrets;
  /** The origin the browser uses (the printed URL): Stripe comes back there. */
  publicUrl: string;
  /** Where this process answers on loopback, for server-to-server calls (Stripe's and the outbox's webhooks). */
  loopbackUrl: string;
  allowedOrigins: string[];
  sandboxPort: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  rateLimits?: Partial<RateLimits>;
  logger?: Logger;
  /** The backend's re-checks of every connection (`RECHECK_INTERVAL`, `RECHECK_RATE`). */
  recheck: RecheckOption;
}

export const BASE_PATH = '/stripe-reconnect';
export const RECEIVER_PATH = '/demo/webhooks';
/** The demo platform's name: the element's texts and the sandbox's installed-apps list say it. */
export const PLATFORM_NAME = 'Ledgerly';

export async function startDemoBackend(options: DemoBackendOptions): Promise<DemoBackend> {
  const { secrets } = options;
  const logger =
    options.logger ??
    createLogger({
      level: options.logLevel ?? 'warn',
      secrets: [secrets.apiKey, secrets.sessionSecret, secrets.encryptionKey, secrets.hostWebhookSecret],
    });
  const backend = await startBackend({
    store: await createEmbeddedStore({ dataDir: options.dataDir }),
    // Stripe's Connect webhooks reach the backend through this same process; the sandbox lists the app under the demo's name.
    sandbox: { port: options.sandboxPort, webhookUrl: `${options.loopbackUrl}${BASE_PATH}/webhooks/stripe`, platformName: PLATFORM_NAME },
    stripeClient: { timeoutMs: 5_000, maxNetworkRetries: 1 },
    apiKey: secrets.apiKey,
    sessionSecret: secrets.sessionSecret,
    encryptionKey: secrets.encryptionKey,
    publicUrl: options.publicUrl,
    basePath: BASE_PATH,
    allowedOrigins: options.allowedOrigins,
    platformName: PLATFORM_NAME,
    // HOST_WEBHOOK_URL: the demo's own receiver, signed with HOST_WEBHOOK_SECRET.
    hostWebhook: { url: `${options.loopbackUrl}${RECEIVER_PATH}`, secret: secrets.hostWebhookSecret, baseDelayMs: 1_000, pollMs: 500 },
    logger,
    // "Check again" always asks Stripe here: the QA drawer flips Stripe's answers (faults, revokes) between clicks,
    // and the scenarios reuse the same accounts, so a reused answer (default 5 s) would show the previous one.
    statusReuseMs: 0,
    // Short here (the demo's default is 30 s), so QA can watch a re-check find what the drawer broke silently.
    recheck: options.recheck,
    ...(options.rateLimits && { rateLimits: options.rateLimits }),
  });

  return {
    app: backend.app,
    store: backend.store,
    sandbox: backend.sandbox!,
    sandboxUrl: backend.sandboxUrl!,
    basePath: BASE_PATH,
    close: backend.close,
  };
}
