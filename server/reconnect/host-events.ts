import { randomBytes } from 'node:crypto';
import type { HostEventType } from '../../contract/codes.js';
import type { HostEvent } from '../../contract/schemas.js';
import type { Services } from '../services.js';
import type { AttemptRecord, OutboxEntry, TenantRecord, TransitionInput } from '../store/index.js';
import { toStatus } from './status.js';

type Reason = HostEvent['reason'];

/**
 * Which host event a change gives, if any. Derived from the states alone, so
 * an event fires exactly when the state changes and never otherwise.
 */
export function hostEventType(previous: TenantRecord, next: TenantRecord): { type: HostEventType; reason: Reason } | null {
  if (previous.state === next.state) return null;
  switch (next.state) {
    case 'connected':
      return previous.state === 'needs_attention' || previous.state === 'legacy'
        ? { type: 'connection.repaired', reason: null }
        : { type: 'connection.connected', reason: null };
    case 'needs_attention': {
      const code = next.problem?.code;
      return { type: 'connection.broken', reason: code === 'access_revoked' ? 'access_revoked' : 'deauthorized' };
    }
    case 'disconnected':
      return { type: 'connection.disconnected', reason: null };
    default:
      return null;
  }
}

/** Ids look like Stripe's (`evt_` + 24 random characters) and are the host's key to deduplicate. */
export function newEventId(): string {
  return `evt_${randomBytes(18).toString('base64url')}`;
}

/** The outbox entry for a change, or null; its body is the exact JSON the host receives. */
export function outboxEntryFor(previous: TenantRecord, next: TenantRecord, lastAttempt: AttemptRecord | null, now: Date): OutboxEntry | null {
  const kind = hostEventType(previous, next);
  if (!kind) return null;
  const event: HostEvent = {
    id: newEventId(),
    type: kind.type,
    createdAt: now.toISOString(),
    tenantId: next.tenantId,
    status: toStatus(next, lastAttempt),
    reason: kind.reason,
  };
  return { eventId: event.id, tenantId: event.tenantId, type: event.type, body: JSON.stringify(event), createdAt: now };
}

/** The `hostEvent` hook of a transition: events are written only when a host webhook URL is configured. */
export function hostEventsOf(services: Pick<Services, 'hostWebhooks'>, now: Date): TransitionInput['hostEvent'] {
  return services.hostWebhooks ? (previous, next, last) => outboxEntryFor(previous, next, last, now) : undefined;
}
