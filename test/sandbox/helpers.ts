import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { completeAuthorize, sandboxControl } from '../../server/sandbox/control-client.js';
import { createSandbox, serveSandbox, type Sandbox, type SandboxOptions } from '../../server/sandbox/index.js';

export const REDIRECT_URI = 'http://127.0.0.1:4242/oauth/callback';

/** The real stripe npm client, pointed at a sandbox the way the backend points it (host, port, protocol). */
export function stripeAt(url: string, key: string, options: { timeout?: number; maxNetworkRetries?: number } = {}): Stripe {
  const target = new URL(url);
  return new Stripe(key, {
    host: target.hostname,
    port: target.port,
    protocol: 'http',
    telemetry: false,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: options.timeout ?? 5_000,
  });
}

export interface Running {
  sandbox: Sandbox;
  url: string;
  /** A stripe client with the platform's test key (or another key). */
  stripe: Stripe;
  control: ReturnType<typeof sandboxControl>;
  stripeWith(key: string, options?: { timeout?: number; maxNetworkRetries?: number }): Stripe;
  authorizeUrl(params?: Record<string, string>): string;
  /** Goes through the picker for an account and answers the code it redirected with. */
  codeFor(accountId: string, params?: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

/** A sandbox served on a free port, with the clients a test needs. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Running> {
  const sandbox = createSandbox(options);
  const served = await serveSandbox(sandbox);
  const running: Running = {
    sandbox,
    url: served.url,
    stripe: stripeAt(served.url, sandbox.credentials.secretKey),
    control: sandboxControl(served.url),
    stripeWith: (key, opts) => stripeAt(served.url, key, opts),
    authorizeUrl(params = {}) {
      const url = new URL('/oauth/authorize', served.url);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: sandbox.credentials.clientId,
        scope: 'read_write',
        redirect_uri: REDIRECT_URI,
        state: 'state-123',
        ...params,
      }).toString();
      return url.toString();
    },
    async codeFor(accountId, params) {
      const back = await completeAuthorize(running.authorizeUrl(params), { accountId });
      const code = back.searchParams.get('code');
      if (!code) throw new Error(`No code in ${back}`);
      return code;
    },
    close: served.close,
  };
  return running;
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A tiny HTTP endpoint that records what is POSTed to it and answers `status`. */
export async function startReceiver(status = 200) {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { 'Content-Type': 'application/json' }).end('{"received":true}');
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    /** Waits until `count` webhooks have arrived. */
    async waitFor(count: number): Promise<ReceivedWebhook[]> {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
