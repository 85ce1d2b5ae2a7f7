import { serve, type ServerType } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Status } from '../../contract/schemas.js';
import type { AppOptions, RateLimits, ReconnectApp } from '../../server/app.js';
import { startBackend } from '../../server/backend.js';
import { createLogger } from '../../server/logger.js';
import type { DeliveryWorker } from '../../server/host-webhooks/index.js';
import type { Sandbox } from '../../server/sandbox/index.js';
import { sandboxControl, type AuthorizeChoice, type SandboxControlClient } from '../../server/sandbox/control-client.js';
import type { Store } from '../../server/store/index.js';
import { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET } from './constants.js';
import { apiClient, completeFlow, runFlow, type ApiClient, type FlowResult, type HttpResult, type RunFlowOptions } from './flow.js';
import { startReceiver, type Receiver } from './receiver.js';
import { freshStore, type Engine } from './stores.js';

export { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET } from './constants.js';
export { finishFlow, parseCallbackPage, readCallback, readResult, type FlowResult, type HttpResult } from './flow.js';

export interface StackOptions {
  engine?: Engine;
  /** Origins of the pages that embed the widget; default one made-up page origin. */
  allowedOrigins?: string[];
  /** Deliver host events to this URL (with a short backoff for tests). */
  hostWebhookUrl?: string;
  delivery?: { baseDelayMs?: number; pollMs?: number; timeoutMs?: number; giveUpAfterMs?: number };
  rateLimits?: Partial<RateLimits>;
  statusReuseMs?: number;
  /** The Stripe client's timeout and retries, short for fault tests. */
  stripeTimeoutMs?: number;
  maxNetworkRetries?: number;
  now?: () => Date;
  trustProxy?: AppOptions['trustProxy'];
  housekeeping?: AppOptions['housekeeping'];
  platformName?: string;
  /** Keep only warnings and errors in `logs` (long runs: the bench). */
  quiet?: boolean;
  /** `createApp({ recheck })`: the app re-checks its connections. */
  recheck?: AppOptions['recheck'];
  /** `createApp({ metricsToken })`: `GET /metrics` exists. */
  metricsToken?: string;
}

