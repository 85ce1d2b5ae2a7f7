/**
 * The stripe-reconnect side of the examples: `startBackend` with a store and
 * Stripe's keys (or the built-in sandbox when no `STRIPE_SECRET_KEY` is set),
 * configured like a host would. hono-mount.ts and express-mount.ts differ
 * only in how they mount what this returns.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from 'stripe-reconnect/sandbox';
import { createEmbeddedStore, mintSession, startBackend, type ReconnectApp } from 'stripe-reconnect/server';

/**
 * The secrets: the sandbox's development values when no Stripe key is set;
 * with one, every secret must come from the environment (createApp would
 * refuse the development values anyway, naming them; this says which
 * variable to set).
 */
function secrets() {
  const real = Boolean(process.env.STRIPE_SECRET_KEY);
  const missing = ['STRIPE_CLIENT_ID', 'STRIPE_WEBHOOK_SECRET', 'RECONNECT_API_KEY', 'SESSION_SECRET', 'ENCRYPTION_KEY'].filter((name) => !process.env[name]);
  if (real && missing.length) throw new Error(`STRIPE_SECRET_KEY is set: set ${missing.join(', ')} too (each a random value; ENCRYPTION_KEY is 64 hex characters)`);
  return {
    apiKey: process.env.RECONNECT_API_KEY ?? 'dev-reconnect-api-key-for-the-sandbox-only-0000',
    sessionSecret: process.env.SESSION_SECRET ?? 'dev-session-secret-for-the-sandbox-only-000000',
    encryptionKey: process.env.ENCRYPTION_KEY ?? '0'.repeat(64),
  };
}
const SECRETS = secrets();

export interface BackendOptions {
  /** The host's origin: Stripe sends the browser back here, and its pages embed the element. */
  publicUrl: string;
  /** Where the host mounts the backend, e.g. `/billing/stripe-reconnect`. */
  basePath: string;
}

export interface Backend {
  /** The Hono app to mount at `basePath` (its routes already carry the prefix). */
  app: ReconnectApp;
  /** A session token for one tenant, minted in-process: what the host's own session route answers. */
  mintSession(tenantId: string): { token: string; expiresAt: string };
  /** `RECONNECT_API_KEY`, for the admin routes (`POST /sessions`, `GET /tenants/:id`). */
  apiKey: string;
  /** The Stripe sandbox, when no `STRIPE_SECRET_KEY` is set. */
  sandbox: Sandbox | null;
  sandboxUrl: string | null;
  close(): Promise<void>;
}

export async function createBackend({ publicUrl, basePath }: BackendOptions): Promise<Backend> {
  const origin = new URL(publicUrl).origin;
  const stripe = process.env.STRIPE_SECRET_KEY
    ? { secretKey: process.env.STRIPE_SECRET_KEY, clientId: process.env.STRIPE_CLIENT_ID!, webhookSecret: process.env.STRIPE_WEBHOOK_SECRET! }
    : undefined;
  // Without keys, startBackend runs the Stripe sandbox on a loopback port of its own; it signs its webhooks like Stripe and sends them to the host.
  const backend = await startBackend({
    // In memory for the example; `createEmbeddedStore({ dataDir })` keeps it on disk, `createPostgresStore` shares it.
    store: await createEmbeddedStore(),
    ...(stripe && { stripe }),
    ...SECRETS,
    publicUrl,
    basePath,
    // The pages that embed the element: here, the host's own.
    allowedOrigins: [origin],
  });

  return {
    app: backend.app,
    mintSession: (tenantId) => mintSession({ sessionSecret: SECRETS.sessionSecret, tenantId, origin }),
    apiKey: SECRETS.apiKey,
    sandbox: backend.sandbox,
    sandboxUrl: backend.sandboxUrl,
    close: backend.close,
  };
}

export interface StartOptions {
  /** Default `PORT` or 3000. Stripe's redirect URI includes it, so it is fixed before the app is built. */
  port?: number;
  hostname?: string;
}

/** A running example: where it answers, what runs behind it, and how to stop it. */
export interface RunningExample {
  url: string;
  apiBase: string;
  backend: Backend;
  close(): Promise<void>;
}

/**
 * The running example around a listening `server`: where it answers, and a
 * `close` that stops the server and then the backend. The server must be on
 * the `port` of `url`, which Stripe's redirect URI already names.
 */
export function runningExample(server: Server, url: string, basePath: string, backend: Backend): RunningExample {
  const port = Number(new URL(url).port);
  if ((server.address() as AddressInfo).port !== port) throw new Error(`asked for port ${port}: Stripe's redirect URI would be wrong`);
  return {
    url,
    apiBase: `${url}${basePath}`,
    backend,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections would hold close() open.
      server.closeAllConnections();
      await closed;
      await backend.close();
    },
  };
}
