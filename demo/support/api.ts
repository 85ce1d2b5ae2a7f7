/**
 * The support page's data, from the demo host's own backend
 * (`/demo/api/support/*`), which asks the reconnect backend's admin routes
 * with the API key. This page never holds the key: it sends no credential
 * at all, and reads only what the host chose to hand it.
 */
import type { IntegrationState, ProblemCode, WarningCode } from '../../contract/codes.js';
import type { FleetSummary, TenantList } from '../../contract/fleet.js';
import type { TenantDetails } from '../../contract/schemas.js';

/** `GET /fleet`: the counts, and the re-checks (their fields null when the backend runs none). */
export type Fleet = FleetSummary;

/** `GET /tenants`: one page, the most recent change of state first. */
export type TenantPage = TenantList;

/** The list's filters; an empty value is no filter. */
export interface Filters {
  state: IntegrationState | '';
  problem: ProblemCode | '';
  warning: WarningCode | '';
  account: string;
  limit: string;
}

export const NO_FILTERS: Filters = { state: '', problem: '', warning: '', account: '', limit: '' };
export const FILTER_NAMES = Object.keys(NO_FILTERS) as Array<keyof Filters>;

/** What the backend refused, in its own words (`validation_failed` for a filter it does not accept). */
export class SupportApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

async function read<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as (T & { error?: { code?: string; message?: string; requestId?: string } }) | null;
  if (!response.ok || body === null) {
    const error = body?.error;
    throw new SupportApiError(response.status, error?.code ?? 'internal', error?.message ?? `HTTP ${response.status}`, error?.requestId ?? null);
  }
  return body;
}

export const fetchFleet = () => read<Fleet>('/demo/api/support/fleet');

/** One page of the list; `query`: the filters and the cursor, as `GET /tenants` takes them. */
export function fetchTenants(query: string): Promise<TenantPage> {
  return read<TenantPage>(`/demo/api/support/tenants${query ? `?${query}` : ''}`);
}

/** One tenant's connection, attempts and host webhook deliveries; null when the backend has no record of it. */
export async function fetchTenant(tenantId: string): Promise<TenantDetails | null> {
  try {
    return await read<TenantDetails>(`/demo/api/support/tenants/${encodeURIComponent(tenantId)}`);
  } catch (error) {
    if (error instanceof SupportApiError && error.status === 404) return null;
    throw error;
  }
}
