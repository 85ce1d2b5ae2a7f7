/**
 * Start-up time of the server as `npm start` runs it, to the first answered
 * request: spawn the `start` script's command (npm-start.ts: the compiled
 * server, after the `prestart` build; minus npm's own start-up) with PORT
 * and a data folder of its own under scratch/, then poll GET
 * <base>/healthz every 5 ms until it answers 200. The clock starts just
 * before spawn, so it counts Node, loading the modules, opening the store
 * (on a new folder PGlite unpacks the shipped image, or runs initdb without
 * one; on a used folder it opens it; PostgreSQL: a pool and the migrations),
 * the built-in sandbox (a developer's `npm start`: no Stripe keys) and the
 * listen. Its RSS once ready is read from /proc.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET } from '../test/support/constants.js';
import { freePort } from '../test/support/processes.js';
import { POSTGRES_URL } from '../test/support/stores.js';
import { runPrestart, shown, startCommand } from './npm-start.js';
import type { Row } from './report.js';
import { round, sleep } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartupRun {
  kind: 'pglite-fresh' | 'pglite-reopen' | 'postgres';
  /** What was spawned: `npm start`'s command. */
  command: string;
  readyMs: number;
  rssAtReady: number;
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

async function startOnce(command: string[], kind: StartupRun['kind'], env: Record<string, string>): Promise<StartupRun> {
  const port = await freePort();
  const sandboxPort = await freePort();
  const base = `http://127.0.0.1:${port}/stripe-reconnect`;
  const start = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      RECONNECT_API_KEY: API_KEY,
      SESSION_SECRET,
      ENCRYPTION_KEY,
      ALLOWED_ORIGINS: 'https://bench-settings.example',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server (${kind}) exited with ${child.exitCode}: ${stderr.join('')}`);
      if (performance.now() - start > 60_000) throw new Error(`the server (${kind}) did not answer /healthz in 60 s: ${stderr.join('')}`);
      const answer = await fetch(`${base}/healthz`).catch(() => null);
      if (answer?.status === 200) break;
      await answer?.body?.cancel();
      await sleep(5);
    }
    const readyMs = performance.now() - start;
    return { kind, command: shown(command), readyMs, rssAtReady: await rssOf(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    // PGlite closes its store on SIGTERM; insist if it does not.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Each kind twice (in turn), keeping the faster run: start-up is what the process does, not what the neighbours do. */
export async function measureStartup(options: { repeats?: number } = {}): Promise<StartupRun[]> {
  const { repeats = 2 } = options;
  const scratch = join(ROOT, 'scratch', `bench-startup-${process.pid}`);
  const schema = `bench_startup_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  const runs: StartupRun[] = [];
  await runPrestart();
  const command = await startCommand();
  try {
    await admin.connect();
    for (let i = 0; i < repeats; i++) {
      const dataDir = join(scratch, `data-${i}`);
      await mkdir(dataDir, { recursive: true });
      runs.push(await startOnce(command, 'pglite-fresh', { DATA_DIR: dataDir }));
      runs.push(await startOnce(command, 'pglite-reopen', { DATA_DIR: dataDir }));
      // A schema of its own, dropped after, so the run never touches the shared database's tables.
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      // The sandbox with a DATABASE_URL is refused unless said outright (the server fails closed).
      runs.push(await startOnce(command, 'postgres', { DATABASE_URL: url.toString(), STRIPE_MODE: 'sandbox' }));
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end().catch(() => {});
    await rm(scratch, { recursive: true, force: true });
  }
  return runs;
}

const LABELS: Record<StartupRun['kind'], string> = {
  'pglite-fresh': 'PGlite, new data folder (the shipped image; initdb without one)',
  'pglite-reopen': 'PGlite, existing data folder',
  postgres: 'PostgreSQL (migrations on a new schema)',
};

export function startupRows(runs: StartupRun[]): Row[] {
  const section = `start-up: spawn \`${runs[0]?.command ?? 'npm start'}\` (npm start's command) to first 200 from /healthz (best of runs)`;
  return (Object.keys(LABELS) as StartupRun['kind'][]).flatMap((kind) => {
    const mine = runs.filter((r) => r.kind === kind);
    if (mine.length === 0) return [];
    const best = mine.reduce((a, b) => (a.readyMs <= b.readyMs ? a : b));
    return [
      {
        key: `startup.${kind}.ms`,
        section,
        label: LABELS[kind],
        value: round(best.readyMs, 0),
        unit: 'ms',
        // Issue 16's goal for a restart of the embedded default.
        ...(kind === 'pglite-reopen' && { target: { op: '<=', value: 1_500 } as const }),
        note: `runs: ${mine.map((r) => round(r.readyMs, 0)).join(', ')} ms; RSS when ready ${round(best.rssAtReady / 2 ** 20, 1)} MB`,
      },
    ];
  });
}
