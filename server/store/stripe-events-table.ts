import type { Db, Queryable } from './db.js';

const RECORD = `INSERT INTO stripe_events (event_id, type, account_id, received_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (event_id) DO NOTHING RETURNING event_id`;

/** A Stripe webhook event to record once. */
export interface StripeEventRow {
  id: string;
  type: string;
  accountId: string | null;
}

/** Records the event; false if another delivery already did. Also runs inside a tenant's transition. */
export async function recordStripeEvent(db: Queryable, event: StripeEventRow, now: Date): Promise<boolean> {
  const rows = await db.query(RECORD, [event.id, event.type, event.accountId, now]);
  return rows.length === 1;
}

/** Stripe webhook event ids already applied, so a redelivered event changes nothing. */
export function createStripeEventsTable(db: Db) {
  return {
    async seen(eventId: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM stripe_events WHERE event_id = $1', [eventId]);
      return rows.length > 0;
    },
    record: (event: StripeEventRow, now: Date) => recordStripeEvent(db, event, now),
  };
}

export type StripeEventsTable = ReturnType<typeof createStripeEventsTable>;
