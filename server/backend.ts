import { createApp, type AppOptions, type ReconnectApp } from './app.js';
import type { Sandbox, SandboxOptions } from './sandbox/index.js';
import type { Store } from './store/index.js';
import type { StripeGatewayOptions } from './stripe/gateway.js';

export interface BackendOptions extends Omit<AppOptions, 'store' | 'stripe'> {
  /** An open store; the backend closes it with itself. */
  store: Store;
  /**
   * Stripe's keys (and `apiUrl` for a sandbox run elsewhere). Without them the
   * built-in Stripe sandbox runs in this process, on loopback only: its
   * control routes have no authentication.
   */
  stripe?: StripeGatewayOptions;
  /** The built-in sandbox, when `stripe` is not given. */
  sandbox?: {
    /** Default: any free port. */
    port?: number;
    /** Where it sends Connect webhooks; default this backend's own `/webhooks/stripe` on `publicUrl`. */
    webhookUrl?: string;
  } & Pick<SandboxOptions, 'platformName'>;
  /** The stripe client's timeout and retries (with the sandbox too). */
  stripeClient?: Pick<StripeGatewayOptions, 'timeoutMs' | 'maxNetworkRetries'>;
}

/** The backend, assembled: the app with its background work, the store, and the sandbox when one runs. */
export interface Backend {
  app: ReconnectApp;
  store: Store;
  /** The built-in sandbox and its URL, when this process runs one. */
  sandbox: Sandbox | null;
  sandboxUrl: string | null;
  /** Stops the app's background work, the sandbox, then closes the store. Serving `app` is the caller's. */
  close(): Promise<void>;
}

/**
 * What a process adds around the app (the standalone server, the demo, the
 * examples and the tests all start here): the built-in Stripe sandbox when
 * no keys are given, served on loopback, and the closing of the store with
 * the app. The app itself (`createApp`) builds everything it serves with:
 * its services, limits, housekeeping, host webhooks, re-checks and metrics.
 */
export async function startBackend(options: BackendOptions): Promise<Backend> {
  const { store, stripe, sandbox: sandboxOptions, stripeClient, ...appOptions } = options;
  let sandbox: Sandbox | null = null;
  let served: { url: string; close(): Promise<void> } | null = null;
  let gateway: StripeGatewayOptions;
  if (stripe) {
    gateway = { ...stripe, ...stripeClient };
  } else {
    // Loaded only here: a deployment with real keys never has the sandbox's code in memory.
    const { createSandbox, serveSandbox } = await import('./sandbox/index.js');
    const basePath = appOptions.basePath ?? '/stripe-reconnect';
    sandbox = createSandbox({
      webhookUrl: sandboxOptions?.webhookUrl ?? `${appOptions.publicUrl}${basePath}/webhooks/stripe`,
      ...(sandboxOptions?.platformName !== undefined && { platformName: sandboxOptions.platformName }),
    });
    // Loopback whatever else is configured: its control routes (reset, revoke, webhook URL) have no authentication.
    served = await serveSandbox(sandbox, { hostname: '127.0.0.1', port: sandboxOptions?.port ?? 0 });
    gateway = { ...sandbox.credentials, apiUrl: served.url, ...stripeClient };
  }
  let app: ReconnectApp;
  try {
    app = createApp({ ...appOptions, store, stripe: gateway });
  } catch (error) {
    await served?.close();
    throw error;
  }
  return {
    app,
    store,
    sandbox,
    sandboxUrl: served?.url ?? null,
    async close() {
      await app.close();
      await served?.close();
      await store.close();
    },
  };
}
