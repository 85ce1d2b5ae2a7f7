#!/usr/bin/env node
// `npm test`: every suite, each with its own exit status, then one summary line.
// Runs them all even when one fails, so a red run shows everything that is wrong.
//
// Two suites run at a time: most of a suite's time is spent waiting (on
// Chromium, on re-check intervals, on the database), so one at a time kept two
// cores about half busy. They are taken longest first, each by whichever
// runner is free. They share nothing: every server listens on a port the OS
// picks, every PostgreSQL store has a schema of its own, and only the
// examples build `dist/`. Each suite's output is printed whole when it ends,
// so the log reads suite by suite.
//
//   npm test                 every suite
//   npm test -- server e2e   the suites whose names start with these words
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const RUNNERS = 2;

/** The suites, longest first (as measured on 2 cores), and the report's order. */
const suites = [
  ['end-to-end (demo in Chromium)', ['test:e2e']],
  ['element (Chromium)', ['test:widget']],
  ['server (embedded PGlite)', ['test:server']],
  ['server (PostgreSQL)', ['test:server:pg']],
  ['reliability (embedded PGlite)', ['test:reliability']],
  ['package and examples (build, manifest, Hono and Express mounts, pages in Chromium)', ['test:examples']],
  ['reliability (PostgreSQL, three instances)', ['test:reliability:pg']],
  ['typecheck', ['typecheck']],
  ['lint', ['lint']],
  ['unit (pure rules)', ['test:unit']],
  ['sandbox', ['test:sandbox']],
];
const order = suites.map(([name]) => name);

const only = process.argv.slice(2);
const wanted = ([name]) => !only.length || only.some((o) => name.startsWith(o));

/** Runs one npm script, its output kept whole; resolves to its result. */
function runSuite(name, script) {
  return new Promise((resolve) => {
    const started = Date.now();
    process.stdout.write(`--- ${name}: started\n`);
    const child = spawn('npm', ['run', '--silent', ...script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const done = (ok, note = '') => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`\n=== ${name} (${seconds}s) ===\n${Buffer.concat(output).toString()}${note}\n`);
      resolve({ name, ok, seconds });
    };
    child.on('error', (error) => done(false, `could not start: ${error.message}`));
    child.on('close', (code) => done(code === 0));
  });
}

const queue = suites.filter(wanted);

/** One runner: takes the next suite in the queue until none is left. */
async function runner() {
  const results = [];
  for (let next = queue.shift(); next; next = queue.shift()) results.push(await runSuite(...next));
  return results;
}

const started = Date.now();
const results = (await Promise.all(Array.from({ length: RUNNERS }, runner))).flat().sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
process.stdout.write('\n');
for (const r of results) process.stdout.write(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name} (${r.seconds}s)\n`);
const failed = results.filter((r) => !r.ok);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
process.stdout.write(
  `\nSUMMARY: ${results.length - failed.length}/${results.length} suites passed in ${minutes} min${failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}\n`,
);
process.exit(failed.length ? 1 : 0);
