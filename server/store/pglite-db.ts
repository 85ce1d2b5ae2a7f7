import { PGlite } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import type { Db } from './db.js';

export interface PgliteOptions {
  /** A directory for the database files; omit for an in-memory database (tests). */
  dataDir?: string;
  /** A dump (`dumpDataDir`) to start from instead of running initdb, which takes seconds and most of a gigabyte. */
  loadDataDir?: Blob;
  /** PostgreSQL settings over {@link PGLITE_SETTINGS}, given at start (`-c name=value`); the folder's postgresql.conf is left as it is. */
  settings?: Record<string, string>;
  /** Extra initdb arguments, for a database made here (the image build asks for 1 MB WAL segments: a smaller image to unpack). */
  initdbArgs?: string[];
}

/**
 * The embedded engine's settings. PostgreSQL's default `shared_buffers`
 * (128MB) is all resident in the WebAssembly heap from the start; measured
 * through `npm start` (bench/footprint.ts), 16MB took the idle server from
 * about 320 to 190 MB and 8MB about 8 MB more, while 8MB still holds a
 * thousand pages of this schema's hot rows (and the status cache sits in
 * front). `wal_buffers` follows it (1/32). `work_mem`, `max_connections`,
 * `temp_buffers` and `max_locks_per_transaction` were measured too and
 * changed nothing beyond the noise: they are allocated on use.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: '8MB' };

/** The embedded engine: PostgreSQL compiled to WebAssembly, in this process, in a local folder. */
export async function openPglite(options: PgliteOptions = {}): Promise<Db & { pglite: PGlite }> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const settings = Object.entries({ ...PGLITE_SETTINGS, ...options.settings }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    ...(options.loadDataDir && { loadDataDir: options.loadDataDir }),
    ...(options.initdbArgs && { initDbStartParams: options.initdbArgs }),
    // PGlite's own parameters first (single-user mode and the like), then ours.
    startParams: [...PGlite.defaultStartParams, ...settings],
  });
  return {
    engine: 'pglite',
    pglite,
    async query(sql, params = []) {
      const result = await pglite.query(sql, params as unknown[]);
      return result.rows as never[];
    },
    transaction(fn) {
      return pglite.transaction((tx) =>
        fn({
          async query(sql, params = []) {
            const result = await tx.query(sql, params as unknown[]);
            return result.rows as never[];
          },
        }),
      );
    },
    async exec(sql) {
      await pglite.exec(sql);
    },
    // One process owns the folder; hearing its own triggers still catches writes made outside the store (an operator's SQL).
    async listen(channel, handlers) {
      const unlisten = await pglite.listen(channel, handlers.message);
      handlers.up(true);
      return async () => {
        handlers.up(false);
        if (!pglite.closed) await unlisten();
      };
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
