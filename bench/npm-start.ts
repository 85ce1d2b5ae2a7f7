/**
 * What `npm start` runs, for the benchmarks that measure the server the way
 * a user starts it: package.json's `start` script as argv (read from it, so
 * a figure follows the script), and its `prestart` (the build) run first.
 * Spawned without npm so that the pid is the server's own.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

async function scripts(): Promise<Record<string, string>> {
  return (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
}

/** `npm start`'s command: `node X` as is, `tsx X` as node with tsx's loader (what the tsx binary runs). */
export async function startCommand(): Promise<string[]> {
  const start = (await scripts()).start ?? '';
  const [bin, ...args] = start.trim().split(/\s+/);
  if (bin === 'node') return [process.execPath, ...args];
  if (bin === 'tsx') return [process.execPath, '--import', 'tsx', ...args];
  throw new Error(`bench: cannot run the start script "${start}" without npm`);
}

/** The command for a table's heading: `node dist/bin/stripe-reconnect.js`. */
export const shown = (command: string[]) => command.map((a) => (a === process.execPath ? 'node' : a)).join(' ');

/** Runs `npm run prestart` (the build when dist/ is stale), as `npm start` does before starting. */
export async function runPrestart(): Promise<void> {
  if (!(await scripts()).prestart) return;
  const run = spawnSync('npm', ['run', '--silent', 'prestart'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`bench: npm run prestart exited with ${run.status}`);
}
