import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../server/store/pglite-db.js';
import { migrate, MIGRATIONS } from '../../server/store/migrations.js';
import { createPostgresStore, createStore, type Store } from '../../server/store/index.js';

export type Engine = 'pglite' | 'postgres';

/** The engine a test run uses: `TEST_DB=postgres` for the PostgreSQL pass of the suite. */
export function testEngine(): Engine {
  const value = process.env.TEST_DB ?? 'pglite';
  if (value !== 'pglite' && value !== 'postgres') throw new Error(`TEST_DB must be pglite or postgres, got ${value}`);
  return value;
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let template: Promise<Blob> | null = null;

/**
 * A migrated, empty PGlite image, made once and kept on disk for the test
 * processes that follow: initdb costs seconds, loading the image under one.
 * Keyed by the schema, so a new migration makes a new image.
 */
function pgliteTemplate(): Promise<Blob> {
  template ??= (async () => {
    const key = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 16);
    const file = join(tmpdir(), 'stripe-reconnect-tests', `pglite-${key}.tar`);
    try {
      return new Blob([await readFile(file)]);
    } catch {
      const db = await openPglite();
      await migrate(db);
      const blob = await db.pglite.dumpDataDir('none');
      await db.close();
      await mkdir(join(tmpdir(), 'stripe-reconnect-tests'), { recursive: true });
      // Written aside then renamed, so a parallel test process never reads half a file.
      const partial = `${file}.${process.pid}`;
      await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
      await rename(partial, file);
      return blob;
    }
  })();
  return template;
}

/** A fresh, empty store on the engine under test; on PostgreSQL in a schema of its own, dropped on close. */
export async function freshStore(engine: Engine = testEngine()): Promise<Store & { schema?: string }> {
  if (engine === 'pglite') return createStore(await openPglite({ loadDataDir: await pgliteTemplate() }));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await createPostgresStore({ connectionString: POSTGRES_URL, schema });
  return {
    ...store,
    schema,
    async close() {
      await store.db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await store.close();
    },
  };
}
