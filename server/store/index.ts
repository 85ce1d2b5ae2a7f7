import { join } from 'node:path';
import type { Db } from './db.js';
import { migrate } from './migrations.js';
import { openPglite, type PgliteOptions } from './pglite-db.js';
import { findImage, holdsDatabase, openImage } from './pglite-image.js';
import { openPostgres } from './postgres-db.js';
import { createFleetTable } from './fleet-table.js';
import { createFlowStore } from './flow-store.js';
import { createRetentionStore } from './retention.js';
import { createRateLimitsTable } from './rate-limits-table.js';
import { createStripeEventsTable } from './stripe-events-table.js';
import { createTenantStore, type TenantStoreOptions } from './tenant-store.js';

export { AccountTakenError, type ChangeRecorder, type TenantChange, type TenantSnapshot, type TransitionInput, type TransitionResult } from './tenant-store.js';
export { RECHECKED } from './migrations.js';
export { connectionOf, type AttemptRecord, type ConnectionWarning, type PausedDetails, type TenantRecord } from './records.js';
export type { Db } from './db.js';
export type { CompletionRecord, FlowRecord, NewCompletion, Redeemer } from './flow-store.js';
export type { PurgeCounts, RetentionRules } from './retention.js';
export type { FleetCounts, ListedTenant, ListPosition, RecheckStanding, TenantFilter } from './fleet-table.js';

/** Everything the backend keeps, over one database. */
export interface Store {
  readonly engine: Db['engine'];
  readonly db: Db;
  readonly tenants: ReturnType<typeof createTenantStore>;
  /** The short-lived rows of a reconnect flow: states and completions. */
  readonly flows: ReturnType<typeof createFlowStore>;
  readonly stripeEvents: ReturnType<typeof createStripeEventsTable>;
  /** Reads over every tenant: the list, the counts, the re-checks' standing. */
  readonly fleet: ReturnType<typeof createFleetTable>;
  readonly rateLimits: ReturnType<typeof createRateLimitsTable>;
  /** What keeps the tables that grow with traffic bounded. */
  readonly retention: ReturnType<typeof createRetentionStore>;
  close(): Promise<void>;
}

/** Wraps an open database (either engine), after bringing its schema up to date. */
export async function createStore(db: Db, options: TenantStoreOptions = {}): Promise<Store> {
  await migrate(db);
  const tenants = createTenantStore(db, options);
  const unwatch = await tenants.watch();
  return {
    engine: db.engine,
    db,
    tenants,
    flows: createFlowStore(db),
    stripeEvents: createStripeEventsTable(db),
    fleet: createFleetTable(db),
    rateLimits: createRateLimitsTable(db),
    retention: createRetentionStore(db),
    async close() {
      await unwatch();
      await db.close();
    },
  };
}

export interface EmbeddedStoreOptions extends PgliteOptions {
  /**
   * A new database starts from this migrated image (a `.tar.gz` made by
   * `scripts/build-pglite-image.mjs`) rather than initdb. Default: the one
   * the package ships for this schema, if any; `false` runs initdb.
   */
  image?: string | false;
}

/** The embedded engine (PGlite) in `dataDir`, or in memory when no folder is given. */
export async function createEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<Store> {
  const { image, ...pglite } = options;
  const fresh = !pglite.loadDataDir && !(pglite.dataDir && holdsDatabase(pglite.dataDir));
  const path = fresh && image !== false ? (image ?? findImage()) : null;
  return createStore(await openPglite({ ...pglite, ...(path && { loadDataDir: await openImage(path) }) }));
}

/** PostgreSQL at `connectionString`, optionally in a schema of its own. */
export async function createPostgresStore(options: { connectionString: string; schema?: string; max?: number }): Promise<Store> {
  return createStore(await openPostgres(options));
}

/** The default embedded database location: `data/` under the working directory. */
export function defaultDataDir(cwd = process.cwd()): string {
  return join(cwd, 'data', 'stripe-reconnect');
}
