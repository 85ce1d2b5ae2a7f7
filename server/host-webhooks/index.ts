import type { Logger } from '../logger.js';
import type { ChangeRecorder, Store } from '../store/index.js';
import { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { hostEventsFor } from './events.js';
import { createOutboxStore, insertOutboxCte, type DeliveryRecord } from './outbox-store.js';

export { hostEventTypes, hostEventsFor, type OutboxEntry } from './events.js';
export { createOutboxStore, type DeliveryRecord } from './outbox-store.js';
export { signHostWebhook, verifyHostWebhook, HostWebhookSignatureError, type VerifyHostWebhookOptions } from './signature.js';
export { startDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';

/** `HOST_WEBHOOK_URL` and `HOST_WEBHOOK_SECRET`, and how the worker delivers (tests shorten the delays). */
export type HostWebhookOptions = { url: string; secret: string } & Omit<DeliveryWorkerOptions, 'store' | 'url' | 'secret' | 'logger'>;

export interface HostWebhooks {
  /** The worker delivering the outbox; `drain()` delivers what is due now. */
  readonly worker: DeliveryWorker;
  /** Stops writing events and stops the worker (deliveries in flight end first). */
  stop(): Promise<void>;
}

/**
 * Tells the host's backend about every change of a tenant's connection:
 * writes the host events into the outbox in the same statement as the change
 * (every transition, whoever makes it), then delivers them signed, in order
 * per tenant, at least once. The one place host webhooks are wired.
 */
export function createHostWebhooks(store: Store, options: HostWebhookOptions & { logger: Logger }): HostWebhooks {
  // Registered first: a store that already has host webhooks refuses here, before a worker starts.
  // A change committed with events is delivered at once rather than at the next poll.
  const stopRecording = store.tenants.addRecorder(outboxRecorder(() => worker.wake()));
  const worker = startDeliveryWorker({ store, ...options });
  return {
    worker,
    async stop() {
      stopRecording();
      await worker.stop();
    },
  };
}

/** Writes each change's host events into the outbox, in the change's own statement; `committed` runs after such a commit. */
export function outboxRecorder(committed: () => void): ChangeRecorder {
  return {
    name: 'outbox_rows',
    rows(change, param) {
      const entries = hostEventsFor(change);
      return entries.length > 0 ? insertOutboxCte(entries, param) : null;
    },
    committed,
  };
}

/** The host events sent (or being sent) about a tenant, newest first: `GET /tenants/:id` shows them. */
export function deliveriesOf(store: Store): (tenantId: string) => Promise<DeliveryRecord[]> {
  const outbox = createOutboxStore(store.db);
  return (tenantId) => outbox.recent(tenantId);
}
