import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotifyAccountUpdated } from './account-updates.js';
import { apiRoutes } from './api-routes.js';
import { authorizeRoutes, type NotifyPlatform } from './authorize-routes.js';
import { CallCounter } from './calls.js';
import { controlRoutes } from './control-routes.js';
import { createControls, type SandboxControls } from './controls.js';
import { SandboxHttpError, stripeErrors } from './errors.js';
import { FaultRegistry } from './faults.js';
import { idempotency } from './idempotency.js';
import { newId } from './ids.js';
import { oauthRoutes } from './oauth-routes.js';
import { SANDBOX_CREDENTIALS, type SandboxCredentials } from './seed.js';
import { SandboxState } from './state.js';
import type { SandboxEnv } from './types.js';
import { SANDBOX_API_VERSION, WebhookSender } from './webhook-sender.js';

export { SANDBOX_ACCOUNTS, SANDBOX_CREDENTIALS, SANDBOX_OTHER_PLATFORM, type SandboxCredentials } from './seed.js';
export {
  signWebhookPayload,
  SANDBOX_API_VERSION,
  type SandboxEvent,
  type SandboxEventType,
  type WebhookDelivery,
  type ApplicationEventType,
} from './webhook-sender.js';
export type { AccountView, RevokeResult, SandboxControls, UpdateOptions } from './controls.js';
export type { AccountUpdateResult } from './account-updates.js';
export type { AccountObject } from './account-object.js';
export { DISABLED_REASONS, type DisabledReason, type DeadlineInput, type PauseSpec, type InformationDueSpec } from './requirements.js';
export type { Fault, FaultKind, FaultRoute, FaultSpec } from './faults.js';
export type { CountedRoute } from './types.js';

export interface SandboxOptions {
  credentials?: Partial<SandboxCredentials>;
  /** redirect_uri values registered for the client id; exact match like Stripe. If empty/undefined, any http(s) redirect_uri on 127.0.0.1/localhost is accepted. */
  redirectUris?: string[];
  /** where Connect webhooks (`account.application.*`, `account.updated`) are POSTed (can also be set at run time via the control API) */
  webhookUrl?: string | null;
  /** milliseconds an authorization code lives; default 5 minutes like Stripe */
  codeTtlMs?: number;
  /** clock, ms */
  now?: () => number;
  /** seconds to wait before an injected 'timeout' fault answers; default 30 */
  timeoutFaultSeconds?: number;
  /** The Connect application's name, shown on the authorize page and in events. */
  platformName?: string;
  /** Mount the `/_sandbox/*` control API on `app`; default true. */
  controlApi?: boolean;
}

/** A running sandbox: its Hono app, its credentials, and its controls for tests in the same process. */
export interface Sandbox extends SandboxControls {
  /** The whole sandbox: Stripe-shaped routes at the root (`/oauth/*`, `/v1/*`) and, unless switched off, `/_sandbox/*`. */
  app: Hono<SandboxEnv>;
  credentials: SandboxCredentials;
  /** The platform's secret key in each mode: both are accepted, and the mode of the key decides the mode of the answer. */
  secretKeys: { test: string; live: string };
  /** Back to the seed: accounts, connections, codes, tokens, faults, counts, deliveries and the webhook URL. */
  reset(): void;
  /** Resolves when every webhook delivery under way has finished. */
  webhooksIdle(): Promise<void>;
  /** Lets go of every request a `timeout` or `slow` fault is holding. */
  releaseHeld(): void;
}

const DEFAULT_PLATFORM_NAME = 'Reconnect Demo Platform';

function checkCredentials(credentials: SandboxCredentials): void {
  const rules: Array<[keyof SandboxCredentials, RegExp]> = [
    ['secretKey', /^sk_(test|live)_[A-Za-z0-9]+$/],
    ['clientId', /^ca_[A-Za-z0-9]+$/],
    ['webhookSecret', /^whsec_[A-Za-z0-9]+$/],
    ['platformAccountId', /^acct_[A-Za-z0-9]+$/],
  ];
  for (const [name, pattern] of rules) {
    if (!pattern.test(credentials[name])) throw new Error(`Sandbox credentials: ${name} does not look like ${pattern}`);
  }
}

