import type { Attempt, Delivery } from '../../contract/schemas.js';
import type { DeliveryRecord } from '../host-webhooks/index.js';
import type { AttemptRecord } from '../store/index.js';

/** An attempt as `GET /tenants/:id` lists it. */
export function toAttempt(a: AttemptRecord): Attempt {
  return { at: a.at.toISOString(), outcome: a.outcome, code: a.code, accountId: a.accountId, mode: a.mode, requestId: a.requestId, by: a.by ?? null };
}

/** A host event and how its delivery went. */
export function toDelivery(d: DeliveryRecord): Delivery {
  return {
    eventId: d.eventId,
    type: d.type as Delivery['type'],
    createdAt: d.createdAt.toISOString(),
    state: d.deliveredAt ? 'delivered' : d.failedAt ? 'failed' : 'pending',
    attempts: d.attempts,
    lastStatusCode: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
