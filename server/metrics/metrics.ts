import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PROBLEM_CODES, STATES } from '../../contract/codes.js';
import type { Clock } from '../clock.js';
import { createOutboxStore } from '../host-webhooks/index.js';
import type { RecheckSettings } from '../recheck/rechecker.js';
import { DEFAULT_INTERVAL_SECONDS, overdueBefore } from '../recheck/schedule.js';
import type { FleetCounts, Store } from '../store/index.js';
import { HttpMetrics } from './http-metrics.js';
import type { Telemetry } from './telemetry.js';

export interface MetricsOptions {
  store: Store;
  /** Where the app is mounted: route labels leave it out. */
  basePath: string;
  /** The app's re-checks; without them, overdue counts against the default interval (24 h). */
  recheck: RecheckSettings | null;
  now: Clock;
}

export interface Metrics {
  /** This app's own registry (never prom-client's global one), with Node's process metrics. */
  readonly registry: Registry;
  readonly telemetry: Telemetry;
  readonly http: HttpMetrics;
}

/**
 * The metrics of docs/design.md, in a registry of the app's own, so two apps
 * in one process never share or clash. The gauges about tenants and host
 * events are read from the database when scraped (every instance answers
 * the same: aggregate with `max`); the counters count this instance's work.
 */
export function createMetrics({ store, basePath, recheck, now }: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const outbox = createOutboxStore(store.db);
  // One read of the counts serves both gauges of a scrape.
  let counting: Promise<FleetCounts> | null = null;
  const counts = () => {
    counting ??= store.fleet.counts().finally(() => setImmediate(() => (counting = null)));
    return counting;
  };
  let backlogRead: ReturnType<typeof outbox.backlog> | null = null;
  const backlog = () => {
    backlogRead ??= outbox.backlog().finally(() => setImmediate(() => (backlogRead = null)));
    return backlogRead;
  };

  new Gauge({
    name: 'stripe_reconnect_tenants',
    help: 'Tenants by state (from the database: the same on every instance, aggregate with max)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const { byState } = await counts();
      for (const state of STATES) this.set({ state }, byState[state]);
    },
  });
  new Gauge({
    name: 'stripe_reconnect_problems',
    help: 'Tenants by problem, as their Status shows it (from the database)',
    labelNames: ['problem'],
    registers: [registry],
    async collect() {
      const { byProblem } = await counts();
      for (const problem of PROBLEM_CODES) this.set({ problem }, byProblem[problem]);
    },
  });
  new Gauge({
    name: 'stripe_reconnect_recheck_overdue',
    help: 'Connections to re-check whose last check is older than RECHECK_INTERVAL (from the database)',
    registers: [registry],
    async collect() {
      const since = overdueBefore(now(), recheck?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS);
      this.set((await store.fleet.recheckStanding(since)).overdue);
    },
  });
  new Gauge({
    name: 'stripe_reconnect_host_webhook_backlog',
    help: 'Host events not yet delivered (from the database)',
    registers: [registry],
    async collect() {
      this.set((await backlog()).pending);
    },
  });
  new Gauge({
    name: 'stripe_reconnect_host_webhook_oldest_seconds',
    help: 'Age of the oldest host event not yet delivered, in seconds (0 when none)',
    registers: [registry],
    async collect() {
      const { oldest } = await backlog();
      this.set(oldest ? Math.max(0, (now().getTime() - oldest.getTime()) / 1_000) : 0);
    },
  });

  const flows = new Counter({ name: 'stripe_reconnect_flows_total', help: 'Reconnect flows ended, by outcome (success or the error code)', labelNames: ['outcome'], registers: [registry] });
  const checks = new Counter({
    name: 'stripe_reconnect_checks_total',
    help: 'Checks with Stripe, by what started them and what they found',
    labelNames: ['trigger', 'result'],
    registers: [registry],
  });
  const stripeCalls = new Histogram({
    name: 'stripe_reconnect_stripe_request_duration_seconds',
    help: 'Calls to Stripe, by operation and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const http = new HttpMetrics(basePath);
  for (const metric of http.metrics()) registry.registerMetric(metric);

  return {
    registry,
    http,
    telemetry: {
      check: (trigger, result) => checks.inc({ trigger, result }),
      flowEnded: (outcome) => flows.inc({ outcome }),
      stripeCall: (operation, outcome, seconds) => stripeCalls.observe({ operation, outcome }, seconds),
    },
  };
}