/** Builds a sandbox in memory. Nothing listens until `serveSandbox`; `app.request()` works in-process. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const {
    redirectUris = [],
    codeTtlMs = 5 * 60_000,
    now = Date.now,
    timeoutFaultSeconds = 30,
    platformName = DEFAULT_PLATFORM_NAME,
    controlApi = true,
  } = options;
  const credentials = { ...SANDBOX_CREDENTIALS, ...options.credentials };
  checkCredentials(credentials);
  const initialWebhookUrl = options.webhookUrl ?? null;
  const platform = { name: platformName, clientId: credentials.clientId, secretKey: credentials.secretKey, accountId: credentials.platformAccountId };

  const state = new SandboxState({ platform, codeTtlMs, now });
  const faults = new FaultRegistry();
  const counter = new CallCounter();
  let webhookUrl = initialWebhookUrl;
  const webhooks = new WebhookSender({ secret: credentials.webhookSecret, url: () => webhookUrl, now });
  // Only the sandbox's own platform has a Connect endpoint here; the other platform's events go nowhere.
  const hasEndpoint = (clientId: string) => clientId === platform.clientId;
  const notify: NotifyPlatform = (clientId, event) =>
    hasEndpoint(clientId) ? webhooks.send({ ...event, data: { object: { id: clientId, object: 'application', name: platform.name } } }) : null;
  const notifyAccountUpdated: NotifyAccountUpdated = (clientId, { accountId, livemode, object, previousAttributes }) =>
    hasEndpoint(clientId)
      ? webhooks.send({ type: 'account.updated', accountId, livemode, requestId: null, data: { object, previous_attributes: previousAttributes } })
      : null;
  const idempotent = idempotency(now);
  const controls = createControls({
    state,
    faults,
    counter,
    webhooks,
    notify,
    notifyAccountUpdated,
    webhookUrl: { get: () => webhookUrl, set: (url) => (webhookUrl = url) },
    initialWebhookUrl,
    forgetIdempotentAnswers: () => idempotent.clear(),
  });
  const timeoutMs = timeoutFaultSeconds * 1000;

  const app = new Hono<SandboxEnv>();
  app.use('*', async function stripeHeaders(c, next) {
    const requestId = newId.requestId();
    c.set('requestId', requestId);
    c.header('Request-Id', requestId);
    if (c.req.path.startsWith('/v1/')) c.header('Stripe-Version', c.req.header('Stripe-Version') ?? SANDBOX_API_VERSION);
    await next();
  });
  app.route('/', authorizeRoutes({ state, counter, rules: { state, redirectUris }, notify }));
  app.route('/', oauthRoutes({ state, faults, counter, timeoutMs, notify, idempotent }));
  app.route('/', apiRoutes({ state, faults, counter, timeoutMs }));
  if (controlApi) app.route('/', controlRoutes(controls));
  app.notFound((c) => {
    const error = stripeErrors.unrecognizedUrl(c.req.method, c.req.path);
    return c.json(error.body(c.get('requestId')), error.status);
  });
  app.onError((error, c) => {
    if (error instanceof SandboxHttpError) return c.json(error.body(c.get('requestId')) as object, error.status);
    // A bug in the sandbox: answer like Stripe's own 500 so clients see an API error, and say what broke.
    console.error('stripe sandbox: unexpected error', error);
    const internal = stripeErrors.internal();
    return c.json(internal.body(c.get('requestId')), internal.status);
  });

  return {
    ...controls,
    app,
    credentials,
    secretKeys: {
      test: credentials.secretKey.replace(/^sk_live_/, 'sk_test_'),
      live: credentials.secretKey.replace(/^sk_test_/, 'sk_live_'),
    },
    webhooksIdle: () => webhooks.idle(),
    releaseHeld: () => faults.releaseHolds(),
  };
}

/** Serve it with @hono/node-server on host/port (port 0 = any free port); resolves with the URL like 'http://127.0.0.1:54321' and a close(). */
export async function serveSandbox(
  sandbox: Sandbox,
  opts: { port?: number; hostname?: string } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const { port = 0, hostname = '127.0.0.1' } = opts;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const listening = serve({ fetch: sandbox.app.fetch, port, hostname }, () => resolve(listening));
    listening.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  // A wildcard address is not somewhere a client can go; name loopback instead.
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.releaseHeld();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets and held requests would otherwise keep close() waiting.
        (server as Server).closeAllConnections?.();
      }),
  };
}
