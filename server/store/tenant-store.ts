import type { Db, Queryable } from './db.js';
import { isUniqueViolation } from './db.js';
import { TENANT_CHANNEL_SQL } from './migrations.js';
import { RECORD_STRIPE_EVENT } from './small-stores.js';
import { ViewCache } from './view-cache.js';
import {
  emptyTenant,
  TENANT_COLUMNS,
  personFromJson,
  tenantFromRow,
  tenantToParams,
  type AttemptRecord,
  type TenantRecord,
  type TenantRow,
} from './records.js';

/** The chosen account is already another tenant's connection (enforced by a unique index, so it holds under races). */
export class AccountTakenError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('account already connected to another tenant', options);
    this.name = 'AccountTakenError';
  }
}

/** A row for the outbox, written in the same transaction as the change it reports. */
export interface OutboxEntry {
  eventId: string;
  tenantId: string;
  type: string;
  body: string;
  createdAt: Date;
}

export interface TransitionInput {
  tenantId: string;
  now: Date;
  /** The next record, from the current one (locked for the transaction); null when nothing changes. Pure. */
  decide(current: TenantRecord): TenantRecord | null;
  attempt?: Omit<AttemptRecord, 'tenantId'>;
  /** A Stripe webhook event this change applies: recorded in the same transaction, and a second delivery changes nothing. */
  stripeEvent?: { id: string; type: string; accountId: string | null };
  /** The host events a change gives, in order (often none); they see the attempt just recorded. */
  hostEvent?(previous: TenantRecord, next: TenantRecord, lastAttempt: AttemptRecord | null): readonly OutboxEntry[];
}

export interface TransitionResult {
  previous: TenantRecord;
  current: TenantRecord;
  changed: boolean;
}

export interface TenantView {
  tenant: TenantRecord | null;
  lastAttempt: AttemptRecord | null;
}

const UPSERT = `
  INSERT INTO tenants (${TENANT_COLUMNS.join(', ')})
  VALUES (${TENANT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (tenant_id) DO UPDATE SET
  ${TENANT_COLUMNS.filter((c) => c !== 'tenant_id' && c !== 'settings')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

interface AttemptRow {
  tenant_id: string;
  at: Date;
  outcome: string;
  code: string | null;
  account_id: string | null;
  mode: string | null;
  request_id: string | null;
  by_person: unknown;
}

function attemptFromRow(row: AttemptRow): AttemptRecord {
  return {
    tenantId: row.tenant_id,
    at: row.at,
    outcome: row.outcome as AttemptRecord['outcome'],
    code: row.code as AttemptRecord['code'],
    accountId: row.account_id,
    mode: row.mode as AttemptRecord['mode'],
    requestId: row.request_id,
    by: personFromJson(row.by_person),
  };
}

const INSERT_ATTEMPT = 'INSERT INTO attempts (tenant_id, at, outcome, code, account_id, mode, request_id, by_person)';

const attemptParams = (a: AttemptRecord): unknown[] => [a.tenantId, a.at, a.outcome, a.code, a.accountId, a.mode, a.requestId, a.by ? JSON.stringify(a.by) : null];

async function insertAttempt(db: Queryable, a: AttemptRecord): Promise<void> {
  await db.query(`${INSERT_ATTEMPT} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, attemptParams(a));
}

/**
 * The new record, its attempt and its host events in one statement (one round
 * trip inside the transaction): data-modifying CTEs run whether or not the
 * main statement reads them, and a failure in any of them fails all.
 */
async function writeChange(tx: Queryable, next: TenantRecord, attempt: AttemptRecord | null, entries: readonly OutboxEntry[]): Promise<void> {
  const params: unknown[] = tenantToParams(next);
  const p = (value: unknown) => `$${params.push(value)}`;
  const ctes: string[] = [];
  if (attempt) {
    ctes.push(`attempt AS (${INSERT_ATTEMPT} VALUES (${attemptParams(attempt).map(p).join(', ')}))`);
  }
  if (entries.length > 0) {
    // Rows of one INSERT get their seq in the order listed, which is the order the host receives them.
    const rows = entries.map((entry) => {
      const createdAt = p(entry.createdAt);
      return `(${p(entry.eventId)}, ${p(entry.tenantId)}, ${p(entry.type)}, ${p(entry.body)}, ${createdAt}, ${createdAt})`;
    });
    ctes.push(`event AS (INSERT INTO outbox (event_id, tenant_id, type, body, created_at, next_attempt_at) VALUES ${rows.join(', ')})`);
  }
  await tx.query(`${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}${UPSERT}`, params);
}

export interface TenantStoreOptions {
  /** How long a cached status may be served at most; 0 turns the cache off. */
  viewCacheTtlMs?: number;
}

