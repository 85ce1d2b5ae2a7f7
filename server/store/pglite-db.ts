import { PGlite } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import type { Db } from './db.js';

export interface PgliteOptions {
  /** A directory for the database files; omit for an in-memory database (tests). */
  dataDir?: string;
  /** A dump made by `dumpPglite`, to skip initdb (which takes seconds) in tests and benchmarks. */
  loadDataDir?: Blob;
}

/** The embedded engine: PostgreSQL compiled to WebAssembly, in this process, in a local folder. */
export async function openPglite(options: PgliteOptions = {}): Promise<Db & { pglite: PGlite }> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ?? 'memory://', {
    ...(options.loadDataDir && { loadDataDir: options.loadDataDir }),
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
