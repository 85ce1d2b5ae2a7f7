/**
 * The fleet's figures for `npm run bench` (issue 21): the re-check pass and
 * the fleet routes at scale, each run by its own script in a process of its
 * own, on PostgreSQL (what several instances and a large fleet run on).
 */
import type { Row } from './report.js';
import { round } from './stats.js';

type RunJson = <T>(file: string, args: string[]) => Promise<T>;

interface RecheckPass {
  tenants: number;
  rate: number;
  instances: number;
  reads: number;
  passSeconds: number;
  achievedRate: number;
  accountsReadOnce: number;
  accountsReadTwiceOrMore: number;
  uncheckedAfter: number;
  rss: Array<{ idleMb: number; firstMb: number; lastMb: number; peakMb: number }>;
}

interface Timing {
  p50: number;
  p99: number;
  max: number;
  bytes: number;
  n: number;
}

interface FleetScale {
  tenants: number;
  seedSeconds: number;
  firstPage: Timing;
  deepPage: Timing;
  problemPage: Timing;
  allPage: Timing;
  fleet: Timing;
  metrics: Timing;
}

/** 10,000 connected tenants, two servers on one PostgreSQL, RECHECK_RATE=200. */
export async function recheckSection(runJson: RunJson, rows: Row[], details: Record<string, unknown>): Promise<void> {
  const r = await runJson<RecheckPass>('./recheck-pass.ts', ['10000', '200']);
  const section = `re-check pass, PostgreSQL (${r.tenants.toLocaleString('en-US')} connected tenants, ${r.instances} server processes, RECHECK_RATE=${r.rate}, sandbox over loopback)`;
  rows.push(
    {
      key: 'recheck.rate.ratio',
      section,
      label: 'achieved Stripe calls per second / RECHECK_RATE (first read to last)',
      value: round(r.achievedRate / r.rate, 3),
      unit: 'x',
      target: { op: '>=', value: 0.9 },
      note: `${r.achievedRate}/s over ${r.passSeconds} s; at most 1.1 × would be over budget`,
    },
    {
      key: 'recheck.readTwice',
      section,
      label: 'accounts read more than once in the pass',
      value: r.accountsReadTwiceOrMore,
      unit: 'accounts',
      target: { op: '==', value: 0 },
      note: `${r.reads} reads; ${r.accountsReadOnce} accounts read once; ${r.uncheckedAfter} tenants left unchecked`,
    },
    ...r.rss.map((m, i) => ({
      key: `recheck.rss.${i}`,
      section,
      label: `server ${i + 1} RSS, start of the pass → end`,
      value: m.lastMb,
      unit: 'MB',
      target: { op: '<=' as const, value: round(m.firstMb * 1.1, 1) },
      note: `idle ${m.idleMb} MB, first sample ${m.firstMb} MB, peak ${m.peakMb} MB (tsx in the process)`,
    })),
  );
  if (r.achievedRate > r.rate * 1.1) rows.push({ key: 'recheck.rate.over', section, label: 'over budget', value: r.achievedRate, unit: '/s', target: { op: '<=', value: r.rate * 1.1 } });
  details.recheck = r;
}

/** 100,000 tenants on PostgreSQL: the list, its filters and deep pages, the counts and a scrape. */
export async function fleetSection(runJson: RunJson, rows: Row[], details: Record<string, unknown>): Promise<void> {
  const r = await runJson<FleetScale>('./fleet-scale.ts', ['100000']);
  const section = `fleet routes at ${r.tenants.toLocaleString('en-US')} tenants, PostgreSQL (one request at a time, over loopback)`;
  const row = (key: string, label: string, t: Timing, target: number | null, value: number = t.p99) => ({
    key: `fleet.${key}`,
    section,
    label,
    value,
    unit: 'ms',
    ...(target !== null && { target: { op: '<=' as const, value: target } }),
    note: `p50 ${t.p50} ms, p99 ${t.p99} ms, max ${t.max} ms over ${t.n}; ${t.bytes.toLocaleString('en-US')} B`,
  });
  rows.push(
    row('needsAttention.p99', 'GET /tenants?state=needs_attention (first page, 50), p99', r.firstPage, 50),
    row('deepPage.p99', 'the same, 60 pages in (cursor), p99', r.deepPage, 50),
    row('problem.p99', 'GET /tenants?problem=payments_paused&limit=100, p99', r.problemPage, null),
    row('all500.p99', 'GET /tenants?limit=500, p99', r.allPage, null),
    row('fleet.p99', 'GET /fleet, p99', r.fleet, 50),
    row('metrics.p50', 'GET /metrics scrape, median', r.metrics, 100, r.metrics.p50),
  );
  details.fleet = r;
}
