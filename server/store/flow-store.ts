import type { FlowMode } from '../../contract/codes.js';
import type { SessionUser } from '../../contract/schemas.js';
import type { Db } from './db.js';

/** A flow started by `POST /connect`: what its start token and, once the browser has started it, its `state` stand for. */
export interface FlowRecord {
  /** The flow's public id (`flw_…`): it comes back beside the outcome, and names the browser's binding cookie. */
  id: string;
  tenantId: string;
  /** The widget's page origin: the only target of the popup's message, and where the completion must come from. */
  origin: string;
  mode: FlowMode;
  returnUrl: string | null;
  /** The person of the session that started the flow, or null when the host named nobody. */
  user: SessionUser | null;
  /** The hash of the browser binding set by `GET /oauth/start`; null until the start. */
  bindingHash: string | null;
  expiresAt: Date;
  startedAt: Date | null;
  consumedAt: Date | null;
}

export type NewFlow = Pick<FlowRecord, 'id' | 'tenantId' | 'origin' | 'mode' | 'returnUrl' | 'user' | 'expiresAt'> & {
  /** The storage key of the one-time start token. */
  startKey: string;
  createdAt: Date;
};

/** A code Stripe sent back, waiting for the widget's session to redeem it. */
export interface CompletionRecord {
  tenantId: string;
  /** The id of the person who started the flow: only a session of the same person completes it. */
  userId: string | null;
  origin: string;
  mode: FlowMode;
  /** The authorization code, encrypted with the tenant id as associated data. */
  codeEnc: string;
  /** Stripe's Idempotency-Key for this completion's exchange, so a retried completion replays Stripe's answer. */
  exchangeKey: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export type NewCompletion = Omit<CompletionRecord, 'usedAt'> & { key: string };

/** Who presents a completion handle: it is taken only if all three match what the flow was bound to. */
export interface Redeemer {
  tenantId: string;
  userId: string | null;
  origin: string;
}

interface StateRow {
  flow_id: string;
  tenant_id: string;
  origin: string;
  mode: string;
  return_url: string | null;
  started_by: SessionUser | null;
  binding_hash: string | null;
  expires_at: Date;
  started_at: Date | null;
  consumed_at: Date | null;
}

interface CompletionRow {
  tenant_id: string;
  user_id: string | null;
  origin: string;
  mode: string;
  code_enc: string;
  exchange_key: string;
  expires_at: Date;
  used_at: Date | null;
}

const flowFromRow = (r: StateRow): FlowRecord => ({
  id: r.flow_id,
  tenantId: r.tenant_id,
  origin: r.origin,
  mode: r.mode as FlowMode,
  returnUrl: r.return_url,
  user: r.started_by ?? null,
  bindingHash: r.binding_hash,
  expiresAt: r.expires_at,
  startedAt: r.started_at,
  consumedAt: r.consumed_at,
});

const completionFromRow = (r: CompletionRow): CompletionRecord => ({
  tenantId: r.tenant_id,
  userId: r.user_id,
  origin: r.origin,
  mode: r.mode as FlowMode,
  codeEnc: r.code_enc,
  exchangeKey: r.exchange_key,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/**
 * The short-lived rows of a flow: the flow itself (stored by `POST /connect`,
 * started once by `GET /oauth/start`, its state consumed once by the
 * callback) and its completion (made by the callback, redeemed once by
 * `POST /connect/complete`), across every instance sharing the database.
 * Keys are hashes of the values given out.
 */
export function createFlowStore(db: Db) {
  return {
    async issueFlow(flow: NewFlow): Promise<void> {
      await db.query(
        `INSERT INTO oauth_states (flow_id, start_key, tenant_id, origin, mode, return_url, started_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [flow.id, flow.startKey, flow.tenantId, flow.origin, flow.mode, flow.returnUrl, flow.user ? JSON.stringify(flow.user) : null, flow.createdAt, flow.expiresAt],
      );
    },

    /**
     * Starts the flow of start token `startKey` for exactly one caller, while
     * it is unstarted and unexpired: stores its state's key and the browser's
     * binding hash. Null when the start token is unknown, used or expired.
     */
    async startFlow(startKey: string, now: Date, started: { stateKey: string; bindingHash: string }): Promise<FlowRecord | null> {
      const rows = await db.query<StateRow>(
        `UPDATE oauth_states SET started_at = $2, state_key = $3, binding_hash = $4
          WHERE start_key = $1 AND started_at IS NULL AND expires_at > $2
          RETURNING *`,
        [startKey, now, started.stateKey, started.bindingHash],
      );
      return rows[0] ? flowFromRow(rows[0]) : null;
    },

    async findState(key: string): Promise<FlowRecord | null> {
      const rows = await db.query<StateRow>('SELECT * FROM oauth_states WHERE state_key = $1', [key]);
      return rows[0] ? flowFromRow(rows[0]) : null;
    },

    /** Consumes the state for exactly one caller, while it is unexpired; null when it is unknown, used or expired. */
    async consumeState(key: string, now: Date): Promise<FlowRecord | null> {
      const rows = await db.query<StateRow>(
        `UPDATE oauth_states SET consumed_at = $2
          WHERE state_key = $1 AND consumed_at IS NULL AND expires_at > $2
          RETURNING *`,
        [key, now],
      );
      return rows[0] ? flowFromRow(rows[0]) : null;
    },

    /**
     * Consumes the state of `completion.tenantId`'s flow, like `consumeState`,
     * and in the same statement stores the completion made from it, bound to
     * the flow's origin, mode and user. Null (and nothing stored) when the
     * state is not that tenant's, used or expired.
     */
    async redeemState(key: string, now: Date, completion: Pick<NewCompletion, 'key' | 'tenantId' | 'codeEnc' | 'exchangeKey' | 'expiresAt'>): Promise<FlowRecord | null> {
      const rows = await db.query<StateRow>(
        `WITH taken AS (
           UPDATE oauth_states SET consumed_at = $2
            WHERE state_key = $1 AND tenant_id = $3 AND consumed_at IS NULL AND expires_at > $2
            RETURNING *),
         kept AS (
           INSERT INTO completions (completion_key, tenant_id, user_id, origin, mode, code_enc, exchange_key, expires_at)
           SELECT $4::text, tenant_id, started_by->>'id', origin, mode, $5::text, $6::text, $7::timestamptz FROM taken)
         SELECT * FROM taken`,
        [key, now, completion.tenantId, completion.key, completion.codeEnc, completion.exchangeKey, completion.expiresAt],
      );
      return rows[0] ? flowFromRow(rows[0]) : null;
    },

    /**
     * Takes the completion for exactly one caller, while it is unused and
     * unexpired, and only for its own tenant, person and page origin: a
     * handle presented by anyone else is left as it was, still redeemable by
     * its owner.
     */
    async claimCompletion(key: string, by: Redeemer, now: Date): Promise<CompletionRecord | null> {
      const rows = await db.query<CompletionRow>(
        `UPDATE completions SET used_at = $2
          WHERE completion_key = $1 AND used_at IS NULL AND expires_at > $2
            AND tenant_id = $3 AND origin = $4 AND (user_id IS NULL OR user_id = $5)
          RETURNING *`,
        [key, now, by.tenantId, by.origin, by.userId],
      );
      return rows[0] ? completionFromRow(rows[0]) : null;
    },

    async findCompletion(key: string): Promise<CompletionRecord | null> {
      const rows = await db.query<CompletionRow>('SELECT * FROM completions WHERE completion_key = $1', [key]);
      return rows[0] ? completionFromRow(rows[0]) : null;
    },

    /** Makes a claimed completion redeemable again (Stripe could not be reached: the same handle may be retried). */
    async releaseCompletion(key: string): Promise<void> {
      await db.query('UPDATE completions SET used_at = NULL WHERE completion_key = $1', [key]);
    },
  };
}

export type FlowStore = ReturnType<typeof createFlowStore>;
