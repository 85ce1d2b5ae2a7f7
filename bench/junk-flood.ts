/**
 * What a flood of junk callbacks (states this server never issued, from one
 * client) costs everyone else: `POST /status/check` of a connected tenant,
 * alone and then under about 600 junk callbacks a second. Junk is counted
 * in memory per client address, so it should cost no database write.
 */
import autocannon from 'autocannon';
import type { ServerUnderLoad } from './child.js';
import type { Row } from './report.js';
import { round } from './stats.js';

const JUNK = `/oauth/callback?code=ac_x&state=${'A'.repeat(43)}.${'B'.repeat(43)}`;

async function checkLatency(server: ServerUnderLoad, seconds: number) {
  const result = await autocannon({
    url: `${server.apiBase}/status/check`,
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, origin: server.origin, 'content-type': 'application/json' },
    body: '{}',
    connections: 4,
    duration: seconds,
  });
  return { p50: result.latency.p50, p99: result.latency.p99, requests: result['2xx'], failed: result.non2xx + result.errors };
}

export async function measureJunkFlood(server: ServerUnderLoad, { seconds = 5, junkPerSecond = 600 } = {}) {
  await checkLatency(server, 2);
  const quiet = await checkLatency(server, seconds);
  const flood = autocannon({ url: `${server.apiBase}${JUNK}`, connections: 10, overallRate: junkPerSecond, duration: seconds + 2 });
  // Let the flood reach its rate before measuring under it.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const flooded = await checkLatency(server, seconds);
  const junk = await flood;
  return {
    quiet,
    flooded,
    ratio: flooded.p50 / Math.max(quiet.p50, 0.001),
    junk: { perSecond: junk.requests.average, limited: junk.non2xx, answered: junk['2xx'] + junk.non2xx },
  };
}

export type JunkFlood = Awaited<ReturnType<typeof measureJunkFlood>>;

export function junkFloodRows(engine: string, flood: JunkFlood): Row[] {
  const section = `POST /status/check under a flood of junk callbacks, ${engine} (one client, ~600/s)`;
  return [
    {
      key: `flood.${engine}.ratio`,
      section,
      label: '/status/check p50 under the flood / without',
      value: round(flood.ratio, 2),
      unit: 'x',
      target: { op: '<=', value: 1.5 },
      note: `${round(flood.flooded.p50, 2)} vs ${round(flood.quiet.p50, 2)} ms; p99 ${round(flood.flooded.p99, 2)} vs ${round(flood.quiet.p99, 2)} ms; ${round(flood.junk.perSecond, 0)} junk/s, ${flood.junk.answered} junk callbacks refused, none written`,
    },
  ];
}
