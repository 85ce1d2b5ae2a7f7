import { randomInt } from 'node:crypto';
import { unixSeconds } from '../clock.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import { HOST_SIGNATURE_HEADER } from '../../contract/codes.js';
import { createOutboxStore, type ClaimedDelivery } from './outbox-store.js';
import { signHostWebhook } from './signature.js';

export interface DeliveryWorkerOptions {
  store: Store;
  /** The host's `HOST_WEBHOOK_URL`. */
  url: string;
  /** `HOST_WEBHOOK_SECRET`. */
  secret: string;
  logger?: Logger;
  now?: () => Date;
  /** Per attempt; a host slower than this counts as a failure. Default 10 s. */
  timeoutMs?: number;
  /** First retry delay; doubles each attempt (with jitter) up to `maxDelayMs`. Default 5 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long an event is retried before it is marked failed. Default one day. */
  giveUpAfterMs?: number;
  /** How often to look for due events when nothing wakes the worker. Default 1 s. */
  pollMs?: number;
  /** Deliveries in flight at once (across tenants). Default 8. */
  concurrency?: number;
}

export interface DeliveryWorker {
  /** Looks for due events now (called after a change is written). */
  wake(): void;
  /** Stops claiming; waits for deliveries in flight. */
  stop(): Promise<void>;
  /** Delivers what is due now and resolves when done (tests, benchmarks). */
  drain(): Promise<number>;
}

/**
 * Delivers the outbox to the host's endpoint: at least once, in order per
 * tenant, retried with exponential backoff and jitter for a day. It runs
 * beside the request path and never blocks it; any number of instances can
 * run one, leases keep an event with one of them at a time.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const {
    store,
    url,
    secret,
    logger = silentLogger,
    now = () => new Date(),
    timeoutMs = 10_000,
    baseDelayMs = 5_000,
    maxDelayMs = 3_600_000,
    giveUpAfterMs = 86_400_000,
    pollMs = 1_000,
    concurrency = 8,
  } = options;
  const outbox = createOutboxStore(store.db);
  let stopped = false;
  // Stopping cuts deliveries in flight; their events stay due and go out on the next start (at least once).
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;

  function backoff(attempts: number): number {
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
    // Full jitter in the upper half: spreads retries without ever retrying too early.
    return Math.floor(exp / 2 + randomInt(0, Math.max(1, Math.floor(exp / 2))));
  }

  async function deliver(item: ClaimedDelivery): Promise<void> {
    const timestamp = unixSeconds(now());
    let status: number | null = null;
    let error: string;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'stripe-reconnect-webhooks/1',
          [HOST_SIGNATURE_HEADER]: signHostWebhook(item.body, secret, timestamp),
        },
        body: item.body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]),
        redirect: 'manual',
      });
      status = response.status;
      await response.body?.cancel().catch(() => {});
      if (status >= 200 && status < 300) {
        await outbox.markDelivered(item.seq, status, now());
        logger.info('host webhook delivered', { eventId: item.eventId, type: item.type, tenantId: item.tenantId, attempts: item.attempts });
        return;
      }
      error = `HTTP ${status}`;
    } catch (cause) {
      if (stopping.signal.aborted) {
        await outbox.markUndelivered(item.seq, { status: null, error: 'interrupted by shutdown', retryAt: now() });
        return;
      }
      error = cause instanceof Error && cause.name === 'TimeoutError' ? 'timeout' : 'connection failed';
    }
    const at = now();
    if (at.getTime() - item.createdAt.getTime() >= giveUpAfterMs) {
      await outbox.markUndelivered(item.seq, { status, error, failedAt: at });
      logger.error('host webhook failed for good', { eventId: item.eventId, tenantId: item.tenantId, attempts: item.attempts, error });
      return;
    }
    await outbox.markUndelivered(item.seq, { status, error, retryAt: new Date(at.getTime() + backoff(item.attempts)) });
    logger.warn('host webhook will be retried', { eventId: item.eventId, tenantId: item.tenantId, attempts: item.attempts, error });
  }

  /**
   * Delivers until nothing is due: up to `concurrency` at once, claiming more
   * as each one ends, so one hanging host holds one slot, not the others.
   */
  async function pass(): Promise<number> {
    let delivered = 0;
    const inFlight = new Set<Promise<void>>();
    while (!stopped) {
      const free = concurrency - inFlight.size;
      const at = now();
      // The lease outlives one attempt, so a crashed instance's events come back to the pool.
      const batch = free > 0 ? await outbox.claim(at, new Date(at.getTime() + timeoutMs * 2 + 5_000), free) : [];
      for (const item of batch) {
        const delivery: Promise<void> = deliver(item)
          .catch((e: unknown) => logger.error('outbox delivery crashed', { error: e }))
          .finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
      delivered += batch.length;
      if (inFlight.size === 0) break;
      // Nothing more to claim now, or no slot: wait for one to end (it may free its tenant's next event).
      if (batch.length === 0 || inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return delivered;
  }

  function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        logger.error('outbox pass failed', { error });
        return 0;
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().finally(schedule);
    }, pollMs);
    timer.unref?.();
  }
  schedule();

  return {
    wake() {
      if (!stopped) void run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopping.abort();
      await running;
    },
    async drain() {
      if (running) await running;
      return run();
    },
  };
}
