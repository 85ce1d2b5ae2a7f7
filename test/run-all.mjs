#!/usr/bin/env node
// `npm test`: every suite, in order, each with its own exit status, then one summary line.
// Runs them all even when one fails, so a red run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

const suites = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['unit (pure rules)', 'npm', ['run', '--silent', 'test:unit']],
  ['sandbox', 'npm', ['run', '--silent', 'test:sandbox']],
  ['server (embedded PGlite)', 'npm', ['run', '--silent', 'test:server']],
  ['server (PostgreSQL)', 'npm', ['run', '--silent', 'test:server:pg']],
  ['reliability (embedded PGlite)', 'npm', ['run', '--silent', 'test:reliability']],
  ['reliability (PostgreSQL, three instances)', 'npm', ['run', '--silent', 'test:reliability:pg']],
  ['element (Chromium)', 'npm', ['run', '--silent', 'test:widget']],
  ['end-to-end (demo in Chromium)', 'npm', ['run', '--silent', 'test:e2e']],
  ['package and examples (build, manifest, Hono and Express mounts, pages in Chromium)', 'npm', ['run', '--silent', 'test:examples']],
];

const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args] of suites) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const started = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const run = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  results.push({ name, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds}s)\n`);
const failed = results.filter((r) => !r.ok);
process.stdout.write(`\nSUMMARY: ${results.length - failed.length}/${results.length} suites passed${failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}\n`);
process.exit(failed.length ? 1 : 0);
