#!/usr/bin/env node
/**
 * Writes dist/pglite/schema-<hash>.tar.gz: an empty PGlite data folder with
 * every migration of the compiled server applied, which a new embedded store
 * loads instead of running initdb (see server/store/pglite-image.ts). Run by
 * `npm run build:server`, after tsc: the schema comes from the compiled
 * MIGRATIONS, so a new migration makes a new image (and a new name).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'dist/pglite';
const { openPglite } = await import('../dist/server/store/pglite-db.js');
const { migrate } = await import('../dist/server/store/migrations.js');
const { imageFileName, makeImage } = await import('../dist/server/store/pglite-image.js');

// 1 MB WAL segments (PostgreSQL's default is 16 MB, preallocated): 29 MB to unpack at a first start rather than 39.
const db = await openPglite({ initdbArgs: ['--wal-segsize=1'] });
await migrate(db);
const image = await makeImage(db);
await db.close();

mkdirSync(DIR, { recursive: true });
const name = imageFileName();
// Images of other schemas would never be picked; they only take room.
for (const old of readdirSync(DIR)) if (old !== name) rmSync(join(DIR, old), { force: true });
writeFileSync(join(DIR, name), image);
process.stdout.write(`${join(DIR, name)}: ${(image.length / 2 ** 20).toFixed(1)} MB\n`);
