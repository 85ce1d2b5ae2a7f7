import type { ErrorCode, FlowMode, IntegrationState, ProblemCode } from '../../contract/codes.js';

/** A tenant's connection as stored. Secrets appear only encrypted. */
export interface TenantRecord {
  tenantId: string;
  state: IntegrationState;
  account: { id: string; name: string | null; publishableKey: string | null; livemode: boolean } | null;
  refreshTokenEnc: string | null;
  legacyPublishableKey: string | null;
  problem: { code: ProblemCode; since: Date } | null;
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
}

/** The record of a tenant that has none stored yet. */
export function emptyTenant(tenantId: string, now: Date): TenantRecord {
  return {
    tenantId,
    state: 'not_connected',
    account: null,
    refreshTokenEnc: null,
    legacyPublishableKey: null,
    problem: null,
    connectedAt: null,
    checkedAt: null,
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
    problem: row.problem_code ? { code: row.problem_code as ProblemCode, since: row.problem_since ?? row.updated_at } : null,
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
  'connected_at',
  'checked_at',
  'settings',
  'updated_at',
] as const;
