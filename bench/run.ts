/**
 * `npm run bench`: every figure of the benchmark in one run, printed as a
 * table (value, target, PASS/MISS) and written to bench/results.json.
 *
 *   npm run bench                       everything (about 3–4 minutes)
 *   npm run bench -- --only size,load   some sections: size, memory, load, callback, outbox, startup, storage, recheck, fleet
 *   npm run bench -- --engines pglite   one engine (default both: pglite,postgres)
 *
 * A partial run (--only or --engines) writes scratch/bench-results.json
 * instead, so the committed results always come from a whole run.
 * See bench/README.md for what each figure means.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../test/support/stores.js';
import { startReceiver } from '../test/support/receiver.js';
import { startServerUnderLoad, type ServerUnderLoad } from './child.js';
import { firstPaintRows, measureFirstPaint } from './first-paint.js';
import { fleetSection, recheckSection } from './fleet-sections.js';
import { measureCallbacks, measureCoalescing, type CallbackSummary } from './flows.js';
import { footprintRows, measureFootprint, type FootprintRun } from './footprint.js';
import { renderTable, writeResults, type Row } from './report.js';
import { measureSize, sizeRows } from './size.js';
import { measureStartup, startupRows } from './startup.js';
import { round } from './stats.js';
import type { Checkpoint } from '../test/support/churn.js';
import { measureStatusLoad, statusLoadRows } from './status-load.js';

const SECTIONS = ['size', 'memory', 'load', 'callback', 'outbox', 'startup', 'storage', 'recheck', 'fleet'] as const;
type Section = (typeof SECTIONS)[number];

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return null;
    return argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : (argv[i + 1] ?? '');
  };
  const only = value('--only')?.split(',').filter(Boolean) ?? null;
  for (const s of only ?? []) if (!SECTIONS.includes(s as Section)) throw new Error(`--only: unknown section ${s} (one of ${SECTIONS.join(', ')})`);
  const engines = (value('--engines')?.split(',').filter(Boolean) ?? ['pglite', 'postgres']) as Engine[];
  for (const e of engines) if (e !== 'pglite' && e !== 'postgres') throw new Error(`--engines: unknown engine ${e}`);
  return { sections: (only ?? [...SECTIONS]) as Section[], engines, partial: only !== null || engines.length < 2 };
}

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

/** Runs a bench script in a process of its own and parses the JSON line it prints last. */
function runJsonChild<T>(file: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const last = lines.at(-1);
      if (code === 0 && last) resolve(JSON.parse(last) as T);
      else reject(new Error(`${file} ${args.join(' ')} exited with ${code}: ${stderr.join('').slice(-2_000)}`));
    });
  });
}

async function withServer<T>(server: Promise<ServerUnderLoad>, fn: (server: ServerUnderLoad) => Promise<T>): Promise<T> {
  const running = await server;
  try {
    return await fn(running);
  } finally {
    await running.stop();
  }
}

/** GET /status against the bare route, then the 1,000-request burst of checks, on one engine. */
async function loadSection(engine: Engine, rows: Row[], details: Record<string, unknown>) {
  await withServer(startServerUnderLoad(engine), async (server) => {
    const load = await measureStatusLoad(server);
    rows.push(...statusLoadRows(engine, load));
    const burst = await measureCoalescing(server);
    const section = `POST /status/check burst, ${engine}`;
    rows.push(
      {
        key: `coalescing.${engine}.stripeCalls`,
        section,
        label: `${burst.requests} concurrent checks of one account: Stripe calls`,
        value: burst.stripeCalls,
        unit: 'calls',
        target: { op: '==', value: 1 },
        note: `${burst.failed} failed; burst answered in ${round(burst.wallMs, 0)} ms`,
      },
      {
        key: `coalescing.${engine}.rss.peak`,
        section,
        label: 'server RSS during the burst (peak sample)',
        value: mb(burst.peakRss),
        unit: 'MB',
        note: `before: ${mb(burst.idleRss)} MB; server, sandbox and ${engine === 'pglite' ? 'PGlite' : 'pg pool'} in one process`,
      },
    );
    details[`load.${engine}`] = load;
    details[`coalescing.${engine}`] = burst;
  });
}

