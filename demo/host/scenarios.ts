import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMPLETION_PARAM } from '../../contract/codes.js';
import type { Status } from '../../contract/schemas.js';
import { completeAuthorize } from '../../server/sandbox/control-client.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/seed.js';
import { mintSession } from '../../server/security/session-token.js';
import type { DemoBackend } from './backend.js';
import type { DemoSecrets } from './secrets.js';
import { breakSilently, type SilentBreak, type SilentChange } from './silent-breaks.js';

/** The starting points the scenario panel offers. */
export const SCENARIOS = [
  'not_connected',
  'connected',
  'deauthorized',
  'access_revoked',
  'legacy',
  'already_integrated',
  'stripe_down',
  'payments_paused',
  'requirements_due',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * The people of the demo workspace: Jane Doe connected Stripe in the first
 * place (every starting point's connection is hers); Sam Lee is the one
 * signed in on the page, so a failed reconnect names Jane as the person
 * most likely to reach the right account, and his own success makes him the
 * one who connected.
 */
export const PEOPLE = {
  owner: { id: 'u_jane', name: 'Jane Doe', email: 'jane@acme.example' },
  signedIn: { id: 'u_sam', name: 'Sam Lee', email: 'sam@acme.example' },
} as const;

/** Days until the deadline of "Stripe needs information by …". */
const DUE_IN_DAYS = 6;

/** Conditions that hold until turned off (or, for the one-shot ones, until the next callback). */
export interface Conditions {
  /** Stripe's API answers 500 to every call (sandbox faults). */
  stripeDown: boolean;
  /** The next authorization code expires before the backend exchanges it. */
  expireNextCode: boolean;
  /** The next callback brings a `state` that was already used (the back button, a second tab). */
  stateUsed: boolean;
}

export interface DemoState {
  generation: number;
  tenantId: string;
  otherTenantId: string;
  scenario: Scenario;
  conditions: Conditions;
  /** The last thing done to the workspace's account without a webhook (none since the starting point: null). */
  silent: SilentChange | null;
}

const STATE_FILE = 'demo-state.json';
const tenantsOf = (generation: number) => ({ tenantId: `acme-workspace-${generation}`, otherTenantId: `globex-workspace-${generation}` });

export class ScenarioError extends Error {}

/**
 * Puts the demo tenant into a starting point, the way it would get there in
 * real life: through the backend's own API and flow, and the sandbox's
 * controls for what Stripe's side does. Each starting point begins from a
 * new generation of tenants, so the stored history of the old ones stays
 * untouched but cannot interfere (accounts they held are released first).
 */
export class DemoScenarios {
  state: DemoState;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly backend: DemoBackend,
    private readonly secrets: DemoSecrets,
    private readonly origin: string,
    private readonly dataDir: string,
    generation: number,
  ) {
    this.state = {
      generation,
      ...tenantsOf(generation),
      scenario: 'not_connected',
      conditions: { stripeDown: false, expireNextCode: false, stateUsed: false },
      silent: null,
    };
  }

  /** Picks up the generation saved in the data directory; `start()` then releases its tenants and begins a fresh one. */
  static async open(backend: DemoBackend, secrets: DemoSecrets, origin: string, dataDir: string): Promise<DemoScenarios> {
    let generation = 0;
    try {
      generation = (JSON.parse(await readFile(join(dataDir, STATE_FILE), 'utf8')) as { generation?: number }).generation ?? 0;
    } catch {
      // First start.
    }
    return new DemoScenarios(backend, secrets, origin, dataDir, generation);
  }

  async start(): Promise<void> {
    await this.apply('not_connected');
  }

  /** One scenario change at a time, in order of arrival. */
  apply(scenario: Scenario): Promise<DemoState> {
    return this.serial(() => this.run(scenario));
  }

  setConditions(change: Partial<Conditions>): Promise<DemoState> {
    return this.serial(async () => {
      const { sandbox } = this.backend;
      if (change.stripeDown !== undefined) {
        sandbox.clearFaults();
        if (change.stripeDown) sandbox.addFault({ route: '*', kind: 'error_500', count: 1000 });
      }
      Object.assign(this.state.conditions, change);
      return this.state;
    });
  }

  /** Changes the workspace's connected account in Stripe with no webhook (the connection on record stays as it was). */
  breakSilently(kind: SilentBreak): Promise<DemoState> {
    return this.serial(async () => {
      const accountId = (await this.status()).account?.id;
      if (!accountId) throw new ScenarioError('This workspace has no Stripe account on record: pick a starting point with a connection first.');
      this.state.silent = breakSilently(this.backend.sandbox, accountId, kind);
      return this.state;
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Called by the callback guard: consumes a one-shot condition. */
  take(name: 'expireNextCode' | 'stateUsed'): boolean {
    const armed = this.state.conditions[name];
    this.state.conditions[name] = false;
    return armed;
  }

  isDemoTenant(tenantId: string): boolean {
    return tenantId === this.state.tenantId || tenantId === this.state.otherTenantId;
  }

  /** A session for the demo tenant, bound to the page's origin and to the person signed in there. */
  session(origin: string): { token: string; expiresAt: string } {
    return mintSession({ sessionSecret: this.secrets.sessionSecret, tenantId: this.state.tenantId, origin, ttlSeconds: 600, user: PEOPLE.signedIn });
  }

  async status(tenantId = this.state.tenantId): Promise<Status> {
    return this.widget<Status>(tenantId, 'GET', '/status');
  }

  /** The host backend's view of the tenant (`GET /tenants/:id`): attempts and deliveries. */
  async details(): Promise<unknown> {
    const response = await this.call('GET', `/tenants/${encodeURIComponent(this.state.tenantId)}`, { admin: true });
    return response.status === 404 ? null : response.json();
  }

  private async run(scenario: Scenario): Promise<DemoState> {
    const { sandbox } = this.backend;
    sandbox.clearFaults();
    await this.release();
    sandbox.reset();
    const generation = this.state.generation + 1;
    this.state = {
      generation,
      ...tenantsOf(generation),
      scenario,
      conditions: { stripeDown: false, expireNextCode: false, stateUsed: false },
      silent: null,
    };
    await mkdir(this.dataDir, { recursive: true });
    await writeFile(join(this.dataDir, STATE_FILE), JSON.stringify({ generation }));

    const { tenantId, otherTenantId } = this.state;
    switch (scenario) {
      case 'not_connected':
        break;
      case 'connected':
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        break;
      case 'deauthorized':
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        sandbox.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
        await sandbox.webhooksIdle();
        await this.until(tenantId, (s) => s.problem?.code === 'deauthorized');
        break;
      case 'access_revoked':
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        sandbox.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
        await this.widget(tenantId, 'POST', '/status/check', {});
        await this.until(tenantId, (s) => s.problem?.code === 'access_revoked');
        break;
      case 'legacy': {
        const acme = sandbox.accounts().find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
        const answer = await this.call('PUT', `/tenants/${tenantId}/legacy`, { admin: true, json: { publishableKey: acme.publishableKeys.test } });
        if (!answer.ok) throw new ScenarioError(`legacy import answered ${answer.status}`);
        break;
      }
      case 'already_integrated':
        // Another tenant of this product already holds Gamma Goods.
        await this.connect(otherTenantId, SANDBOX_ACCOUNTS.gamma);
        break;
      case 'stripe_down':
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        sandbox.addFault({ route: '*', kind: 'error_500', count: 1000 });
        this.state.conditions.stripeDown = true;
        break;
      case 'payments_paused':
        // Stripe restricts the account (information past due) and tells the platform with account.updated.
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        sandbox.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'requirements.past_due' });
        await sandbox.webhooksIdle();
        await this.until(tenantId, (s) => s.problem?.code === 'payments_paused');
        break;
      case 'requirements_due':
        await this.connect(tenantId, SANDBOX_ACCOUNTS.acme);
        sandbox.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline: new Date(Date.now() + DUE_IN_DAYS * 86_400_000).toISOString() });
        await sandbox.webhooksIdle();
        await this.until(tenantId, (s) => s.warning?.code === 'requirements_due');
        break;
    }
    return this.state;
  }

  /** Releases the accounts the current tenants hold, as the tenants would: by disconnecting. */
  private async release(): Promise<void> {
    for (const tenantId of [this.state.tenantId, this.state.otherTenantId]) {
      const response = await this.call('POST', '/disconnect', { tenantId, json: {} });
      if (!response.ok && response.status !== 404) throw new ScenarioError(`could not release ${tenantId}: HTTP ${response.status}`);
    }
  }

  /** Connects a tenant to an account through the real flow, as Jane Doe: /connect, Stripe's picker, the callback, the completion. */
  private async connect(tenantId: string, accountId: string): Promise<void> {
    // Redirect mode: the handle comes back in the return URL, as a page's address would carry it.
    const { startUrl } = await this.widget<{ startUrl: string }>(tenantId, 'POST', '/connect', { mode: 'redirect', returnUrl: `${this.origin}/` }, true);
    // The browser's part: the start address binds the flow to it (a cookie), which the callback then needs.
    const start = new URL(startUrl);
    const started = await this.backend.app.request(`${start.pathname}${start.search}`);
    const binding = started.headers.get('Set-Cookie')?.split(';')[0];
    const authorizeUrl = started.headers.get('Location');
    if (started.status !== 303 || !authorizeUrl || !binding) throw new ScenarioError(`connecting ${tenantId}: the start address answered ${started.status}`);
    const back = await completeAuthorize(authorizeUrl, { accountId });
    const callback = await this.backend.app.request(`${back.pathname}${back.search}`, { headers: { Cookie: binding } });
    await callback.text();
    const completion = new URL(callback.headers.get('Location') ?? '/', this.origin).searchParams.get(COMPLETION_PARAM);
    if (!completion) throw new ScenarioError(`connecting ${tenantId}: the callback answered ${callback.status} without a completion`);
    await this.widget(tenantId, 'POST', '/connect/complete', { completion }, true);
    const status = await this.status(tenantId);
    if (status.state !== 'connected') throw new ScenarioError(`connecting ${tenantId} ended ${status.state} (${status.lastAttempt?.code ?? 'no code'})`);
  }

  /** Waits until the status satisfies `done` (a webhook is applied asynchronously); a bounded wait, not a timed assertion. */
  private async until(tenantId: string, done: (status: Status) => boolean): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (done(await this.status(tenantId))) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new ScenarioError(`${tenantId} did not reach the expected state`);
  }

  /** A widget route for `tenantId`; `asOwner`: in a session of Jane Doe (the connection is hers). */
  private async widget<T>(tenantId: string, method: string, path: string, json?: unknown, asOwner = false): Promise<T> {
    const response = await this.call(method, path, { tenantId, json, asOwner });
    const body = (await response.json()) as T;
    if (!response.ok) throw new ScenarioError(`${method} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  }

  private call(method: string, path: string, options: { admin?: boolean; tenantId?: string; json?: unknown; asOwner?: boolean }): Promise<Response> {
    const headers: Record<string, string> = { Origin: this.origin };
    const user = options.asOwner ? PEOPLE.owner : undefined;
    headers.Authorization = options.admin
      ? `Bearer ${this.secrets.apiKey}`
      : `Bearer ${mintSession({ sessionSecret: this.secrets.sessionSecret, tenantId: options.tenantId!, origin: this.origin, ttlSeconds: 60, user }).token}`;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    return Promise.resolve(
      this.backend.app.request(`${this.backend.basePath}${path}`, {
        method,
        headers,
        ...(options.json !== undefined && { body: JSON.stringify(options.json) }),
      }),
    );
  }
}
