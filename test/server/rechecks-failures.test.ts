/**
 * Re-checks under Stripe's failures and the budget: a storm of 5xx, 429 or
 * a refused platform key changes no tenant (and a 429 slows every re-check
 * down); the budget holds; a budget too small for the fleet is said.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FleetSummary } from '../../contract/fleet.js';
import { createApp } from '../../server/app.js';
import { createLogger } from '../../server/logger.js';
import type { FaultKind } from '../../server/sandbox/index.js';
import { checkedAtOf, connectedFleet, seedTenants, sleep, waitFor } from '../support/fleet.js';
import { sharedStacks } from '../support/shared.js';
import { API_KEY, ENCRYPTION_KEY, SESSION_SECRET, type Stack } from '../support/stack.js';

const shared = sharedStacks();
const METRICS_TOKEN = 'metrics-token-for-the-recheck-tests-0001';
const LONG_AGO = new Date(Date.now() - 86_400_000);

/** What a re-check may change: everything but the schedule column. */
async function rows(stack: Stack, prefix: string): Promise<string> {
  const found = await stack.store.db.query(`SELECT * FROM tenants WHERE tenant_id LIKE $1 ORDER BY tenant_id`, [`${prefix}-%`]);
  return JSON.stringify(found.map(({ recheck_due_at: _, ...rest }) => rest));
}

async function scrape(stack: Stack): Promise<string> {
  return (await fetch(`${stack.apiBase}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
}

function counted(metrics: string, line: string): number {
  return Number(metrics.split('\n').find((l) => l.startsWith(line))?.split(' ').at(-1) ?? 0);
}

describe('re-checks when Stripe fails', () => {
  for (const [kind, what] of [
    ['error_500', '5xx'],
    ['error_429', '429'],
    ['error_401', 'the platform key refused'],
  ] as Array<[FaultKind, string]>) {
    test(`a storm of ${what} changes no tenant, is counted unavailable, and the re-checks catch up once it ends`, () =>
      shared.run(
        async (stack) => {
          const prefix = `storm-${kind}`;
          const accounts = await stack.control.addConnectedAccounts(6);
          await stack.control.revoke(accounts[0]!, { webhook: false });
          await stack.control.addFault({ route: 'account', kind, count: 1_000 });
          await seedTenants(stack.store.db, connectedFleet(prefix, accounts, LONG_AGO));
          const before = await rows(stack, prefix);
          await sleep(2_500);
          assert.equal(await rows(stack, prefix), before, 'no state, problem or check time moved');
          const calls = (await stack.control.calls()).account;
          assert.ok(calls > 0, 'the re-checks asked');
          if (kind === 'error_429') assert.ok(calls <= 10, `a 429 holds every re-check back: ${calls} calls in 2.5 s at 20/s`);
          if (kind === 'error_401') assert.ok(stack.logs.some((l) => l.includes('"level":"error"') && l.includes('platform’s secret key')));
          assert.ok(counted(await scrape(stack), 'stripe_reconnect_checks_total{trigger="recheck",result="unavailable"}') > 0);

          await stack.control.clearFaults();
          const states = () => stack.store.db.query<{ state: string }>(`SELECT state FROM tenants WHERE tenant_id LIKE $1 ORDER BY tenant_id`, [`${prefix}-%`]);
          // The revoked one breaks (a break keeps its last good check time); the others are checked again.
          await waitFor(
            'the re-checks to catch up',
            async () =>
              (await states())[0]!.state === 'needs_attention' && [...(await checkedAtOf(stack.store.db, prefix)).values()].filter((at) => at! > LONG_AGO).length === 5,
            40_000,
          );
          assert.deepEqual(
            (await states()).map((r) => r.state),
            ['needs_attention', 'connected', 'connected', 'connected', 'connected', 'connected'],
          );
        },
        { recheck: { interval: 3, rate: 20 }, metricsToken: METRICS_TOKEN },
      ));
  }
});

describe('the re-checks budget', () => {
  test('RECHECK_RATE holds: 40 due connections at 10 per second take about 4 seconds, one Stripe call each', () =>
    shared.run(
      async (stack) => {
        const accounts = await stack.control.addConnectedAccounts(40);
        await stack.control.resetCalls();
        const started = Date.now();
        await seedTenants(stack.store.db, connectedFleet('budget', accounts, LONG_AGO));
        const samples: Array<[number, number]> = [];
        await waitFor(
          'every connection re-checked',
          async () => {
            samples.push([Date.now() - started, (await stack.control.calls()).account]);
            return samples.at(-1)![1] >= 40;
          },
          30_000,
        );
        const seconds = samples.at(-1)![0] / 1000;
        assert.ok(seconds >= 3.3, `40 calls at 10/s took ${seconds} s`);
        // No second of the pass went over the budget (a sample's window is at least a second wide; timers may bunch a call or two).
        for (const [t, n] of samples) {
          const earlier = samples.find(([u]) => u >= t - 1_000);
          if (earlier && t - earlier[0] >= 1_000) assert.ok(n - earlier[1] <= 12, `${n - earlier[1]} calls between ${earlier[0]} and ${t} ms`);
        }
        await sleep(1_000);
        assert.equal((await stack.control.calls()).account, 40, 'each connection once');
      },
      { recheck: { interval: 3_600, rate: 10 } },
    ));

  test('a budget that cannot cover the fleet is said at start, naming RECHECK_RATE and RECHECK_INTERVAL, and shows as overdue', () =>
    shared.run(async (stack) => {
      const accounts = await stack.control.addConnectedAccounts(30);
      await seedTenants(stack.store.db, connectedFleet('uncovered', accounts, LONG_AGO));
      const lines: string[] = [];
      const app = createApp({
        store: stack.store,
        stripe: { ...stack.sandbox.credentials, apiUrl: stack.sandboxUrl },
        apiKey: API_KEY,
        sessionSecret: SESSION_SECRET,
        encryptionKey: ENCRYPTION_KEY,
        publicUrl: 'http://127.0.0.1:9',
        allowedOrigins: [stack.origin],
        logger: createLogger({ sink: (line) => lines.push(line) }),
        recheck: { interval: '10s', rate: 1 },
      });
      try {
        await waitFor('the warning', async () => lines.some((l) => l.includes('cannot keep up')), 5_000);
        const warning = lines.find((l) => l.includes('cannot keep up'))!;
        assert.match(warning, /"level":"warn"/);
        assert.match(warning, /RECHECK_RATE/);
        assert.match(warning, /RECHECK_INTERVAL/);
        const fleet = (await (await app.request('/stripe-reconnect/fleet', { headers: { Authorization: `Bearer ${API_KEY}` } })).json()) as FleetSummary;
        assert.deepEqual(fleet.recheck.intervalSeconds, 10);
        assert.ok(fleet.recheck.overdue! >= 25, `overdue ${fleet.recheck.overdue}`);
      } finally {
        await app.close();
      }
    }));
});
