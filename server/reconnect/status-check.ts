import type { CheckResult, CheckTrigger } from '../metrics/telemetry.js';
import type { Services } from '../services.js';
import { connectionOf, type TenantRecord } from '../store/index.js';
import { StripeCallError, type AccountCallOptions } from '../stripe/gateway.js';
import { ReconnectError } from '../errors.js';
import { broken, checked, type ObservedFacts } from './transitions.js';

/** What Stripe said about an account (its facts, or no access), and when the question was asked. */
type Observation = { access: true; facts: ObservedFacts; observedAt: Date } | { access: false; observedAt: Date };

export interface StatusCheckerOptions {
  /** How long a finished observation is reused; default 5 s. */
  reuseMs?: number;
}

export interface CheckOptions {
  /** What asked: a person (`POST /status/check`, the default) or the re-checks; counted in the metrics. */
  trigger?: Exclude<CheckTrigger, 'webhook'>;
  /** For Stripe's call, when this check is the one that makes it. */
  call?: AccountCallOptions;
  /** Ask Stripe even if an answer of the last `reuseMs` could serve (a re-check is a question for now); one already under way is still shared. */
  fresh?: boolean;
}

/**
 * What a check found, from Stripe's answer and the record it left: no
 * access, payments paused, working again after a break, a warning, or working.
 */
export function findingOf(access: boolean, previous: TenantRecord, current: TenantRecord): Exclude<CheckResult, 'unavailable'> {
  if (!access) return 'broken';
  if (current.state === 'needs_attention' && current.problem?.code === 'payments_paused') return 'paused';
  if (previous.state === 'needs_attention' && current.state === 'connected') return 'repaired';
  return current.state === 'connected' && current.warning ? 'warning' : 'ok';
}

/**
 * `POST /status/check`: asks Stripe whether the platform still has access to
 * the tenant's account, and whether the account can take payments (payments
 * paused, information due). Concurrent checks of one account share one Stripe
 * call, and a result stays fresh for `reuseMs`, so a burst of clicks or tabs
 * costs Stripe one request.
 */
export function createStatusChecker(services: Pick<Services, 'stripe' | 'store' | 'now' | 'logger' | 'telemetry'>, options: StatusCheckerOptions = {}) {
  const { reuseMs = 5_000 } = options;
  const inflight = new Map<string, Promise<Observation>>();
  const recent = new Map<string, Observation>();
  /** The write in progress for an observation, per tenant: what the tenant was, and what it became. */
  const writes = new WeakMap<Observation, Map<string, Promise<[TenantRecord, TenantRecord]>>>();

  async function observe(accountId: string, call: AccountCallOptions | undefined): Promise<Observation> {
    const observedAt = services.now();
    try {
      const facts = await services.stripe.retrieveAccount(accountId, call);
      return { access: true, facts, observedAt };
    } catch (error) {
      if (error instanceof StripeCallError && error.failure === 'no_access') return { access: false, observedAt };
      if (error instanceof StripeCallError && error.failure === 'unavailable') throw new ReconnectError('stripe_unavailable', { cause: error });
      throw error;
    }
  }

  function observation(accountId: string, call: AccountCallOptions | undefined, fresh = false): Promise<Observation> {
    const cached = fresh ? undefined : recent.get(accountId);
    if (cached && services.now().getTime() - cached.observedAt.getTime() < reuseMs) return Promise.resolve(cached);
    let pending = inflight.get(accountId);
    if (!pending) {
      pending = observe(accountId, call)
        .then((result) => {
          // Oldest first, and only the last `reuseMs` of answers kept: one entry per account ever checked would only grow.
          recent.delete(accountId);
          recent.set(accountId, result);
          for (const [id, seen] of recent) {
            if (services.now().getTime() - seen.observedAt.getTime() < reuseMs) break;
            recent.delete(id);
          }
          return result;
        })
        .finally(() => inflight.delete(accountId));
      inflight.set(accountId, pending);
    }
    return pending;
  }

  /** Stores what Stripe said, if it changes the record; answers the record before and after. */
  async function store(tenant: TenantRecord, accountId: string, seen: Observation): Promise<[TenantRecord, TenantRecord]> {
    const decide = (current: TenantRecord) => {
      if (current.account?.id !== accountId) return null;
      return seen.access ? checked(current, accountId, seen.facts, seen.observedAt) : broken(current, 'access_revoked', seen.observedAt);
    };
    // Most checks confirm what is stored; only a change is worth a write.
    if (!decide(tenant)) return [tenant, tenant];
    // One write per observation and tenant: the checks that shared Stripe's answer share storing it too.
    let byTenant = writes.get(seen);
    if (!byTenant) writes.set(seen, (byTenant = new Map()));
    let write = byTenant.get(tenant.tenantId);
    if (!write) {
      const now = services.now();
      write = services.store.tenants
        .transition({ tenantId: tenant.tenantId, now, decide })
        .then((result): [TenantRecord, TenantRecord] => [result.previous, result.current])
        .finally(() => byTenant.delete(tenant.tenantId));
      byTenant.set(tenant.tenantId, write);
    }
    return write;
  }

  return {
    /**
     * Checks the tenant's connection with Stripe and stores what it learnt;
     * answers what it found (null when there is no connection to check).
     * Throws `stripe_unavailable` and changes nothing if Stripe cannot be asked.
     */
    async check(tenant: TenantRecord | null, options: CheckOptions = {}): Promise<Exclude<CheckResult, 'unavailable'> | null> {
      const accountId = connectionOf(tenant)?.id;
      if (!tenant || !accountId) return null;
      const trigger = options.trigger ?? 'request';
      let seen: Observation;
      try {
        seen = await observation(accountId, options.call, options.fresh);
      } catch (error) {
        services.telemetry?.check(trigger, 'unavailable');
        throw error;
      }
      const [previous, current] = await store(tenant, accountId, seen);
      const found = findingOf(seen.access, previous, current);
      services.telemetry?.check(trigger, found);
      return found;
    },
  };
}

export type StatusChecker = ReturnType<typeof createStatusChecker>;
