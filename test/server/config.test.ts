import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.js';

const REAL = {
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_CLIENT_ID: 'ca_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  RECONNECT_API_KEY: 'k'.repeat(32),
  SESSION_SECRET: 's'.repeat(40),
  ENCRYPTION_KEY: 'ab'.repeat(32),
  PUBLIC_URL: 'https://billing.example.com',
  ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
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
    assert.deepEqual(problems({ STRIPE_SECRET_KEY: 'sk_test_x1' }), [
      'STRIPE_CLIENT_ID is required when any of the Stripe keys is set',
      'STRIPE_WEBHOOK_SECRET is required when any of the Stripe keys is set',
    ]);
    assert.deepEqual(problems({ HOST_WEBHOOK_URL: 'https://host.example/hooks' }), ['HOST_WEBHOOK_SECRET is required when HOST_WEBHOOK_URL is set']);
  });

  test('npm start refuses to start on a bad variable, with exit code 2 and the message', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, ...REAL, SESSION_SECRET: 'short' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /SESSION_SECRET must be at least 32 characters/);
  });
});
