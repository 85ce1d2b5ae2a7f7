import { TENANT_PAGE, type FleetSummary, type TenantList, type TenantListQuery } from '../../contract/fleet.js';
import type { Clock } from '../clock.js';
import type { RecheckSettings } from '../recheck/rechecker.js';
import { overdueBefore } from '../recheck/schedule.js';
import { toStatus } from '../reconnect/status.js';
import type { Store, TenantFilter } from '../store/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export interface FleetViewOptions {
  store: Store;
  /** Signs the list's cursors (a key of their own is derived from it). */
  sessionSecret: string;
  /** The re-checks this app runs, or null when it runs none. */
  recheck: RecheckSettings | null;
  now: Clock;
}

/** `GET /tenants` and `GET /fleet`: the whole fleet as support and dashboards read it. */
export function createFleetView({ store, sessionSecret, recheck, now }: FleetViewOptions) {
  return {
    async list(query: TenantListQuery): Promise<TenantList> {
      const filter: TenantFilter = {
        ...(query.state && { state: query.state }),
        ...(query.problem && { problem: query.problem }),
        ...(query.warning && { warning: query.warning }),
        ...(query.account && { account: query.account }),
      };
      const limit = query.limit ?? TENANT_PAGE.default;
      const after = query.cursor ? decodeCursor(sessionSecret, query.cursor, filter) : null;
      // One more than asked: whether there is a next page is known without a second query.
      const rows = await store.fleet.list(filter, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        tenants: page.map(({ snapshot }) => ({ tenantId: snapshot.tenant.tenantId, status: toStatus(snapshot.tenant, snapshot.lastAttempt) })),
        nextCursor: rows.length > limit && last ? encodeCursor(sessionSecret, last.position, filter) : null,
      };
    },

    async summary(): Promise<FleetSummary> {
      const [counts, standing] = await Promise.all([
        store.fleet.counts(),
        store.fleet.recheckStanding(recheck ? overdueBefore(now(), recheck.intervalSeconds) : null),
      ]);
      return {
        ...counts,
        recheck: {
          intervalSeconds: recheck?.intervalSeconds ?? null,
          rate: recheck?.rate ?? null,
          overdue: recheck ? standing.overdue : null,
          oldestCheckedAt: standing.oldestCheckedAt?.toISOString() ?? null,
        },
      };
    },
  };
}

export type FleetView = ReturnType<typeof createFleetView>;
