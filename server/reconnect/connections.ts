import type Stripe from 'stripe';
import type { Person, Status, TenantDetails } from '../../contract/schemas.js';
import { ReconnectError } from '../errors.js';
import type { DeliveryRecord } from '../host-webhooks/index.js';
import { stateKey } from '../security/oauth-state.js';
import type { Services } from '../services.js';
import type { TenantSnapshot } from '../store/index.js';
import { runCallback, type CallbackOutcome, type CallbackQuery, type FoundFlow } from './callback.js';
import { completeFlow, type CompleteFlowInput } from './complete.js';
import { disconnectTenant } from './disconnect.js';
import { importLegacy } from './legacy.js';
import { startFlow, type StartFlowInput } from './start-flow.js';
import type { CheckResult } from '../metrics/telemetry.js';
import type { AccountCallOptions } from '../stripe/gateway.js';
import { createStatusChecker } from './status-check.js';
import { toStatus } from './status.js';
import { applyStripeEvent } from './stripe-events.js';
import { toAttempt, toDelivery } from './tenant-details.js';

export interface ConnectionsOptions {
  /** How long a status check's answer from Stripe is reused; default 5 s. */
  statusReuseMs?: number;
  /** The host events sent about a tenant, for `details` (the outbox's rows, whether or not host webhooks are on now). */
  deliveries: (tenantId: string) => Promise<DeliveryRecord[]>;
}

/**
 * Everything that reads or changes a tenant's connection, built once per
 * app: the routes are HTTP adapters over these methods. Each change is one
 * `transition` of the tenant store (host events are written by the recorder
 * the host-webhooks module adds there).
 */
export function createConnections(services: Services, options: ConnectionsOptions) {
  const checker = createStatusChecker(services, { reuseMs: options.statusReuseMs ?? 5_000 });
  const { deliveries } = options;
  /** The Status JSON of each cached snapshot, written once: a polled status is served without rebuilding it. */
  const json = new WeakMap<TenantSnapshot, string>();

  async function statusJson(tenantId: string): Promise<string> {
    const snapshot = await services.store.tenants.snapshot(tenantId);
    let body = json.get(snapshot);
    if (body === undefined) {
      body = JSON.stringify(toStatus(snapshot.tenant, snapshot.lastAttempt));
      json.set(snapshot, body);
    }
    return body;
  }

  return {
    /** The tenant's Status, serialized (the hot path of `GET /status`). */
    statusJson,

    async status(tenantId: string): Promise<Status> {
      const { tenant, lastAttempt } = await services.store.tenants.snapshot(tenantId);
      return toStatus(tenant, lastAttempt);
    },

    /** Asks Stripe about the tenant's account and stores what changed; `stripe_unavailable` changes nothing. */
    async check(tenantId: string): Promise<void> {
      await checker.check(await services.store.tenants.get(tenantId));
    },

    /**
     * A re-check: the same check as `check`, for a tenant the schedule
     * picked; null when it is no longer one to re-check (it broke or
     * disconnected since). Stripe's failures are thrown, as by `check`.
     */
    async recheck(tenantId: string, call: AccountCallOptions): Promise<Exclude<CheckResult, 'unavailable'> | null> {
      const tenant = await services.store.tenants.get(tenantId);
      const due = tenant?.state === 'connected' || (tenant?.state === 'needs_attention' && tenant.problem?.code === 'payments_paused');
      return due ? checker.check(tenant, { trigger: 'recheck', call, fresh: true }) : null;
    },

    startFlow: (input: StartFlowInput) => startFlow(services, input),

    /** The flow a callback's `state` belongs to, if this server issued it (the MAC turns junk away before any read). */
    async findFlow(state: string | undefined): Promise<FoundFlow | null> {
      const key = state ? stateKey(services.sessionSecret, state) : null;
      const flow = key ? await services.store.flows.findState(key) : null;
      return key && flow ? { key, flow } : null;
    },

    callback: (query: CallbackQuery, found: FoundFlow | null, requestId: string): Promise<CallbackOutcome> => runCallback(services, query, found, requestId),

    complete: (input: CompleteFlowInput) => completeFlow(services, input),

    disconnect: (tenantId: string, requestId: string, by: Person | null) => disconnectTenant(services, tenantId, requestId, by),

    importLegacy: (tenantId: string, publishableKey: string) => importLegacy(services, tenantId, publishableKey),

    applyStripeEvent: (event: Stripe.Event, requestId: string) => applyStripeEvent(services, event, requestId),

    /** `GET /tenants/:id`: the Status, the attempts and the host events; `not_found` for a tenant never seen. */
    async details(tenantId: string): Promise<TenantDetails> {
      const [snapshot, attempts, sent] = await Promise.all([
        services.store.tenants.snapshot(tenantId),
        services.store.tenants.attempts(tenantId),
        deliveries(tenantId),
      ]);
      if (!snapshot.tenant && attempts.length === 0) throw new ReconnectError('not_found', { message: 'No such tenant.' });
      return { tenantId, status: toStatus(snapshot.tenant, snapshot.lastAttempt), attempts: attempts.map(toAttempt), deliveries: sent.map(toDelivery) };
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;
