import { createHash } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS } from './migrations.js';

/**
 * The embedded database's starting image: an empty, migrated PGlite data
 * folder, made at build time (`scripts/build-pglite-image.mjs`) and shipped
 * in `dist/pglite/`. A new folder is loaded from it instead of running
 * initdb, which takes seconds and most of a gigabyte of memory.
 *
 * Its name carries a hash of the migrations it was made with, so an image
 * from another version of the schema is never picked up: without a match
 * the store falls back to initdb, then migrates, as before.
 */
export function imageFileName(migrations: readonly string[] = MIGRATIONS): string {
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
  return `schema-${hash}.tar.gz`;
}

/** Where the build puts images, seen from this module compiled (`dist/server/store/`) or run from source (`server/store/`). */
const IMAGE_DIRS = ['../../pglite/', '../../dist/pglite/'].map((relative) => fileURLToPath(new URL(relative, import.meta.url)));

/** The shipped image for this schema, or null when there is none (not built, or built for other migrations). */
export function findImage(): string | null {
  const name = imageFileName();
  for (const dir of IMAGE_DIRS) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/** The image as a Blob read from disk on demand (not held in memory beside PGlite's own copy). */
export function openImage(path: string): Promise<Blob> {
  // The type tells PGlite to gunzip it.
  return openAsBlob(path, { type: 'application/gzip' }) as Promise<Blob>;
}

/** True when `dataDir` already holds a database: PGlite refuses to load an image over one. */
export function holdsDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}
