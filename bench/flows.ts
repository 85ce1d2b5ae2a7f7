/**
 * Whole flows against a server under load (a child process, see
 * server-under-load.ts), driven over HTTP the way the widget, Stripe's page
 * and the browser drive them.
 */
import { completeAuthorize, sandboxControl } from '../server/sandbox/control-client.js';
import { apiClient, completeFlow, finishFlow } from '../test/support/flow.js';
import { withRssSampling, type ServerUnderLoad } from './child.js';
import { median, quantile, since } from './stats.js';

type Client = ReturnType<typeof apiClient>;

const clientOf = (server: ServerUnderLoad): Client => apiClient(server.apiBase, server.origin);

async function ok<T>(what: string, result: Promise<{ status: number; text: string; body: T }>): Promise<T> {
  const answer = await result;
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** Connects a new tenant to a new Stripe account (Stripe's "create a new account" button); returns its token and account id. */
async function connectNewTenant(server: ServerUnderLoad, client: Client, tenantId: string): Promise<{ token: string; accountId: string }> {
  const token = await client.mintSession(tenantId);
  const authorizeUrl = await client.startFlow(token);
  const flow = await completeFlow(client, token, await finishFlow(await completeAuthorize(authorizeUrl, { createAccount: true }), authorizeUrl));
  if (flow.outcome !== 'success') throw new Error(`${tenantId} did not connect: ${flow.outcome}`);
  const created = await ok<{ account: { id: string } | null }>('GET /status', client.request('/status', { token }));
  // A new account takes no payments until its owner finishes Stripe's onboarding (payments_paused): finish it, then check.
  if (created.account) await sandboxControl(server.sandboxUrl).clearAccount(created.account.id, { webhook: false });
  const status = await ok<{ state: string; account: { id: string } | null }>('POST /status/check', client.request('/status/check', { method: 'POST', token }));
  if (status.state !== 'connected' || !status.account) throw new Error(`${tenantId} did not connect: ${JSON.stringify(status)}`);
  return { token, accountId: status.account.id };
}

export interface CallbackSample {
  /** The callback and the completion from the client's side: the callback sent to the last byte of the completion's answer. */
  totalMs: number;
  /** Time inside the sandbox's token and account handlers during it. */
  sandboxMs: number;
  /** total − sandbox: the backend's own work plus its loopback HTTP hops and stripe-node's client work. */
  ownMs: number;
  stripeCalls: number;
}

/**
 * One reconnect round trip of a tenant that disconnected: /disconnect, then
 * /connect, Stripe's page, the callback with the same account and the
 * widget's completion, which makes the tenant `connected` again (a state
 * change, so with a host webhook an event goes to the outbox in the
 * completion's transaction).
 *
 * The callback and the completion (GET /oauth/callback, then POST
 * /connect/complete: together what the callback alone did before the
 * completion step) are timed together. Their own cost is that time seen from
 * the client minus the wall time spent inside the sandbox's Stripe-shaped
 * handlers meanwhile (the child wraps the sandbox's fetch handler with a
 * stopwatch that sums per request; one flow runs at a time, so the
 * difference of the sums before and after is exactly this flow's Stripe
 * time). What is left is the backend's work (state check, completion,
 * account checks, the transaction) plus what a real deployment pays too:
 * HTTP to the backend and stripe-node's request/response work, minus the
 * network.
 */
async function reconnectOnce(server: ServerUnderLoad, client: Client, tenant: { token: string; accountId: string }): Promise<CallbackSample> {
  await ok('POST /disconnect', client.request('/disconnect', { method: 'POST', token: tenant.token }));
  const authorizeUrl = await client.startFlow(tenant.token);
  const callback = await completeAuthorize(authorizeUrl, { accountId: tenant.accountId });
  const before = await server.sandboxTime();
  const start = performance.now();
  const flow = await completeFlow(client, tenant.token, await finishFlow(callback, authorizeUrl));
  const totalMs = since(start);
  const after = await server.sandboxTime();
  if (flow.outcome !== 'success') throw new Error(`the reconnect failed (${flow.outcome}): ${(flow.completed?.text ?? flow.response.text).slice(0, 300)}`);
  const sandboxMs = after.ms - before.ms;
  return { totalMs, sandboxMs, ownMs: totalMs - sandboxMs, stripeCalls: after.requests - before.requests };
}

export function summarize(samples: CallbackSample[]) {
  return {
    n: samples.length,
    totalMedian: median(samples.map((s) => s.totalMs)),
    totalP90: quantile(
      samples.map((s) => s.totalMs),
      0.9,
    ),
    sandboxMedian: median(samples.map((s) => s.sandboxMs)),
    ownMedian: median(samples.map((s) => s.ownMs)),
    ownP90: quantile(
      samples.map((s) => s.ownMs),
      0.9,
    ),
    stripeCallsPerCallback: median(samples.map((s) => s.stripeCalls)),
  };
}

export type CallbackSummary = ReturnType<typeof summarize>;

/**
 * Reconnect round trips on each server, interleaved (one on each in turn,
 * tenants taken round-robin) so the machine's drift falls on all of them
 * alike. Several tenants, so that with a hanging host the worker holds as
 * many deliveries in flight as it will take (8) while the callbacks run.
 */
export async function measureCallbacks(servers: ServerUnderLoad[], options: { rounds?: number; warmup?: number; tenants?: number } = {}) {
  const { rounds = 60, warmup = 8, tenants = 12 } = options;
  const setups = await Promise.all(
    servers.map(async (server) => {
      const client = clientOf(server);
      const list = [];
      for (let i = 0; i < tenants; i++) list.push(await connectNewTenant(server, client, `callback-${i}`));
      return { server, client, tenants: list, samples: [] as CallbackSample[] };
    }),
  );
  for (let i = 0; i < warmup + rounds; i++) {
    // Alternate which server goes first, so neither always follows the other's work.
    const order = i % 2 === 0 ? setups : [...setups].reverse();
    for (const setup of order) {
      const sample = await reconnectOnce(setup.server, setup.client, setup.tenants[i % tenants]!);
      if (i >= warmup) setup.samples.push(sample);
    }
  }
  return setups.map((s) => summarize(s.samples));
}

/**
 * `requests` concurrent POST /status/check for one tenant (one account), and
 * how many Stripe calls the sandbox counted for them. Connecting the new
 * tenant ends with a check, whose answer is reused for the server's 5 s: the
 * burst starts once that has passed, so the one call it should make is its own.
 */
/** The server's default reuse of a check's answer (`statusReuseMs`). */
const STATUS_REUSE_MS = 5_000;

export async function measureCoalescing(server: ServerUnderLoad, requests = 1_000) {
  const client = clientOf(server);
  const { token } = await connectNewTenant(server, client, 'coalescing');
  await new Promise((resolve) => setTimeout(resolve, STATUS_REUSE_MS + 250));
  const control = sandboxControl(server.sandboxUrl);
  await control.resetCalls();
  const idleRss = (await server.sample()).rss;
  const start = performance.now();
  const burst = Promise.all(
    Array.from({ length: requests }, () => client.request<{ state: string }>('/status/check', { method: 'POST', token })),
  );
  const { result: answers, peakRss } = await withRssSampling(server, burst, 20);
  const wallMs = since(start);
  const calls = await control.calls();
  const failed = answers.filter((a) => a.status !== 200 || a.body.state !== 'connected').length;
  return { requests, stripeCalls: calls.account, allCalls: calls, failed, wallMs, idleRss, peakRss };
}

export type Coalescing = Awaited<ReturnType<typeof measureCoalescing>>;