/** The backend, its store and the Stripe sandbox, served on loopback for one test file. */
export interface Stack {
  apiBase: string;
  sandboxUrl: string;
  origin: string;
  app: ReconnectApp;
  store: Store;
  sandbox: Sandbox;
  control: SandboxControlClient;
  /** Every log line the backend wrote, for the secrets scan and request-id checks. */
  logs: string[];
  worker: DeliveryWorker | null;
  request<T = unknown>(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<HttpResult<T>>;
  admin<T = unknown>(path: string, init?: RequestInit & { json?: unknown }): Promise<HttpResult<T>>;
  mintSession: ApiClient['mintSession'];
  /** `POST /connect/complete` with `token`, as the widget does with the handle it received. */
  complete: ApiClient['complete'];
  status(token: string): Promise<Status>;
  /**
   * Starts a flow, chooses in Stripe's page like a person, follows Stripe back
   * to the callback, and completes the flow with the same session as the
   * widget would (unless `complete: false`).
   */
  runFlow(token: string, choice: AuthorizeChoice, options?: RunFlowOptions): Promise<FlowResult>;
  /** Completes a flow that stopped at the callback, with `token`. */
  completeFlow(token: string, flow: FlowResult, options?: { origin?: string }): Promise<FlowResult>;
  connectTenant(tenantId: string, accountId: string): Promise<string>;
  close(): Promise<void>;
}

function listen(fetchHandler: (req: Request, env: unknown) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetchHandler as never, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
    server.once('error', reject);
  });
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const logs: string[] = [];
  const logger = createLogger({ level: options.quiet ? 'warn' : 'debug', sink: (line) => logs.push(line) });
  const origin = options.allowedOrigins?.[0] ?? 'https://shop-settings.example';

  // Stripe's redirect URI names the port, so the server listens before the app exists.
  let app: ReconnectApp | null = null;
  const server = await listen((req, env) => (app ? app.fetch(req, env as never) : new Response('starting', { status: 503 })));
  const port = (server.address() as AddressInfo).port;
  const publicUrl = `http://127.0.0.1:${port}`;
  const backend = await startBackend({
    store: await freshStore(options.engine),
    stripeClient: {
      ...(options.stripeTimeoutMs !== undefined && { timeoutMs: options.stripeTimeoutMs }),
      ...(options.maxNetworkRetries !== undefined && { maxNetworkRetries: options.maxNetworkRetries }),
    },
    apiKey: API_KEY,
    sessionSecret: SESSION_SECRET,
    encryptionKey: ENCRYPTION_KEY,
    publicUrl,
    allowedOrigins: options.allowedOrigins ?? [origin],
    ...(options.hostWebhookUrl && {
      hostWebhook: {
        url: options.hostWebhookUrl,
        secret: HOST_WEBHOOK_SECRET,
        baseDelayMs: 50,
        pollMs: 50,
        timeoutMs: 2_000,
        ...(options.now && { now: options.now }),
        ...options.delivery,
      },
    }),
    logger,
    ...(options.now && { now: options.now }),
    ...(options.rateLimits && { rateLimits: options.rateLimits }),
    ...(options.statusReuseMs !== undefined && { statusReuseMs: options.statusReuseMs }),
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.housekeeping && { housekeeping: options.housekeeping }),
    ...(options.platformName !== undefined && { platformName: options.platformName }),
    ...(options.recheck && { recheck: options.recheck }),
    ...(options.metricsToken !== undefined && { metricsToken: options.metricsToken }),
  });
  app = backend.app;
  const { store } = backend;
  const sandbox = backend.sandbox!;
  const sandboxUrl = backend.sandboxUrl!;
  const apiBase = `${publicUrl}/stripe-reconnect`;
  const control = sandboxControl(sandboxUrl);
  const worker = app.hostWebhooks?.worker ?? null;

  const client = apiClient(apiBase, origin);

  const stack: Stack = {
    apiBase,
    sandboxUrl,
    origin,
    app,
    store,
    sandbox,
    control,
    logs,
    worker,
    request: client.request,
    admin: client.admin,
    mintSession: client.mintSession,
    complete: client.complete,
    async status(token) {
      const result = await client.request<Status>('/status', { token });
      if (result.status !== 200) throw new Error(`GET /status answered ${result.status}: ${result.text}`);
      return result.body;
    },
    runFlow: (token, choice, opts = {}) => runFlow(client, control, token, choice, opts),
    completeFlow: (token, flow, opts = {}) => completeFlow(client, token, flow, opts),
    async connectTenant(tenantId, accountId) {
      const token = await stack.mintSession(tenantId);
      const flow = await stack.runFlow(token, { accountId });
      if (flow.outcome !== 'success') throw new Error(`connecting ${tenantId} to ${accountId} failed: ${flow.outcome} ${flow.completed?.text ?? flow.response.text}`);
      return token;
    },
    async close() {
      server.close();
      (server as Server).closeAllConnections?.();
      await backend.close();
    },
  };
  return stack;
}

/** Runs `fn` against a stack of its own, closed afterwards whatever happens. */
export async function withStack<T>(fn: (stack: Stack) => Promise<T>, options?: StackOptions): Promise<T> {
  const stack = await startStack(options);
  try {
    return await fn(stack);
  } finally {
    await stack.close();
  }
}

/**
 * Runs `fn` against a stack of its own whose host events go to a receiver of
 * its own (signed with HOST_WEBHOOK_SECRET); both are closed afterwards.
 */
export async function withHostWebhooks<T>(fn: (stack: Stack, receiver: Receiver) => Promise<T>, options: Omit<StackOptions, 'hostWebhookUrl'> = {}): Promise<T> {
  const receiver = await startReceiver();
  try {
    return await withStack((stack) => fn(stack, receiver), { ...options, hostWebhookUrl: receiver.url });
  } finally {
    await receiver.close();
  }
}

/** The stored row of a tenant, to prove a refused attempt changed nothing. */
export async function tenantRow(stack: Stack, tenantId: string): Promise<Record<string, unknown> | null> {
  const rows = await stack.store.db.query('SELECT * FROM tenants WHERE tenant_id = $1', [tenantId]);
  return rows[0] ?? null;
}
