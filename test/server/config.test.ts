import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { startStandalone } from '../../server/standalone.js';
import { configProblems } from '../support/config.js';
import { freshStore } from '../support/stores.js';

const REAL = {
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_CLIENT_ID: 'ca_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  RECONNECT_API_KEY: 'k'.repeat(32),
  SESSION_SECRET: 's'.repeat(40),
  ENCRYPTION_KEY: '5f0c9a1e'.repeat(8),
  PUBLIC_URL: 'https://billing.example.com',
  ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com',
};

/** The real keys under names the server does not read. */
const MISSPELLED = { STRIPE_SECRET: 'sk_live_misspelled_value', STRIPE_CONNECT_CLIENT_ID: 'ca_misspelled_value', STRIPE_WEBHOOK_SIGNING_SECRET: 'whsec_misspelled_value' };

/** The values main.ts used to fall back to; published in the repository, so never a real secret. */
const DEV_API_KEY = 'dev-reconnect-api-key-for-the-sandbox-only-0000';
const DEV_SESSION_SECRET = 'dev-session-secret-for-the-sandbox-only-000000';

const problems = configProblems;

/** The problems naming `variable`, asserting no problem echoes any of the values given. */
function named(env: Record<string, string>, variable: string): string[] {
  const found = problems(env);
  for (const [key, value] of Object.entries(env)) {
    if (value.length >= 6 && key !== 'HOST' && key !== 'STRIPE_MODE') assert.ok(!found.join('\n').includes(value), `a problem echoes ${key}'s value`);
  }
  return found.filter((p) => p.startsWith(`${variable} `));
}

describe('configuration from the environment', () => {
  test('no Stripe keys: the sandbox, with development secrets and the local origin allowed', () => {
    const config = loadConfig({});
    assert.equal(config.stripeMode, 'sandbox');
    assert.equal(config.usesDevelopmentDefaults, true);
    assert.deepEqual(config.allowedOrigins, ['http://127.0.0.1:8787']);
    assert.equal(config.basePath, '/stripe-reconnect');
  });

  test('real keys: every secret and origin is read, nothing defaulted', () => {
    const config = loadConfig(REAL);
    assert.equal(config.stripeMode, 'stripe');
    assert.equal(config.usesDevelopmentDefaults, false);
    assert.deepEqual(config.allowedOrigins, ['https://app.example.com', 'https://admin.example.com']);
  });

  test('each bad or missing variable is named, and its value is never echoed', () => {
    const { SESSION_SECRET: _, ...noSecret } = REAL;
    assert.deepEqual(problems(noSecret), ['SESSION_SECRET is required with real Stripe keys']);
    const bad = problems({ ...REAL, ENCRYPTION_KEY: 'not-hex-secret-value', PORT: 'eighty', ALLOWED_ORIGINS: 'https://a.example/path' });
    assert.equal(bad.length, 3);
    assert.ok(bad.some((p) => p.startsWith('ENCRYPTION_KEY')));
    assert.ok(bad.some((p) => p.startsWith('PORT')));
    assert.ok(bad.some((p) => p.startsWith('ALLOWED_ORIGINS')));
    assert.ok(!bad.join(' ').includes('not-hex-secret-value'));
    // Even with the sandbox, where http is allowed anywhere: no page is served from another scheme.
    for (const scheme of ['ws', 'wss', 'ftp']) {
      // An origin is no secret: the entry is quoted, so that the one at fault in a list is found.
      assert.deepEqual(problems({ STRIPE_MODE: 'sandbox', ALLOWED_ORIGINS: `${scheme}://localhost:5173` }), [
        `ALLOWED_ORIGINS "${scheme}://localhost:5173" is not an origin like https://app.example.com`,
      ]);
      assert.deepEqual(problems({ STRIPE_MODE: 'sandbox', PUBLIC_URL: `${scheme}://localhost:8787` }), [
        'PUBLIC_URL must be an origin like https://app.example.com (no path, no trailing slash)',
      ]);
    }
    assert.deepEqual(problems({ STRIPE_MODE: 'sandbox', ALLOWED_ORIGINS: 'http://localhost:5173', PUBLIC_URL: 'http://localhost:8787' }), []);
    assert.deepEqual(problems({ STRIPE_SECRET_KEY: 'sk_test_x1' }), [
      'STRIPE_CLIENT_ID is required when any of the Stripe keys is set',
      'STRIPE_WEBHOOK_SECRET is required when any of the Stripe keys is set',
    ]);
    assert.deepEqual(problems({ HOST_WEBHOOK_URL: 'https://host.example/hooks' }), ['HOST_WEBHOOK_SECRET is required when HOST_WEBHOOK_URL is set']);
  });

  test('PLATFORM_NAME is the product name the element shows, trimmed and at most 100 characters', () => {
    assert.equal(loadConfig({ PLATFORM_NAME: '  Acme Invoicing ' }).platformName, 'Acme Invoicing');
    assert.equal(loadConfig({}).platformName, null);
    assert.equal(named({ PLATFORM_NAME: 'x'.repeat(101) }, 'PLATFORM_NAME').length, 1);
  });
});

