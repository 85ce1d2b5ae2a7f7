import type { Person } from '../../contract/schemas.js';
import type { Db, Queryable } from './db.js';
import { isUniqueViolation } from './db.js';
import { insertAttempt, insertAttemptCte, JOINED_ATTEMPT, joinedAttempt, latestAttempt, listAttempts } from './attempts-table.js';
import { TENANT_CHANNEL_SQL } from './migrations.js';
import type { AttemptRecord, TenantRecord, TenantRow } from './records.js';
import { tenantFromRow } from './records.js';
import { StatusCache } from './status-cache.js';
import { recordStripeEvent, type StripeEventRow } from './stripe-events-table.js';
import { connectionHolder, lockTenant, readTenant, upsertTenant } from './tenants-table.js';

/** The chosen account is already another tenant's connection (enforced by a unique index, so it holds under races). */
export class AccountTakenError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('account already connected to another tenant', options);
    this.name = 'AccountTakenError';
  }
}

export interface TransitionInput {
  tenantId: string;
  now: Date;
  /** The next record, from the current one (locked for the transaction); null when nothing changes. Pure. */
  decide(current: TenantRecord): TenantRecord | null;
  attempt?: Omit<AttemptRecord, 'tenantId'>;
  /** A Stripe webhook event this change applies: recorded in the same transaction, and a second delivery changes nothing. */
  stripeEvent?: StripeEventRow;
  /** The person whose action this is; null (or absent) for what Stripe or the host's backend did. */
  by?: Person | null;
}

export interface TransitionResult {
  previous: TenantRecord;
  current: TenantRecord;
  changed: boolean;
}

/** A tenant and its latest attempt: everything a Status is built from. */
export interface TenantSnapshot {
  tenant: TenantRecord | null;
  lastAttempt: AttemptRecord | null;
}

/** A change about to be stored, as the recorders see it. */
export interface TenantChange {
  previous: TenantRecord;
  next: TenantRecord;
  /** The attempt just recorded with the change, or else the tenant's latest. */
  lastAttempt: AttemptRecord | null;
  at: Date;
  by: Person | null;
}

/**
 * Something stored with every tenant change, in the same statement (the host
 * webhooks' outbox): it commits with the change or not at all.
 */
export interface ChangeRecorder {
  /** One recorder of a name per store: the name of its CTE, and a second one would write everything twice. */
  name: string;
  /** A data-modifying CTE for `change` (its parameters added through `param`), or null when there is nothing to write. */
  rows(change: TenantChange, param: (value: unknown) => string): string | null;
  /** After a transaction that wrote this recorder's rows commits. */
  committed(): void;
}

export interface TenantStoreOptions {
  /** How long a cached status may be served at most; 0 turns the cache off. */
  statusCacheTtlMs?: number;
}

