import type { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { existsSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
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
 *
 * PGlite takes a folder holding PG_VERSION for a database, so the image
 * puts the top-level PG_VERSION last: a first start killed halfway through
 * unpacking leaves a folder without it, which the next start unpacks again
 * (every file rewritten whole), rather than half a database it would open.
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

export interface TarEntry {
  /** The path inside the folder, without a leading slash. */
  name: string;
  directory: boolean;
  /** The file's content. */
  data: Uint8Array;
  /** The whole entry, header and padding included, as it sits in the archive. */
  bytes: Uint8Array;
}

/** A tar archive's entries (ustar: a 512-byte header, then the data padded to 512 bytes), up to its end marker. */
export function tarEntries(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const text = (header: Uint8Array, start: number, length: number) => new TextDecoder().decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    // ustar keeps long paths' directories in a prefix field; entries of PGlite's dumps start with "/".
    const name = [text(header, 345, 155), text(header, 0, 100)].filter(Boolean).join('/').replace(/^\/+/, '');
    const length = 512 + Math.ceil(size / 512) * 512;
    entries.push({ name, directory: header[156] === 0x35, data: archive.subarray(at + 512, at + 512 + size), bytes: archive.subarray(at, at + length) });
    at += length;
  }
  return entries;
}

/**
 * The image of an open, migrated database: its data folder as a gzip'd tar
 * with PG_VERSION last and without the instance's lock file (postmaster.pid:
 * PostgreSQL writes its own at start).
 */
export async function makeImage(db: { pglite: PGlite; exec(sql: string): Promise<void> }): Promise<Buffer> {
  // Everything in the data files, nothing left to replay from the WAL.
  await db.exec('CHECKPOINT');
  const entries = tarEntries(new Uint8Array(await (await db.pglite.dumpDataDir('none')).arrayBuffer()));
  const version = entries.filter((e) => e.name === 'PG_VERSION');
  if (version.length !== 1) throw new Error(`expected one top-level PG_VERSION in PGlite's dump, found ${version.length}`);
  const rest = entries.filter((e) => e.name !== 'PG_VERSION' && e.name !== 'postmaster.pid');
  return gzipSync(Buffer.concat([...[...rest, ...version].map((e) => e.bytes), new Uint8Array(1024)]), { level: 9 });
}
