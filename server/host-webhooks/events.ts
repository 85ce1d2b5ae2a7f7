import { randomBytes } from 'node:crypto';
import type { BrokenReason, HostEventType } from '../../contract/codes.js';
import type { HostEvent } from '../../contract/schemas.js';
import { sameWarning } from '../reconnect/payments.js';
import { toStatus } from '../reconnect/status.js';
import type { TenantChange, TenantRecord } from '../store/index.js';

type Reason = HostEvent['reason'];

/**
 * Which host events a change gives, in order. Derived from the records alone,
 * so an event fires exactly when what it reports changes and never otherwise:
 * the state (or, while broken, the reason), then a warning that appears or
 * whose deadline moves. A warning that stays the same is not told again, and
 * one that clears gives no event (the next event's status shows it gone).
 */
export function hostEventTypes(previous: TenantRecord, next: TenantRecord): Array<{ type: HostEventType; reason: Reason }> {
  const kinds: Array<{ type: HostEventType; reason: Reason }> = [];
  const change = stateChange(previous, next);
  if (change) kinds.push(change);
  if (next.state === 'connected' && next.warning && !sameWarning(previous.state === 'connected' ? previous.warning : null, next.warning)) {
    kinds.push({ type: 'connection.warning', reason: null });
  }
  return kinds;
}

function stateChange(previous: TenantRecord, next: TenantRecord): { type: HostEventType; reason: Reason } | null {
  if (next.state === 'needs_attention') {
    const reason = brokenReason(next);
    // Broken for another reason is news too: the fix changes (reconnect, or act in Stripe's Dashboard).
    return previous.state === 'needs_attention' && brokenReason(previous) === reason ? null : { type: 'connection.broken', reason };
  }
  if (previous.state === next.state) return null;
  switch (next.state) {
    case 'connected':
      return previous.state === 'needs_attention' || previous.state === 'legacy'
        ? { type: 'connection.repaired', reason: null }
        : { type: 'connection.connected', reason: null };
    case 'disconnected':
      return { type: 'connection.disconnected', reason: null };
    default:
      return null;
  }
}

function brokenReason(record: TenantRecord): BrokenReason {
  const code = record.problem?.code;
  return code === 'access_revoked' || code === 'payments_paused' ? code : 'deauthorized';
}

/** Ids look like Stripe's (`evt_` + 24 random characters) and are the host's key to deduplicate. */
export function newEventId(): string {
  return `evt_${randomBytes(18).toString('base64url')}`;
}

/** A host event ready for the outbox: the body is the exact JSON the host receives. */
export interface OutboxEntry {
  eventId: string;
  tenantId: string;
  type: HostEventType;
  body: string;
  createdAt: Date;
}

/** The outbox entries for a change, in order (none when nothing the host hears of changed). */
export function hostEventsFor({ previous, next, lastAttempt, at, by }: TenantChange): OutboxEntry[] {
  const kinds = hostEventTypes(previous, next);
  if (kinds.length === 0) return [];
  const status = toStatus(next, lastAttempt);
  return kinds.map((kind) => {
    const event: HostEvent = { id: newEventId(), type: kind.type, createdAt: at.toISOString(), tenantId: next.tenantId, status, reason: kind.reason, by };
    return { eventId: event.id, tenantId: event.tenantId, type: event.type, body: JSON.stringify(event), createdAt: at };
  });
}