export function createTenantStore(db: Db, options: TenantStoreOptions = {}) {
  const outboxListeners = new Set<() => void>();
  const ttlMs = options.viewCacheTtlMs ?? 30_000;
  // Off until `watch()` hears the database's change notifications, and whenever it stops hearing them.
  const cache = new ViewCache<TenantView>({ enabled: false, ttlMs });

  async function readView(tenantId: string): Promise<TenantView> {
    const rows = await db.query<TenantRow & { tenant_id: string | null; a_at: Date | null } & Record<string, unknown>>(
      `SELECT t.*, a.at AS a_at, a.outcome AS a_outcome, a.code AS a_code, a.account_id AS a_account_id,
              a.mode AS a_mode, a.request_id AS a_request_id, a.by_person AS a_by_person
         FROM (SELECT $1::text AS id) k
         LEFT JOIN tenants t ON t.tenant_id = k.id
         LEFT JOIN LATERAL (SELECT * FROM attempts WHERE tenant_id = k.id ORDER BY id DESC LIMIT 1) a ON true`,
      [tenantId],
    );
    const row = rows[0];
    if (!row) return { tenant: null, lastAttempt: null };
    return {
      tenant: row.tenant_id ? tenantFromRow(row) : null,
      lastAttempt: row.a_at
        ? attemptFromRow({
            tenant_id: tenantId,
            at: row.a_at,
            outcome: row.a_outcome as string,
            code: row.a_code as string | null,
            account_id: row.a_account_id as string | null,
            mode: row.a_mode as string | null,
            request_id: row.a_request_id as string | null,
            by_person: row.a_by_person,
          })
        : null,
    };
  }

  return {
    /** Called after a transaction that wrote an outbox event commits, so a worker can deliver at once. */
    onOutboxCommit(listener: () => void): () => void {
      outboxListeners.add(listener);
      return () => outboxListeners.delete(listener);
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

    /** The tenant and its latest attempt (the hot path of `GET /status`): from the cache, or one round trip. */
    async view(tenantId: string): Promise<TenantView> {
      const cached = cache.get(tenantId);
      if (cached) return cached;
      const mark = cache.mark();
      const view = await readView(tenantId);
      cache.set(tenantId, mark, view);
      return view;
    },

    async get(tenantId: string): Promise<TenantRecord | null> {
      const rows = await db.query<TenantRow>('SELECT * FROM tenants WHERE tenant_id = $1', [tenantId]);
      return rows[0] ? tenantFromRow(rows[0]) : null;
    },

    /** The tenant whose live connection is this account, if any. */
    async ownerOf(accountId: string): Promise<string | null> {
      const rows = await db.query<{ tenant_id: string }>(
        `SELECT tenant_id FROM tenants WHERE account_id = $1 AND state IN ('connected', 'needs_attention')`,
        [accountId],
      );
      return rows[0]?.tenant_id ?? null;
    },

    /** Tenants whose connection (working or broken) is this account. */
    async tenantsWithAccount(accountId: string): Promise<string[]> {
      const rows = await db.query<{ tenant_id: string }>(
        `SELECT tenant_id FROM tenants WHERE account_id = $1 AND state IN ('connected', 'needs_attention')`,
        [accountId],
      );
      return rows.map((r) => r.tenant_id);
    },

    async recordAttempt(attempt: AttemptRecord): Promise<void> {
      try {
        await insertAttempt(db, attempt);
      } finally {
        cache.evict(attempt.tenantId);
      }
    },

    async attempts(tenantId: string, limit = 50): Promise<AttemptRecord[]> {
      const rows = await db.query<AttemptRow>('SELECT * FROM attempts WHERE tenant_id = $1 ORDER BY id DESC LIMIT $2', [
        tenantId,
        limit,
      ]);
      return rows.map(attemptFromRow);
    },

    /**
     * Changes one tenant atomically: locks its row, lets `decide` compute the
     * next record, writes it with the attempt and the host event, or nothing.
     */
    async transition(input: TransitionInput): Promise<TransitionResult> {
      let wroteOutbox = false;
      try {
        const result = await db.transaction(async (tx) => {
          // Creates the row if need be and locks it, in one round trip (the no-op update takes the row lock).
          const rows = await tx.query<TenantRow>(
            `INSERT INTO tenants (tenant_id, state, updated_at) VALUES ($1, 'not_connected', $2)
             ON CONFLICT (tenant_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id RETURNING *`,
            [input.tenantId, input.now],
          );
          const previous = rows[0] ? tenantFromRow(rows[0]) : emptyTenant(input.tenantId, input.now);
          if (input.stripeEvent) {
            const { id, type, accountId } = input.stripeEvent;
            const fresh = await tx.query(RECORD_STRIPE_EVENT, [id, type, accountId, input.now]);
            if (fresh.length === 0) return { previous, current: previous, changed: false };
          }
          const next = input.decide(previous);
          const attempt = input.attempt ? { ...input.attempt, tenantId: input.tenantId } : null;
          if (!next) {
            if (attempt) await insertAttempt(tx, attempt);
            return { previous, current: previous, changed: false };
          }
          const lastAttempt =
            attempt ??
            (input.hostEvent
              ? ((await tx.query<AttemptRow>('SELECT * FROM attempts WHERE tenant_id = $1 ORDER BY id DESC LIMIT 1', [input.tenantId])).map(
                  attemptFromRow,
                )[0] ?? null)
              : null);
          const entries = input.hostEvent?.(previous, next, lastAttempt) ?? [];
          await writeChange(tx, { ...next, updatedAt: input.now }, attempt, entries);
          wroteOutbox = entries.length > 0;
          return { previous, current: next, changed: true };
        });
        if (wroteOutbox) for (const listener of outboxListeners) listener();
        return result;
      } catch (error) {
        if (isUniqueViolation(error, 'tenants_account_owner')) {
          throw new AccountTakenError({ cause: error });
        }
        throw error;
      } finally {
        // After the commit (or the rollback): a read from now on sees what is stored.
        cache.evict(input.tenantId);
      }
    },
  };
}

export type TenantStore = ReturnType<typeof createTenantStore>;
