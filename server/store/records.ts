import type { ErrorCode, FlowMode, IntegrationState, ProblemCode, WarningCode } from '../../contract/codes.js';
import type { Person } from '../../contract/schemas.js';

/** What a `payments_paused` problem says, as stored: Stripe's facts when last observed (the Status's `PausedDetails` is its JSON). */
export interface StoredPauseDetails {
  charges: boolean;
  payouts: boolean;
  /** Stripe's `requirements.disabled_reason`. */
  reason: string | null;
  /** Stripe's `requirements.current_deadline`. */
  deadline: Date | null;
}

/** Stripe needs information by `deadline`; the connection still works. */
export interface ConnectionWarning {
  code: WarningCode;
  deadline: Date;
}

/** A tenant's connection as stored. Secrets appear only encrypted. */
export interface TenantRecord {
  tenantId: string;
  state: IntegrationState;
  account: { id: string; name: string | null; publishableKey: string | null; livemode: boolean } | null;
  refreshTokenEnc: string | null;
  legacyPublishableKey: string | null;
  /** `details` is set for `payments_paused` only. */
  problem: { code: ProblemCode; since: Date; details: StoredPauseDetails | null } | null;
  /** Only while `connected`. */
  warning: ConnectionWarning | null;
  /** The person whose completed flow made the current connection, when their session named one. */
  connectedBy: Person | null;
  connectedAt: Date | null;
  checkedAt: Date | null;
  /** The host's own data kept beside the connection; never touched by a transition. */
  settings: unknown;
  updatedAt: Date;
}

export interface AttemptRecord {
  tenantId: string;
  at: Date;
  outcome: 'success' | 'error';
  code: ErrorCode | null;
  accountId: string | null;
  mode: FlowMode | null;
  requestId: string | null;
  /** Who tried, when the session named a user. */
  by: Person | null;
}

/** The account a tenant is connected to, working or broken: what "has a connection" means everywhere. */
export function connectionOf(tenant: TenantRecord | null): NonNullable<TenantRecord['account']> | null {
  return tenant?.account && (tenant.state === 'connected' || tenant.state === 'needs_attention') ? tenant.account : null;
}

/**
 * Every field of a connection, empty: what a tenant without one holds. A
 * transition that ends or replaces a connection starts from it, so a field
 * added to the connection is cleared everywhere at once.
 */
export const NO_CONNECTION = {
  account: null,
  refreshTokenEnc: null,
  legacyPublishableKey: null,
  problem: null,
  warning: null,
  connectedBy: null,
  connectedAt: null,
  checkedAt: null,
} as const satisfies Partial<TenantRecord>;

/** The record of a tenant that has none stored yet. */
export function emptyTenant(tenantId: string, now: Date): TenantRecord {
  return {
    tenantId,
    state: 'not_connected',
    ...NO_CONNECTION,
    settings: {},
    updatedAt: now,
  };
}

export interface TenantRow {
  tenant_id: string;
  state: string;
  account_id: string | null;
  account_name: string | null;
  account_publishable_key: string | null;
  account_livemode: boolean | null;
  refresh_token_enc: string | null;
  legacy_publishable_key: string | null;
  problem_code: string | null;
  problem_since: Date | null;
  problem_details: unknown;
  warning_code: string | null;
  warning_deadline: Date | null;
  connected_by: unknown;
  connected_at: Date | null;
  checked_at: Date | null;
  settings: unknown;
  updated_at: Date;
}

export function tenantFromRow(row: TenantRow): TenantRecord {
  return {
    tenantId: row.tenant_id,
    state: row.state as IntegrationState,
    account: row.account_id
      ? {
          id: row.account_id,
          name: row.account_name,
          publishableKey: row.account_publishable_key,
          livemode: row.account_livemode ?? false,
        }
      : null,
    refreshTokenEnc: row.refresh_token_enc,
    legacyPublishableKey: row.legacy_publishable_key,
    problem: row.problem_code
      ? { code: row.problem_code as ProblemCode, since: row.problem_since ?? row.updated_at, details: detailsFromJson(row.problem_details) }
      : null,
    warning: row.warning_code && row.warning_deadline ? { code: row.warning_code as WarningCode, deadline: row.warning_deadline } : null,
    connectedBy: personFromJson(row.connected_by),
    connectedAt: row.connected_at,
    checkedAt: row.checked_at,
    settings: row.settings ?? {},
    updatedAt: row.updated_at,
  };
}

/** Column values in the order of `TENANT_COLUMNS`. */
export function tenantToParams(t: TenantRecord): unknown[] {
  return [
    t.tenantId,
    t.state,
    t.account?.id ?? null,
    t.account?.name ?? null,
    t.account?.publishableKey ?? null,
    t.account ? t.account.livemode : null,
    t.refreshTokenEnc,
    t.legacyPublishableKey,
    t.problem?.code ?? null,
    t.problem?.since ?? null,
    t.problem?.details ? JSON.stringify(detailsToJson(t.problem.details)) : null,
    t.warning?.code ?? null,
    t.warning?.deadline ?? null,
    t.connectedBy ? JSON.stringify(t.connectedBy) : null,
    t.connectedAt,
    t.checkedAt,
    JSON.stringify(t.settings ?? {}),
    t.updatedAt,
  ];
}

export const TENANT_COLUMNS = [
  'tenant_id',
  'state',
  'account_id',
  'account_name',
  'account_publishable_key',
  'account_livemode',
  'refresh_token_enc',
  'legacy_publishable_key',
  'problem_code',
  'problem_since',
  'problem_details',
  'warning_code',
  'warning_deadline',
  'connected_by',
  'connected_at',
  'checked_at',
  'settings',
  'updated_at',
] as const;

/** `problem_details` as stored: the deadline as ISO 8601 inside jsonb. */
interface PausedDetailsJson {
  charges: boolean;
  payouts: boolean;
  reason: string | null;
  deadline: string | null;
}

function detailsToJson(d: StoredPauseDetails): PausedDetailsJson {
  return { charges: d.charges, payouts: d.payouts, reason: d.reason, deadline: d.deadline?.toISOString() ?? null };
}

/** Both drivers hand jsonb back parsed; anything not shaped like details reads as none. */
function detailsFromJson(value: unknown): StoredPauseDetails | null {
  const json = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (!json || typeof json !== 'object') return null;
  const d = json as Partial<PausedDetailsJson>;
  if (typeof d.charges !== 'boolean' || typeof d.payouts !== 'boolean') return null;
  return {
    charges: d.charges,
    payouts: d.payouts,
    reason: typeof d.reason === 'string' ? d.reason : null,
    deadline: typeof d.deadline === 'string' ? new Date(d.deadline) : null,
  };
}

/** A stored person (jsonb), read defensively: only the three fields, as strings. */
export function personFromJson(value: unknown): Person | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, email } = value as Record<string, unknown>;
  if (typeof id !== 'string') return null;
  return { id, name: typeof name === 'string' ? name : null, email: typeof email === 'string' ? email : null };
}