function callbackRows(section: string, key: string, s: CallbackSummary): Row[] {
  return [
    {
      key: `${key}.own.median`,
      section,
      label: 'callback + completion own cost (median: total − time in sandbox)',
      value: round(s.ownMedian, 2),
      unit: 'ms',
      target: { op: '<=', value: 5 },
      note: `p90 ${round(s.ownP90, 2)} ms; ${s.n} reconnects; ${s.stripeCallsPerCallback} Stripe calls each`,
    },
    {
      key: `${key}.total.median`,
      section,
      label: 'callback + completion round trips from the client (median)',
      value: round(s.totalMedian, 2),
      unit: 'ms',
      note: `p90 ${round(s.totalP90, 2)} ms; of which in the sandbox: ${round(s.sandboxMedian, 2)} ms (median)`,
    },
  ];
}

/**
 * On each engine: reconnect round trips with no host webhook, interleaved
 * with the same on a second server whose HOST_WEBHOOK_URL never answers.
 */
async function callbackSection(engine: Engine, rows: Row[], details: Record<string, unknown>) {
  const hanging = await startReceiver();
  hanging.respond = () => 'hang';
  try {
    await withServer(startServerUnderLoad(engine), (plain) =>
      withServer(startServerUnderLoad(engine, { hostWebhookUrl: hanging.url }), async (hooked) => {
        const [none, hang] = await measureCallbacks([plain, hooked]);
        const section = `OAuth callback and completion, ${engine} (reconnect of a disconnected tenant, same account; sandbox over loopback)`;
        rows.push(...callbackRows(section, `callback.${engine}`, none!));
        rows.push({
          key: `callback.${engine}.hangingHost.ratio`,
          section,
          label: 'callback + completion median, hanging host webhook / no webhook',
          value: round(hang!.totalMedian / none!.totalMedian, 3),
          unit: 'x',
          target: { op: '<=', value: 1.2 },
          note: `${round(hang!.totalMedian, 2)} vs ${round(none!.totalMedian, 2)} ms; own cost ${round(hang!.ownMedian, 2)} vs ${round(none!.ownMedian, 2)} ms; ${hanging.received.length} deliveries hanging`,
        });
        details[`callback.${engine}`] = { noWebhook: none, hangingWebhook: hang, deliveriesHeld: hanging.received.length };
      }),
    );
  } finally {
    await hanging.close();
  }
}

interface OutboxResult {
  events: number;
  tenants: number;
  changesPerTenant: number;
  received: number;
  undelivered: number;
  enqueueMs: number;
  deliverMs: number;
  perSecond: number;
}

/** Two backlog sizes: the claim query's cost grows with the backlog, and the pair shows by how much. */
async function outboxSection(engine: Engine, rows: Row[], details: Record<string, unknown>) {
  for (const tenants of [100, 250]) await outboxRun(engine, tenants, rows, details);
}

async function outboxRun(engine: Engine, tenants: number, rows: Row[], details: Record<string, unknown>) {
  const result = await runJsonChild<OutboxResult>('./outbox-child.ts', [engine, String(tenants), '4']);
  rows.push({
    key: `outbox.${engine}.${result.events}.perSecond`,
    section: 'host-webhook outbox (delivery worker to a local receiver answering 200)',
    label: `deliveries per second, ${engine}, backlog of ${result.events}`,
    value: round(result.perSecond, 0),
    unit: '/s',
    note: `${result.events} events (${result.tenants} tenants × ${result.changesPerTenant} changes) in ${round(result.deliverMs, 0)} ms; ${result.received} received, ${result.undelivered} left`,
  });
  details[`outbox.${engine}.${result.events}`] = result;
}

interface StorageResult {
  engine: Engine;
  flows: number;
  tenants: number;
  seconds: number;
  delivered: number;
  checkpoints: Checkpoint[];
}

/**
 * 10,000 flows on one engine (bench/storage.ts, four months of the app's
 * clock): each table's rows before and after, and at the quarters between.
 * Flat means the count after the last quarter is no higher (within 5%) than
 * after the first one past the 30-day retention (the second checkpoint).
 */
