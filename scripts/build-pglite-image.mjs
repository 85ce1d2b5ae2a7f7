#!/usr/bin/env node
/**
 * Writes dist/pglite/schema-<hash>.tar.gz: an empty PGlite data folder with
 * every migration of the compiled server applied, which a new embedded store
 * loads instead of running initdb (see server/store/pglite-image.ts). Run by
 * `npm run build:server`, after tsc: the schema comes from the compiled
 * MIGRATIONS, so a new migration makes a new image (and a new name).
 *
 * The dumping instance's postmaster.pid is left out, and the top-level PG_VERSION is moved to the end of the archive: PGlite takes
 * a folder with PG_VERSION for a database, so a first start killed halfway
 * through unpacking leaves a folder without it, which the next start fills
 * again, rather than half a database it would try to open.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { gzipSync } from 'node:zlib';

const DIR = 'dist/pglite';
const { openPglite } = await import('../dist/server/store/pglite-db.js');
const { migrate } = await import('../dist/server/store/migrations.js');
const { imageFileName } = await import('../dist/server/store/pglite-image.js');

// 1 MB WAL segments (PostgreSQL's default is 16 MB, preallocated): 29 MB to unpack at a first start rather than 39.
const db = await openPglite({ initdbArgs: ['--wal-segsize=1'] });
await migrate(db);
// Everything in the data files, nothing left to replay from the WAL.
await db.exec('CHECKPOINT');
const tar = new Uint8Array(await (await db.pglite.dumpDataDir('none')).arrayBuffer());
await db.close();

/** The archive's entries as [name, bytes] (ustar: a 512-byte header, then the data padded to 512), up to the end marker. */
function entries(archive) {
  const out = [];
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => new TextDecoder().decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const length = 512 + Math.ceil(size / 512) * 512;
    out.push([name, archive.subarray(at, at + length)]);
    at += length;
  }
  return out;
}

const all = entries(tar);
const isVersion = ([name]) => name.replace(/^\/+/, '') === 'PG_VERSION';
const version = all.filter(isVersion);
if (version.length !== 1) throw new Error(`build-pglite-image: expected one top-level PG_VERSION in PGlite's dump, found ${version.length}`);
// postmaster.pid is the dumping instance's lock file: PostgreSQL writes its own at start.
const isLock = ([name]) => name.replace(/^\/+/, '') === 'postmaster.pid';
const reordered = [...all.filter((e) => !isVersion(e) && !isLock(e)), ...version].map(([, bytes]) => bytes);
const image = gzipSync(Buffer.concat([...reordered, new Uint8Array(1024)]), { level: 9 });

mkdirSync(DIR, { recursive: true });
const name = imageFileName();
// Images of other schemas would never be picked; they only take room.
for (const old of readdirSync(DIR)) if (old !== name) rmSync(join(DIR, old), { force: true });
writeFileSync(join(DIR, name), image);
process.stdout.write(`${join(DIR, name)}: ${all.length} entries, ${(tar.length / 2 ** 20).toFixed(1)} MB, ${(image.length / 2 ** 20).toFixed(1)} MB gzip\n`);
