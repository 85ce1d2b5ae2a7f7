#!/usr/bin/env node
/**
 * `npm start`'s prestart: builds the server (`npm run build:server`: tsc, the
 * bin, the PGlite image) when dist/ is missing or older than its sources, so
 * `npm start` runs compiled JavaScript on a fresh clone and after an edit,
 * and costs a few file stats otherwise.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['server', 'contract', 'scripts/build-pglite-image.mjs', 'scripts/write-bin.mjs', 'tsconfig.json', 'tsconfig.build.json'];
const OUTPUTS = ['dist/server/main.js', 'dist/bin/stripe-reconnect.js', 'dist/pglite'];

/** The newest (or oldest) modification time under a path, files only; null when it does not exist or holds none. */
function mtime(path, pick) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return null;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  const times = readdirSync(path).map((name) => mtime(join(path, name), pick)).filter((t) => t !== null);
  return times.length ? pick(...times) : null;
}

const newestSource = Math.max(...SOURCES.map((p) => mtime(p, Math.max) ?? 0));
const outputs = OUTPUTS.map((p) => mtime(p, Math.max));
const stale = outputs.some((t) => t === null || t < newestSource);
if (stale) {
  process.stderr.write('stripe-reconnect: building the server (npm run build:server)…\n');
  // The npm that runs this script (npm_execpath), so that it works where `npm` is a .cmd too.
  const npm = process.env.npm_execpath;
  const run = npm
    ? spawnSync(process.execPath, [npm, 'run', '--silent', 'build:server'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