async function storageSection(engine: Engine, rows: Row[], details: Record<string, unknown>) {
  const result = await runJsonChild<StorageResult>('./storage.ts', [engine, '10000', '20']);
  const [before, ...after] = result.checkpoints;
  const last = after.at(-1)!;
  const steady = after[1] ?? last;
  const n = (v: number) => v.toLocaleString('en-US');
  for (const table of Object.keys(last.counts) as Array<keyof Checkpoint['counts']>) {
    rows.push({
      key: `storage.${engine}.${table}`,
      section: `storage after ${n(result.flows)} flows, ${engine} (${result.tenants} tenants, ${round(result.seconds, 0)} s; housekeeping on traffic)`,
      label: `rows in ${table}: before → after`,
      value: last.counts[table],
      unit: 'rows',
      // Flat: no more than after 5,000 flows, give or take the few events that depend on how webhooks interleave.
      target: { op: '<=', value: Math.max(Math.ceil(steady.counts[table] * 1.05), table === 'attempts' ? 100 * result.tenants : 0) },
      note: `before ${n(before!.counts[table])}; after ${after.map((c) => `${n(c.flows)}: ${n(c.counts[table])}`).join(', ')}`,
    });
  }
  details[`storage.${engine}`] = result;
}

async function main() {
  const { sections, engines, partial } = parseArgs(process.argv.slice(2));
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  const started = performance.now();
  const step = async (name: string, fn: () => Promise<void>) => {
    process.stderr.write(`bench: ${name}…\n`);
    const t = performance.now();
    try {
      await fn();
    } catch (error) {
      // One broken section must not hide the others' figures.
      process.stderr.write(`bench: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      rows.push({ key: `${name.replace(/\W+/g, '.')}.error`, section: name, label: `${name} could not run`, value: null, unit: '', note: String(error).slice(0, 200) });
    }
    process.stderr.write(`bench: ${name} done in ${round((performance.now() - t) / 1000, 1)} s\n`);
  };

  if (sections.includes('size')) {
    await step('size', async () => {
      const variants = await measureSize();
      rows.push(...sizeRows(variants));
      const paint = await measureFirstPaint();
      rows.push(...firstPaintRows(paint));
      details.size = variants;
      details.firstPaint = paint;
    });
  }
  if (sections.includes('memory')) {
    // Before the load sections: the figures that must hold on a small machine, measured while it is calmest.
    const runs: FootprintRun[] = [];
    for (const engine of engines) await step(`memory ${engine}`, async () => void runs.push(await measureFootprint(engine)));
    rows.push(...footprintRows(runs));
    details.memory = runs;
  }
  for (const engine of engines) {
    if (sections.includes('load')) await step(`load ${engine}`, () => loadSection(engine, rows, details));
  }
  for (const engine of engines) {
    if (sections.includes('callback')) await step(`callback ${engine}`, () => callbackSection(engine, rows, details));
  }
  for (const engine of engines) {
    if (sections.includes('outbox')) await step(`outbox ${engine}`, () => outboxSection(engine, rows, details));
  }
  for (const engine of engines) {
    if (sections.includes('storage')) await step(`storage ${engine}`, () => storageSection(engine, rows, details));
  }
  // PostgreSQL only: several servers on one database, and a fleet of 100,000.
  if (sections.includes('recheck') && engines.includes('postgres')) await step('recheck', () => recheckSection(runJsonChild, rows, details));
  if (sections.includes('fleet') && engines.includes('postgres')) await step('fleet', () => fleetSection(runJsonChild, rows, details));
  if (sections.includes('startup')) {
    await step('startup', async () => {
      const runs = await measureStartup();
      rows.push(...startupRows(runs));
      details.startup = runs;
    });
  }

  details.run = { sections, engines, seconds: round((performance.now() - started) / 1000, 1), at: new Date().toISOString() };
  console.log(renderTable(rows));
  const path = partial ? fileURLToPath(new URL('../scratch/bench-results.json', import.meta.url)) : fileURLToPath(new URL('./results.json', import.meta.url));
  if (partial) await mkdir(fileURLToPath(new URL('../scratch/', import.meta.url)), { recursive: true });
  await writeResults(path, rows, details);
  console.log(`\nwritten to ${path} (${round((performance.now() - started) / 1000, 0)} s)`);
}

main().then(
  // Sockets of the load generator can linger; the figures are written, so leave now.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
