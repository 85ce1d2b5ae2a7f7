import type { PGlite } from '@electric-sql/pglite';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createEmbeddedStore, type Db, type Store } from '../../server/store/index.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { imageFileName, makeImage, tarEntries } from '../../server/store/pglite-image.js';
import { freshStore, testEngine } from '../support/stores.js';

async function schemaVersion(store: Store): Promise<number> {
  const [row] = await store.db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations');
  return row!.version;
}

describe('a new embedded database starts from the migrated image, not initdb', { skip: testEngine() !== 'pglite' && 'the embedded engine only' }, () => {
  let scratch: string;
  let image: Buffer;
  let imagePath: string;

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'reconnect-image-'));
    const source = await freshStore('pglite');
    image = await makeImage(source.db as Db & { pglite: PGlite; exec(sql: string): Promise<void> });
    await source.close();
    imagePath = join(scratch, imageFileName());
    await writeFile(imagePath, image);
  });
  after(() => rm(scratch, { recursive: true, force: true }));

  test('a new folder gets the migrated schema; restarted, it is opened as the database it became', async () => {
    const dataDir = join(scratch, 'new');
    let store = await createEmbeddedStore({ dataDir, image: imagePath });
    assert.equal(await schemaVersion(store), MIGRATIONS.length);
    await store.db.query("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('kept', 1, 7)");
    await store.close();
    // PGlite refuses to load an image over a database: the second start must open the folder, not unpack again.
    store = await createEmbeddedStore({ dataDir, image: imagePath });
    try {
      assert.deepEqual(await store.db.query("SELECT hits FROM rate_limits WHERE bucket = 'kept'"), [{ hits: 7 }]);
    } finally {
      await store.close();
    }
  });

  test('a first start killed while unpacking is unpacked again on the next start', async () => {
    const entries = tarEntries(gunzipSync(image));
    assert.equal(entries.at(-1)?.name, 'PG_VERSION', 'PG_VERSION comes last, so a half-unpacked folder never looks like a database');
    assert.ok(!entries.some((e) => e.name === 'postmaster.pid'), 'no lock file of the instance that made the image');
    // What the kill left: every entry but the last written, and the file being written when it came cut short.
    const dataDir = join(scratch, 'killed');
    for (const entry of entries.slice(0, -1)) {
      const path = join(dataDir, entry.name);
      if (entry.directory) await mkdir(path, { recursive: true });
      else {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, entry.data);
      }
    }
    await writeFile(join(dataDir, 'global', 'pg_control'), Buffer.from('cut'));
    const store = await createEmbeddedStore({ dataDir, image: imagePath });
    try {
      assert.equal(await schemaVersion(store), MIGRATIONS.length);
      assert.deepEqual(await store.db.query('SELECT count(*)::int AS n FROM tenants'), [{ n: 0 }]);
    } finally {
      await store.close();
    }
  });

  test('an image is named after the migrations it holds: another schema never picks it up', () => {
    assert.notEqual(imageFileName([...MIGRATIONS, 'CREATE TABLE later (id int)']), imageFileName());
    assert.equal(imageFileName([...MIGRATIONS]), imageFileName());
  });
});