/** The tenant and its latest attempt in one round trip (the hot path of `GET /status`). */
async function readSnapshot(db: Queryable, tenantId: string): Promise<TenantSnapshot> {
  const rows = await db.query<TenantRow & { tenant_id: string | null; a_at: Date | null } & Record<string, unknown>>(
    `SELECT t.*, ${JOINED_ATTEMPT}
       FROM (SELECT $1::text AS id) k
       LEFT JOIN tenants t ON t.tenant_id = k.id
       LEFT JOIN LATERAL (SELECT * FROM attempts WHERE tenant_id = k.id ORDER BY id DESC LIMIT 1) a ON true`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return { tenant: null, lastAttempt: null };
  return {
    tenant: row.tenant_id ? tenantFromRow(row) : null,
    lastAttempt: joinedAttempt(tenantId, row),
  };
}

/**
 * Tenants and their attempts, and the transaction that changes them together:
 * the record, its attempt, the Stripe event it applies and what the recorders
 * add, all or nothing. Every write evicts the status cache.
 */
export function createTenantStore(db: Db, options: TenantStoreOptions = {}) {
  const recorders = new Map<string, ChangeRecorder>();
  /** Told of each attempt once stored: every attempt is a flow that ended (the metrics count them). */
  const attemptListeners = new Set<(attempt: AttemptRecord) => void>();
  const stored = (attempt: AttemptRecord) => {
    for (const listener of attemptListeners) listener(attempt);
  };
  const ttlMs = options.statusCacheTtlMs ?? 30_000;
  // Off until `watch()` hears the database's change notifications, and whenever it stops hearing them.
  const cache = new StatusCache<TenantSnapshot>({ enabled: false, ttlMs });

  /** The record, its attempt and the recorders' rows in one statement: data-modifying CTEs run whether or not it reads them. */
  async function write(tx: Queryable, change: TenantChange, attempt: AttemptRecord | null): Promise<ChangeRecorder[]> {
    const { sql, params } = upsertTenant({ ...change.next, updatedAt: change.at });
    const param = (value: unknown) => `$${params.push(value)}`;
    const ctes: string[] = [];
    if (attempt) ctes.push(insertAttemptCte(attempt, param));
    const wrote: ChangeRecorder[] = [];
    for (const recorder of recorders.values()) {
      const cte = recorder.rows(change, param);
      if (cte) {
        ctes.push(cte);
        wrote.push(recorder);
      }
    }
    await tx.query(`${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}${sql}`, params);
    return wrote;
  }

  return {
    /** Adds rows to every change from now on (see `ChangeRecorder`); returns the function that stops it. */
    addRecorder(recorder: ChangeRecorder): () => void {
      if (recorders.has(recorder.name)) throw new Error(`${recorder.name} already records this store's changes: configure it on one app per store`);
      recorders.set(recorder.name, recorder);
      return () => recorders.delete(recorder.name);
    },

    /** Calls `listener` with every attempt once it is stored; returns the function that stops it. */
    onAttempt(listener: (attempt: AttemptRecord) => void): () => void {
      attemptListeners.add(listener);
      return () => attemptListeners.delete(listener);
    },

    /**
     * Starts hearing every change to tenants, this instance's and others', which
     * turns the status cache on; resolves with the function that stops it.
     */
    async watch(): Promise<() => Promise<void>> {
      if (ttlMs <= 0 || !db.listen) return async () => {};
      const [{ channel }] = await db.query<{ channel: string }>(TENANT_CHANNEL_SQL);
      return db.listen(channel, {
        message: (tenantId) => cache.evict(tenantId),
        up: (listening) => (cache.enabled = listening),
      });
    },

    /** The tenant and its latest attempt: from the cache, or one round trip. */
    async snapshot(tenantId: string): Promise<TenantSnapshot> {
      const cached = cache.get(tenantId);
      if (cached) return cached;
      const mark = cache.mark();
      const snapshot = await readSnapshot(db, tenantId);
      cache.set(tenantId, mark, snapshot);
      return snapshot;
    },

    get: (tenantId: string) => readTenant(db, tenantId),

    /** The tenant whose connection (working or broken) is this account, if any. */
    connectionHolder: (accountId: string) => connectionHolder(db, accountId),

    async recordAttempt(attempt: AttemptRecord): Promise<void> {
      try {
        await insertAttempt(db, attempt);
        stored(attempt);
      } finally {
        cache.evict(attempt.tenantId);
      }
    },

    attempts: (tenantId: string, limit = 50) => listAttempts(db, tenantId, limit),

    /**
     * Changes one tenant atomically: locks its row, lets `decide` compute the
     * next record, writes it with the attempt and the recorders' rows, or nothing.
     */
    async transition(input: TransitionInput): Promise<TransitionResult> {
      let wrote: ChangeRecorder[] = [];
      try {
        const result = await db.transaction(async (tx) => {
          const previous = await lockTenant(tx, input.tenantId, input.now);
          if (input.stripeEvent && !(await recordStripeEvent(tx, input.stripeEvent, input.now))) {
            return { previous, current: previous, changed: false };
          }
          const next = input.decide(previous);
          const attempt = input.attempt ? { ...input.attempt, tenantId: input.tenantId } : null;
          if (!next) {
            if (attempt) await insertAttempt(tx, attempt);
            return { previous, current: previous, changed: false };
          }
          // The recorders see the attempt this change made, or the tenant's latest (read only for them).
          const lastAttempt = attempt ?? (recorders.size > 0 ? await latestAttempt(tx, input.tenantId) : null);
          wrote = await write(tx, { previous, next, lastAttempt, at: input.now, by: input.by ?? null }, attempt);
          return { previous, current: next, changed: true };
        });
        for (const recorder of wrote) recorder.committed();
        if (input.attempt) stored({ ...input.attempt, tenantId: input.tenantId });
        return result;
      } catch (error) {
        if (isUniqueViolation(error, 'tenants_account_owner')) throw new AccountTakenError({ cause: error });
        throw error;
      } finally {
        // After the commit (or the rollback): a read from now on sees what is stored.
        cache.evict(input.tenantId);
      }
    },
  };
}

export type TenantStore = ReturnType<typeof createTenantStore>;
