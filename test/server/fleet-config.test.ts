import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { startStandalone } from '../../server/standalone.js';
import { configProblems } from '../support/config.js';
import { freshStore } from '../support/stores.js';

const problems = configProblems;

describe('RECHECK_INTERVAL, RECHECK_RATE and METRICS_TOKEN', () => {
  test('default: re-checks every 24 h at 5 calls per second, no metrics', () => {
    const config = loadConfig({});
    assert.deepEqual(config.recheck, { intervalSeconds: 86_400, rate: 5 });
    assert.equal(config.metricsToken, null);
  });

  test('read as given', () => {
    const config = loadConfig({ RECHECK_INTERVAL: '6h', RECHECK_RATE: '0.5', METRICS_TOKEN: 't'.repeat(32) });
    assert.deepEqual(config.recheck, { intervalSeconds: 21_600, rate: 0.5 });
    assert.equal(config.metricsToken, 't'.repeat(32));
    assert.equal(loadConfig({ RECHECK_INTERVAL: '90s' }).recheck.intervalSeconds, 90);
    assert.equal(loadConfig({ RECHECK_INTERVAL: '15m' }).recheck.intervalSeconds, 900);
  });

  // main.ts stops with exit code 2 on any such refusal (config.test.ts runs it as a process).
  test('values that do not parse are refused, naming the variable, never echoing the value', () => {
    for (const [variable, value] of [
      ['RECHECK_INTERVAL', 'daily'],
      ['RECHECK_INTERVAL', '0s'],
      ['RECHECK_INTERVAL', '30d'],
      ['RECHECK_RATE', 'lots'],
      ['RECHECK_RATE', '0'],
      ['RECHECK_RATE', '2500'],
      ['METRICS_TOKEN', 'a-short-metrics-token-0123456'],
    ] as const) {
      const found = problems({ [variable]: value });
      assert.equal(found.length, 1, `${variable}=${value}: ${found.join('; ')}`);
      assert.ok(found[0]!.startsWith(`${variable} `), found[0]);
      if (value.length >= 4) assert.ok(!found[0]!.includes(value), `${variable}'s value is echoed`);
    }
  });

  test('the standalone server re-checks and serves /metrics with the token only', async () => {
    const token = 'standalone-metrics-token-00000000000';
    const running = await startStandalone(loadConfig({ PORT: '0', LOG_LEVEL: 'error', RECHECK_INTERVAL: '1h', RECHECK_RATE: '2', METRICS_TOKEN: token }), {
      store: await freshStore(),
    });
    try {
      assert.deepEqual(running.app.rechecker?.settings, { intervalSeconds: 3_600, rate: 2 });
      assert.equal((await fetch(`${running.apiBase}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
      assert.equal((await fetch(`${running.apiBase}/metrics`)).status, 401);
    } finally {
      await running.close();
    }
  });
});