describe('fail closed: the sandbox and the development secrets only where nobody else can reach them', () => {
  test('no Stripe keys on a network address: refused, each missing key named', () => {
    for (const HOST of ['0.0.0.0', '::', '10.1.2.3', 'api.example.com']) {
      const found = problems({ HOST });
      for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_CLIENT_ID', 'STRIPE_WEBHOOK_SECRET']) {
        assert.ok(
          found.some((p) => p.startsWith(`${key} is required`) && p.includes('HOST is not a loopback address')),
          `HOST=${HOST}: ${key} not named in ${JSON.stringify(found)}`,
        );
      }
    }
  });

  test('no Stripe keys with a DATABASE_URL, even on loopback: refused', () => {
    const found = problems({ DATABASE_URL: 'postgres://app:hunter2-password@db.internal/app' });
    assert.equal(found.length, 3);
    assert.ok(found.every((p) => p.includes('DATABASE_URL is set')));
    assert.ok(!found.join('\n').includes('hunter2'));
  });

  test('misspelled Stripe keys on a network address: the missing names and the unknown ones are named, no value', () => {
    const env = { HOST: '0.0.0.0', ...MISSPELLED, ...pick(REAL, 'RECONNECT_API_KEY', 'SESSION_SECRET', 'ENCRYPTION_KEY', 'PUBLIC_URL', 'ALLOWED_ORIGINS') };
    for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_CLIENT_ID', 'STRIPE_WEBHOOK_SECRET']) assert.equal(named(env, key).length, 1, key);
    for (const key of Object.keys(MISSPELLED)) assert.match(named(env, key)[0] ?? '', /not a variable this server reads/, key);
  });

  test('loopback addresses keep the sandbox with development secrets', () => {
    for (const HOST of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) {
      const config = loadConfig({ HOST });
      assert.equal(config.stripeMode, 'sandbox', HOST);
      assert.equal(config.usesDevelopmentDefaults, true, HOST);
    }
  });

  test('STRIPE_MODE=sandbox says it outright: the sandbox on any address and with a DATABASE_URL', () => {
    const config = loadConfig({ STRIPE_MODE: 'sandbox', HOST: '0.0.0.0', DATABASE_URL: 'postgres://db.internal/app' });
    assert.equal(config.stripeMode, 'sandbox');
    assert.equal(config.usesDevelopmentDefaults, true);
    assert.equal(config.publicUrl, 'http://127.0.0.1:8787');
  });

  test('STRIPE_MODE is checked: stripe needs the keys, sandbox refuses them, anything else is named', () => {
    assert.deepEqual(named({ STRIPE_MODE: 'stripe' }, 'STRIPE_SECRET_KEY'), ['STRIPE_SECRET_KEY is required with STRIPE_MODE=stripe']);
    assert.equal(loadConfig({ ...REAL, STRIPE_MODE: 'stripe' }).stripeMode, 'stripe');
    assert.match(named({ ...REAL, STRIPE_MODE: 'sandbox' }, 'STRIPE_SECRET_KEY')[0] ?? '', /must not be set with STRIPE_MODE=sandbox/);
    assert.equal(named({ STRIPE_MODE: 'live' }, 'STRIPE_MODE').length, 1);
  });

  test('real keys refuse the published development values and a key of one repeated byte', () => {
    assert.match(named({ ...REAL, RECONNECT_API_KEY: DEV_API_KEY }, 'RECONNECT_API_KEY')[0] ?? '', /development/);
    assert.match(named({ ...REAL, SESSION_SECRET: DEV_SESSION_SECRET }, 'SESSION_SECRET')[0] ?? '', /development/);
    for (const key of ['0'.repeat(64), 'ab'.repeat(32), 'FF'.repeat(32)]) {
      assert.match(named({ ...REAL, ENCRYPTION_KEY: key }, 'ENCRYPTION_KEY')[0] ?? '', /one byte repeated/, key.slice(0, 2));
    }
    assert.equal(loadConfig({ ...REAL, ENCRYPTION_KEY: `${'00'.repeat(31)}01` }).stripeMode, 'stripe');
  });
});

