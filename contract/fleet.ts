/**
 * The fleet routes of docs/design.md ("Watching every connection"): the
 * list of tenants with its filters, and the counts for a dashboard.
 */
import { z } from 'zod';
import { PROBLEM_CODES, STATES, WARNING_CODES } from './codes.js';
import { AccountId, IsoTime, Status } from './schemas.js';

/** Page sizes of `GET /tenants`. */
export const TENANT_PAGE = { default: 50, max: 500 } as const;

/** Query strings are text: a page size is digits, nothing else (`1e2`, ` 5`, `0x10` are refused). */
const PageSize = z
  .string()
  .regex(/^[0-9]{1,4}$/, `must be a whole number from 1 to ${TENANT_PAGE.max}`)
  .transform(Number)
  .pipe(z.number().int().min(1, `must be a whole number from 1 to ${TENANT_PAGE.max}`).max(TENANT_PAGE.max, `must be a whole number from 1 to ${TENANT_PAGE.max}`));

/**
 * `GET /tenants` query: every filter given must match. Strict, so a
 * misspelt filter is refused rather than silently listing everyone.
 */
export const TenantListQuery = z.strictObject({
  state: z.enum(STATES).optional(),
  problem: z.enum(PROBLEM_CODES).optional(),
  warning: z.enum(WARNING_CODES).optional(),
  account: AccountId.optional(),
  limit: PageSize.optional(),
  cursor: z.string().min(1).max(1024).optional(),
});

export const TenantListItem = z.object({
  tenantId: z.string(),
  status: Status,
});

export const TenantList = z.object({
  tenants: z.array(TenantListItem).describe('The most recent change of state (or problem, or warning) first'),
  nextCursor: z.string().nullable().describe('Opaque; pass it as cursor for the next page. Null on the last page'),
});

const counts = <const T extends readonly string[]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((key) => [key, z.number().int().min(0)])) as { [K in T[number]]: z.ZodNumber });

export const FleetSummary = z.object({
  tenants: z.number().int().min(0).describe('Every tenant this backend has a record of'),
  byState: counts(STATES),
  byProblem: counts(PROBLEM_CODES).describe('As the Status shows them: a problem counts while the tenant is needs_attention or legacy'),
  warnings: z.number().int().min(0).describe('Connected tenants with a warning (requirements_due)'),
  recheck: z.object({
    intervalSeconds: z.number().int().nullable().describe('RECHECK_INTERVAL in seconds; null when this app runs no re-checks'),
    rate: z.number().nullable().describe('RECHECK_RATE: Stripe calls per second for re-checks, all instances together; null when off'),
    overdue: z.number().int().nullable().describe('Connections to re-check whose last check is older than the interval; null when off'),
    oldestCheckedAt: IsoTime.nullable().describe('The oldest last check among the connections to re-check'),
  }),
});

export type TenantListQuery = z.infer<typeof TenantListQuery>;
export type TenantListItem = z.infer<typeof TenantListItem>;
export type TenantList = z.infer<typeof TenantList>;
export type FleetSummary = z.infer<typeof FleetSummary>;
