/**
 * `createApp` fails closed like the standalone server: with a real Stripe
 * gateway (no sandbox on this machine), none of the development setup is
 * accepted, each refusal names the option and never echoes its value.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createApp, type AppOptions } from '../../server/app.js';
import { DEVELOPMENT_SECRETS } from '../../server/option-checks.js';
import { freshStore } from '../support/stores.js';

const store = await freshStore('pglite');
after(() => store.close());

const REAL_STRIPE = { secretKey: 'sk_live_51AbCdEfGhIjKlMnOp', clientId: 'ca_AbCdEfGhIjKlMnOp', webhookSecret: 'whsec_AbCdEfGhIjKlMnOp' };
const GOOD: AppOptions = {
  store,
  stripe: REAL_STRIPE,
  apiKey: 'api-key-of-the-host-7f3c9a1e5b2d4c6a8e0f1b3d5c7e9a2b',
  sessionSecret: 'session-secret-4e8a1c7b3f9d2e6a0c5b8f1d4a7e3c9b',
  encryptionKey: '3f9a1c7e5b2d8f4a6c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a',
  publicUrl: 'https://app.example.com',
  allowedOrigins: ['https://app.example.com', 'https://settings.example.com:8443'],
};

/** What createApp throws for `options`, or null when it builds the app. */
function refusal(options: Partial<AppOptions>): string | null {
  try {
    void createApp({ ...GOOD, ...options });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('createApp with real Stripe', () => {
  test('builds with strong secrets and plain https origins', () => assert.equal(refusal({}), null));

  const refused: Array<[string, Partial<AppOptions>, RegExp, string?]> = [
    ['the published development API key', { apiKey: DEVELOPMENT_SECRETS.apiKey }, /apiKey is the published development value/, DEVELOPMENT_SECRETS.apiKey],
    ['the published development session secret', { sessionSecret: DEVELOPMENT_SECRETS.sessionSecret }, /sessionSecret is the published development value/, DEVELOPMENT_SECRETS.sessionSecret],
    ['an API key of 16 characters', { apiKey: 'k9f3b7c1e5a2d8f4' }, /apiKey must be at least 32 characters/, 'k9f3b7c1e5a2d8f4'],
    ['a session secret of 31 characters', { sessionSecret: 's'.repeat(31) }, /sessionSecret must be at least 32 characters/],
    ['a host webhook secret of 16 characters', { hostWebhook: { url: 'https://hooks.example.com/stripe', secret: 'h7d2f9a4c1e8b3f6' } }, /hostWebhook\.secret must be at least 32 characters/, 'h7d2f9a4c1e8b3f6'],
    ['an all-zero encryption key', { encryptionKey: DEVELOPMENT_SECRETS.encryptionKey }, /encryptionKey is one byte repeated/],
    ['an encryption key of one repeated byte', { encryptionKey: 'ab'.repeat(32) }, /encryptionKey is one byte repeated/],
    ['an encryption key that is not 64 hex characters', { encryptionKey: 'xyz' }, /encryptionKey must be 64 hex characters/],
    ['allowedOrigins: null', { allowedOrigins: ['null'] }, /allowedOrigins\[0\] is not an origin/],
    ['allowedOrigins: *', { allowedOrigins: ['*'] }, /allowedOrigins\[0\] is not an origin/],
    ['allowedOrigins: a path', { allowedOrigins: ['https://app.example.com/settings'] }, /allowedOrigins\[0\] is not an origin/],
    ['allowedOrigins: a trailing slash', { allowedOrigins: ['https://app.example.com/'] }, /allowedOrigins\[0\] is not an origin/],
    ['allowedOrigins: a WebSocket origin', { allowedOrigins: ['wss://app.example.com'] }, /allowedOrigins\[0\] is not an origin/],
    ['allowedOrigins: http off this machine', { allowedOrigins: ['https://app.example.com', 'http://app.example.com'] }, /allowedOrigins\[1\] must be https/],
    ['publicUrl: http off this machine', { publicUrl: 'http://app.example.com' }, /publicUrl must be https/],
  ];
  for (const [name, options, message, secret] of refused) {
    test(`refuses ${name}, naming the option`, () => {
      const said = refusal(options);
      assert.match(said ?? 'built', message);
      assert.match(said!, /^createApp: /);
      if (secret) assert.ok(!said!.includes(secret), 'the value is never echoed');
    });
  }

  test('every problem at once, in one message', () => {
    const said = refusal({ apiKey: 'short', sessionSecret: DEVELOPMENT_SECRETS.sessionSecret, allowedOrigins: ['null'] }) ?? '';
    for (const option of ['apiKey', 'sessionSecret', 'allowedOrigins[0]']) assert.ok(said.includes(option), option);
  });

  test('http:// on a loopback host is allowed for origins (a local tool in front of real Stripe)', () => {
    assert.equal(refusal({ allowedOrigins: ['http://127.0.0.1:5173', 'http://localhost:3000', 'http://[::1]:8080'] }), null);
  });
});

describe('createApp with the sandbox on this machine', () => {
  const SANDBOX = { ...REAL_STRIPE, secretKey: 'sk_test_51Sandbox', apiUrl: 'http://127.0.0.1:8788' };

  test('the development values are accepted there', () => {
    assert.equal(refusal({ stripe: SANDBOX, ...DEVELOPMENT_SECRETS, publicUrl: 'http://localhost:5173', allowedOrigins: ['http://localhost:5173'] }), null);
  });

  test('origins that are not origins are refused there too', () => {
    assert.match(refusal({ stripe: SANDBOX, allowedOrigins: ['null'] }) ?? '', /allowedOrigins\[0\]/);
  });

  test('a Stripe API address off this machine is real Stripe: the strict rules apply', () => {
    assert.match(refusal({ stripe: { ...SANDBOX, apiUrl: 'https://stripe-double.example.com' }, apiKey: DEVELOPMENT_SECRETS.apiKey }) ?? '', /apiKey is the published development value/);
  });

  test('a ready gateway that does not say where it goes is taken for real Stripe', () => {
    const gateway = { livemode: true, exchangeCode: async () => { throw new Error('not called'); } } as unknown as AppOptions['stripe'];
    assert.match(refusal({ stripe: gateway, apiKey: DEVELOPMENT_SECRETS.apiKey }) ?? '', /apiKey is the published development value/);
  });
});