describe('the built-in sandbox', () => {
  test('listens on 127.0.0.1 only, even when STRIPE_MODE=sandbox puts the API on every address', async () => {
    const running = await startStandalone(loadConfig({ STRIPE_MODE: 'sandbox', HOST: '0.0.0.0', PORT: '0', LOG_LEVEL: 'error' }), { store: await freshStore() });
    try {
      const sandbox = new URL(running.sandboxUrl!);
      assert.equal(sandbox.hostname, '127.0.0.1');
      assert.ok((await fetch(`${running.sandboxUrl}/oauth/authorize`)).status < 500, 'the sandbox answers on loopback');
      // From another machine's point of view: this machine's network address reaches the API, never the sandbox.
      const address = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (address) {
        const api = new URL(running.apiBase);
        assert.equal((await fetch(`http://${address}:${api.port}${api.pathname}/healthz`)).status, 200);
        await assert.rejects(fetch(`http://${address}:${sandbox.port}/oauth/authorize`), 'the sandbox must not answer on a network address');
      }
    } finally {
      await running.close();
    }
  });
});

function pick<T extends Record<string, string>>(source: T, ...keys: Array<keyof T>): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}

describe("npm start's entry, as a process", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'reconnect-config-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** server/main.ts with only the given environment (plus PATH): what `npm start` runs, minus the build. */
  function start(env: Record<string, string>) {
    return spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', DATA_DIR: join(scratch, 'data'), LOG_LEVEL: 'error', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  test('refuses to start on a bad variable, with exit code 2 and the message', () => {
    const run = start({ ...REAL, SESSION_SECRET: 'short' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /SESSION_SECRET must be at least 32 characters/);
  });

  test('no Stripe keys and HOST=0.0.0.0: exits 2 naming the missing keys, before listening', () => {
    const run = start({ HOST: '0.0.0.0' });
    assert.equal(run.status, 2, `status ${run.status}, signal ${run.signal}: ${run.stdout}${run.stderr}`);
    for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_CLIENT_ID', 'STRIPE_WEBHOOK_SECRET']) assert.match(run.stderr, new RegExp(`${key} is required`));
    assert.doesNotMatch(run.stdout, /API at/);
  });

  test('misspelled keys with real secrets: exits 2, names both spellings and echoes no value', () => {
    const run = start({ ...REAL, STRIPE_SECRET_KEY: '', STRIPE_CLIENT_ID: '', STRIPE_WEBHOOK_SECRET: '', ...MISSPELLED, HOST: '0.0.0.0' });
    assert.equal(run.status, 2, `status ${run.status}, signal ${run.signal}: ${run.stdout}${run.stderr}`);
    assert.match(run.stderr, /STRIPE_SECRET_KEY is required/);
    assert.match(run.stderr, /STRIPE_CONNECT_CLIENT_ID/);
    for (const value of [...Object.values(REAL), ...Object.values(MISSPELLED)]) assert.ok(!run.stderr.includes(value));
  });
});
