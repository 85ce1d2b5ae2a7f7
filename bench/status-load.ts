import autocannon from 'autocannon';
import { withRssSampling, type ServerUnderLoad } from './child.js';
import type { Row } from './report.js';
import { round } from './stats.js';

export interface LoadOptions {
  connections?: number;
  /** Discarded runs first: JIT, connection pools and the database's caches warm up. */
  warmupSeconds?: number;
  seconds?: number;
  /** Each round runs both routes; the order alternates (ABBA) so drift falls on both equally. */
  rounds?: number;
}

interface RunFigures {
  route: 'bare' | 'status';
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** The server process's CPU time per answered request: the figure the machine's noise moves least. */
  cpuMicrosPerRequest: number;
  non2xx: number;
  errors: number;
}

async function run(
  server: ServerUnderLoad,
  target: { url: string; headers?: Record<string, string> },
  route: RunFigures['route'],
  connections: number,
  seconds: number,
): Promise<RunFigures> {
  const before = await server.sample();
  const result = await autocannon({ url: target.url, headers: target.headers ?? {}, connections, duration: seconds });
  const after = await server.sample();
  return {
    route,
    // Answered requests per second; only 2xx count, so a failing route cannot look fast.
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result['2xx'],
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, result['2xx']),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/**
 * `GET /status` of a connected tenant against a bare Hono JSON route in the
 * same server process and the same run. The ratio is the figure that
 * survives the machine's noise; the absolute numbers are context.
 */
export async function measureStatusLoad(server: ServerUnderLoad, options: LoadOptions = {}) {
  const { connections = 50, warmupSeconds = 2, seconds = 5, rounds = 2 } = options;
  const targets = {
    bare: { url: `${server.url}/bare` },
    // With the page's Origin, as a browser sends it: the CORS work is part of the route's cost.
    status: { url: `${server.apiBase}/status`, headers: { authorization: `Bearer ${server.token}`, origin: server.origin } },
  };
  await run(server, targets.bare, 'bare', connections, warmupSeconds);
  await run(server, targets.status, 'status', connections, warmupSeconds);
  const idleRss = (await server.sample()).rss;

  const series = async () => {
    const runs: RunFigures[] = [];
    for (let i = 0; i < rounds; i++) {
      const order: RunFigures['route'][] = i % 2 === 0 ? ['bare', 'status'] : ['status', 'bare'];
      for (const route of order) runs.push(await run(server, targets[route], route, connections, seconds));
    }
    return runs;
  };
  const { result: runs, peakRss } = await withRssSampling(server, series());

  const summary = (route: RunFigures['route']) => {
    const mine = runs.filter((r) => r.route === route);
    return {
      rps: mine.reduce((sum, r) => sum + r.rps, 0) / mine.length,
      p50: mine.reduce((sum, r) => sum + r.p50, 0) / mine.length,
      // The worst run's p99: a tail target should hold in every run.
      p99: Math.max(...mine.map((r) => r.p99)),
      cpuMicrosPerRequest: mine.reduce((sum, r) => sum + r.cpuMicrosPerRequest, 0) / mine.length,
      failures: mine.reduce((sum, r) => sum + r.non2xx + r.errors, 0),
    };
  };
  const bare = summary('bare');
  const status = summary('status');
  return {
    connections,
    seconds,
    rounds,
    bare,
    status,
    ratio: status.rps / bare.rps,
    cpuRatio: bare.cpuMicrosPerRequest / status.cpuMicrosPerRequest,
    idleRss,
    peakRss,
    runs: runs.map((r) => ({ ...r, rps: round(r.rps, 0), cpuMicrosPerRequest: round(r.cpuMicrosPerRequest, 1) })),
  };
}

export type StatusLoad = Awaited<ReturnType<typeof measureStatusLoad>>;

export function statusLoadRows(engine: string, load: StatusLoad): Row[] {
  const section = `GET /status under load, ${engine} (autocannon, ${load.connections} connections, ${load.rounds}x${load.seconds}s per route)`;
  const key = `status.${engine}`;
  const failures = load.status.failures + load.bare.failures;
  return [
    {
      key: `${key}.ratio`,
      section,
      label: '/status throughput / bare route',
      value: round(load.ratio, 3),
      unit: 'x',
      target: { op: '>=', value: 0.5 },
      note: `${round(load.status.rps, 0)} vs ${round(load.bare.rps, 0)} req/s${failures ? `; ${failures} failed requests` : ''}`,
    },
    {
      key: `${key}.cpu`,
      section,
      label: 'server CPU per request, bare / /status',
      value: round(load.cpuRatio, 3),
      unit: 'x',
      note: `${round(load.status.cpuMicrosPerRequest, 0)} vs ${round(load.bare.cpuMicrosPerRequest, 0)} µs; the throughput ratio if the server were the only bottleneck`,
    },
    { key: `${key}.status.p50`, section, label: '/status p50 latency', value: round(load.status.p50, 2), unit: 'ms', note: `bare: ${round(load.bare.p50, 2)} ms` },
    {
      key: `${key}.status.p99`,
      section,
      label: '/status p99 latency (worst run)',
      value: round(load.status.p99, 2),
      unit: 'ms',
      target: { op: '<=', value: 20 },
      note: `bare: ${round(load.bare.p99, 2)} ms`,
    },
    {
      key: `${key}.rss.peak`,
      section,
      label: 'server RSS under load (peak sample)',
      value: round(load.peakRss / 2 ** 20, 1),
      unit: 'MB',
      note: `idle after warm-up: ${round(load.idleRss / 2 ** 20, 1)} MB; server, sandbox and ${engine === 'pglite' ? 'PGlite' : 'pg pool'} in one process`,
    },
  ];
}
