import type { Attempt, Delivery } from '../../contract/schemas.js';
import type { AttemptRecord, DeliveryRecord } from '../store/index.js';

export function toAttempt(a: AttemptRecord): Attempt {
  return { at: a.at.toISOString(), outcome: a.outcome, code: a.code, accountId: a.accountId, mode: a.mode, requestId: a.requestId, by: a.by ?? null };
}

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
