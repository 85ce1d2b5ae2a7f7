#!/usr/bin/env node
/**
 * Runs test files with node's test runner in a few processes rather than one
 * process per file.
 *
 *   node test/support/run-grouped.mjs <processes> <file or directory>...
 *
 * Each process of `node --test` loads tsx, the server, the sandbox and an
 * embedded database before its first test: about 2.5 s of CPU, more than many
 * files' tests take. Here the files are shared out between `<processes>`
 * entry modules (largest first, each to the lightest group), and each entry
 * imports its files, so their tests run in order in one process while the
 * groups run side by side. A file's tests run in its own order, as alone; its
 * top-level `before` and `after` hooks (a stack for the whole file) run when
 * its group starts and ends, so such a file keeps its stack a little longer.
 * The end-to-end files, each with a browser and a demo started that way, stay
 * one process each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const [count, ...targets] = process.argv.slice(2);
const processes = Number(count);
if (!Number.isInteger(processes) || processes < 1 || !targets.length) {
  process.stderr.write('usage: run-grouped.mjs <processes> <file or directory>...\n');
  process.exit(2);
}

const files = targets.flatMap((target) => {
  const path = resolve(target);
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(path, name));
});

const groups = Array.from({ length: Math.min(processes, files.length) }, () => ({ size: 0, files: [] }));
for (const file of files.map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size)) {
  const lightest = groups.reduce((a, b) => (b.size < a.size ? b : a));
  lightest.size += file.size;
  lightest.files.push(file.f);
}

const dir = mkdtempSync(join(tmpdir(), 'stripe-reconnect-groups-'));
const entries = groups.map((group, i) => {
  const entry = join(dir, `group-${i + 1}.test.mjs`);
  // Sorted again so a group runs its files in the same order on every machine.
  writeFileSync(entry, group.files.sort().map((f) => `import ${JSON.stringify(pathToFileURL(f).href)};\n`).join(''));
  return entry;
});

const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${entries.length}`, ...entries], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
