/**
 * The backend's memory as `npm start` runs it, on each engine: the resident
 * set (RSS) of the server process, read from /proc, in three moments:
 *
 * - first start: a new data folder (PGlite) or a new schema (PostgreSQL),
 *   from spawn to the first 200 from /healthz; the figure is the process's
 *   high-water mark (VmHWM), so nothing between two samples is missed;
 * - idle after a restart: the same folder or schema, started again, 3 s
 *   after its first answer (VmRSS);
 * - under load: 50 connections of `GET /status` for 5 s (autocannon, in this
 *   process) after a 1 s warm-up; the high-water mark, reset just before.
 *
 * The command is the one package.json's `start` script runs, after its
 * `prestart` (see npm-start.ts). The server is configured as a deployment
 * configures it: real-Stripe mode (the sandbox's credentials, STRIPE_API_URL
 * pointing at a sandbox this process serves), so the figure is the
 * backend's own, without the built-in sandbox in it.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createSandbox, SANDBOX_CREDENTIALS, serveSandbox } from '../server/sandbox/index.js';
import { API_KEY, SESSION_SECRET } from '../test/support/constants.js';
import { freePort } from '../test/support/processes.js';
import { POSTGRES_URL, type Engine } from '../test/support/stores.js';
import { runPrestart, shown, startCommand } from './npm-start.js';
import type { Row } from './report.js';
import { round, sleep } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ORIGIN = 'https://bench-settings.example';
const MB = 2 ** 20;

export interface FootprintRun {
  engine: Engine;
  command: string;
  firstStart: { readyMs: number; peakRss: number };
  restart: { readyMs: number; idleRss: number };
  load: { peakRss: number; requests: number; rps: number; failures: number };
}

async function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  return kb ? Number(kb) * 1024 : Number.NaN;
}

/** Resets the high-water mark (Linux: `5` to clear_refs), so VmHWM reads the peak from now on. */
async function resetPeak(pid: number): Promise<boolean> {
  return writeFile(`/proc/${pid}/clear_refs`, '5').then(
    () => true,
    () => false,
  );
}

interface Running {
  child: ChildProcess;
  base: string;
  readyMs: number;
  stderr: string[];
  stop(): Promise<void>;
}

async function start(command: string[], env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/stripe-reconnect`;
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr.join('')}`);
      if (performance.now() - started > 60_000) throw new Error(`the server did not answer /healthz in 60 s: ${stderr.join('')}`);
      const answer = await fetch(`${base}/healthz`).catch(() => null);
      if (answer?.status === 200) break;
      await answer?.body?.cancel();
      await sleep(5);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, base, readyMs: performance.now() - started, stderr, stop };
}

async function statusLoad(server: Running, seconds: number) {
  const pid = server.child.pid!;
  const session = await fetch(`${server.base}/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantId: 'bench-footprint', origin: ORIGIN }),
  });
  if (!session.ok) throw new Error(`POST /sessions answered ${session.status}: ${await session.text()}`);
  const { token } = (await session.json()) as { token: string };
  const target = { url: `${server.base}/status`, headers: { authorization: `Bearer ${token}`, origin: ORIGIN }, connections: 50 };
  await autocannon({ ...target, duration: 1 });
  const canReset = await resetPeak(pid);
  let sampled = await procStatus(pid, 'VmRSS');
  let done = false;
  const sampler = (async () => {
    while (!done) {
      sampled = Math.max(sampled, await procStatus(pid, 'VmRSS'));
      await sleep(100);
    }
  })();
  const result = await autocannon({ ...target, duration: seconds });
  done = true;
  await sampler;
  const hwm = canReset ? await procStatus(pid, 'VmHWM') : Number.NaN;
  return {
    peakRss: Number.isNaN(hwm) ? sampled : Math.max(hwm, sampled),
    requests: result['2xx'],
    rps: result['2xx'] / result.duration,
    failures: result.non2xx + result.errors,
  };
}

async function storage(engine: Engine, scratch: string): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = join(scratch, `data-${randomBytes(4).toString('hex')}`);
    return { env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const schema = `bench_fp_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString() },
    async cleanup() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** One engine: first start, restart and idle, load; each on the server `npm start` runs. */
export async function measureFootprint(engine: Engine, options: { loadSeconds?: number; idleMs?: number; command?: string[] } = {}): Promise<FootprintRun> {
  const { loadSeconds = 5, idleMs = 3_000 } = options;
  if (!options.command) await runPrestart();
  const command = options.command ?? (await startCommand());
  const scratch = join(ROOT, 'scratch', `bench-footprint-${process.pid}`);
  await mkdir(scratch, { recursive: true });
  const sandbox = await serveSandbox(createSandbox());
  const store = await storage(engine, scratch);
  const env = {
    STRIPE_SECRET_KEY: SANDBOX_CREDENTIALS.secretKey,
    STRIPE_CLIENT_ID: SANDBOX_CREDENTIALS.clientId,
    STRIPE_WEBHOOK_SECRET: SANDBOX_CREDENTIALS.webhookSecret,
    STRIPE_API_URL: sandbox.url,
    RECONNECT_API_KEY: API_KEY,
    SESSION_SECRET,
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ALLOWED_ORIGINS: ORIGIN,
    LOG_LEVEL: 'warn',
    ...store.env,
  };
  try {
    const first = await start(command, env);
    await sleep(500);
    const firstStart = { readyMs: first.readyMs, peakRss: await procStatus(first.child.pid!, 'VmHWM') };
    await first.stop();

    const again = await start(command, env);
    try {
      await sleep(idleMs);
      const restart = { readyMs: again.readyMs, idleRss: await procStatus(again.child.pid!, 'VmRSS') };
      const load = await statusLoad(again, loadSeconds);
      return { engine, command: shown(command), firstStart, restart, load };
    } finally {
      await again.stop();
    }
  } finally {
    await store.cleanup().catch(() => {});
    await sandbox.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The goals of issue 16, per engine (MB); PostgreSQL's first start is not one of them. */
const GOALS: Record<Engine, { first?: number; idle: number; load: number }> = {
  pglite: { first: 300, idle: 150, load: 250 },
  postgres: { idle: 100, load: 150 },
};

export function footprintRows(runs: FootprintRun[]): Row[] {
  return runs.flatMap((run) => {
    const goal = GOALS[run.engine];
    const section = `memory of the server as \`npm start\` runs it (${run.command}), ${run.engine}: RSS from /proc`;
    const key = `footprint.${run.engine}`;
    return [
      {
        key: `${key}.firstStart.peak`,
        section,
        label: `first start on a new ${run.engine === 'pglite' ? 'folder' : 'schema'}, peak`,
        value: round(run.firstStart.peakRss / MB, 1),
        unit: 'MB',
        ...(goal.first && { target: { op: '<=', value: goal.first } as const }),
        note: `first answer after ${round(run.firstStart.readyMs, 0)} ms`,
      },
      {
        key: `${key}.idle`,
        section,
        label: 'idle after a restart',
        value: round(run.restart.idleRss / MB, 1),
        unit: 'MB',
        target: { op: '<=', value: goal.idle },
        note: `3 s after its first answer, ${round(run.restart.readyMs, 0)} ms after spawn`,
      },
      {
        key: `${key}.load.peak`,
        section,
        label: '50-connection GET /status load, peak',
        value: round(run.load.peakRss / MB, 1),
        unit: 'MB',
        target: { op: '<=', value: goal.load },
        note: `${round(run.load.rps, 0)} req/s${run.load.failures ? `; ${run.load.failures} failed` : ''}`,
      },
    ];
  });
}
