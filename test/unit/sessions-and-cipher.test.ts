/**
 * The widget's session token (lifetime, binding, MAC) and the cipher that
 * keeps refresh tokens and pending codes at rest.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SESSION_MAX_TTL_SECONDS } from '../../contract/schemas.js';
import { newCompletionHandle } from '../../server/security/completion-handle.js';
import { createCipher } from '../../server/security/encryption.js';
import { issueState } from '../../server/security/oauth-state.js';
import { mintSession, readSession, type MintSessionOptions } from '../../server/security/session-token.js';
import { deriveKey, signToken } from '../../server/security/signed-token.js';
import { SECRET, OTHER_SECRET, changeAt, sibling, b64 } from './support/base64url.js';

describe('session tokens', () => {
  const T = 1_795_000_000;
  const now = () => new Date(T * 1000 + 500);
  const mint = (over: Partial<MintSessionOptions> = {}) => mintSession({ sessionSecret: SECRET, tenantId: 'shop', now, ...over });

  test('round trip: tenant, origin, person and expiry', () => {
    const user = { id: 'user_1', name: 'Ann', email: 'ann@example.com' };
    const { token, expiresAt } = mint({ origin: 'https://shop.example', user, ttlSeconds: 600 });
    assert.match(token, /^srs1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(expiresAt, new Date((T + 600) * 1000).toISOString());
    assert.deepEqual(readSession(token, SECRET, now), {
      ok: true,
      claims: { tenantId: 'shop', origin: 'https://shop.example', user, expiresAt: new Date((T + 600) * 1000) },
    });
  });

  test('no origin and no person: both null', () => {
    const result = readSession(mint().token, SECRET, now);
    assert.ok(result.ok);
    assert.deepEqual([result.claims.origin, result.claims.user], [null, null]);
  });

  test('the claims read are frozen: one request cannot change them for the next with the same token', () => {
    const { token } = mint({ user: { id: 'user_1' } });
    const result = readSession(token, SECRET, now);
    assert.ok(result.ok);
    assert.throws(() => Object.assign(result.claims, { tenantId: 'other-shop' }), TypeError);
    assert.throws(() => Object.assign(result.claims.user!, { id: 'user_2' }), TypeError);
    const again = readSession(token, SECRET, now);
    assert.deepEqual(again.ok && [again.claims.tenantId, again.claims.user?.id], ['shop', 'user_1']);
  });

  describe('lifetime: 30 s to one hour, 15 minutes by default', () => {
    const lives: Array<[string, number | undefined, number]> = [
      ['default', undefined, 900],
      ['the shortest', 30, 30],
      ['the longest: one hour', SESSION_MAX_TTL_SECONDS, 3600],
    ];
    for (const [name, ttlSeconds, seconds] of lives) {
      test(`${name}: valid until ${seconds} s after minting, expired from then`, () => {
        const { token, expiresAt } = mint({ ttlSeconds });
        assert.equal(expiresAt, new Date((T + seconds) * 1000).toISOString());
        assert.equal(readSession(token, SECRET, () => new Date((T + seconds) * 1000 - 1)).ok, true);
        assert.deepEqual(readSession(token, SECRET, () => new Date((T + seconds) * 1000)), { ok: false, code: 'session_expired' });
      });
    }

    test('a token made to live longer than an hour (by hand or an older version) is not one', () => {
      const signed = (life: number) => signToken('srs1', { t: 'shop', o: null, iat: T, exp: T + life }, deriveKey(SECRET, 'session'));
      assert.equal(readSession(signed(3600), SECRET, now).ok, true);
      assert.deepEqual(readSession(signed(3601), SECRET, now), { ok: false, code: 'session_invalid' });
    });
  });

  describe('mintSession checks its options as POST /sessions does, naming the option but never its value', () => {
    const cases: Array<[string, Partial<MintSessionOptions>, RegExp]> = [
      ['an empty tenant id', { tenantId: '' }, /^mintSession: tenantId /],
      ['a tenant id with a space', { tenantId: 'my shop' }, /^mintSession: tenantId /],
      ['a tenant id of 129 characters', { tenantId: 't'.repeat(129) }, /^mintSession: tenantId /],
      ['a ttl of 29 s', { ttlSeconds: 29 }, /^mintSession: ttlSeconds /],
      ['a ttl over one hour', { ttlSeconds: SESSION_MAX_TTL_SECONDS + 1 }, /^mintSession: ttlSeconds /],
      ['a ttl of 90.5 s', { ttlSeconds: 90.5 }, /^mintSession: ttlSeconds /],
      ['an origin with a path', { origin: 'https://shop.example/settings' }, /^mintSession: origin /],
      ['an origin with a trailing slash', { origin: 'https://shop.example/' }, /^mintSession: origin /],
      ['an origin with its default port spelled out', { origin: 'https://shop.example:443' }, /^mintSession: origin /],
      ['an origin of another scheme', { origin: 'ftp://shop.example' }, /^mintSession: origin /],
      ['a javascript: origin', { origin: 'javascript:alert(1)' }, /^mintSession: origin /],
      ['an origin that is no URL', { origin: 'shop.example' }, /^mintSession: origin /],
      ['a person without an id', { user: { id: '' } }, /^mintSession: user\.id /],
      ['a person’s e-mail that is none', { user: { id: 'user_1', email: 'ann-at-example' } }, /^mintSession: user\.email /],
      ['a person with a field the contract does not have', { user: { id: 'user_1', role: 'admin' } as never }, /^mintSession: user/],
    ];
    for (const [name, over, message] of cases) {
      test(`refused: ${name}`, () => {
        assert.throws(
          () => mint(over),
          (error: unknown) => {
            assert.ok(error instanceof TypeError);
            assert.match(error.message, message);
            for (const value of [over.tenantId, over.origin, over.user?.email].filter((v) => typeof v === 'string' && v.length > 3)) {
              assert.ok(!error.message.includes(value as string), `the message shows ${value}`);
            }
            return true;
          },
        );
      });
    }

    const accepted: Array<[string, Partial<MintSessionOptions>]> = [
      ['a tenant id with . _ : @ -', { tenantId: 'org_1:shop-2.eu@x' }],
      ['an http origin with a port (development)', { origin: 'http://localhost:5173' }],
      ['an origin null (any allowed origin)', { origin: null }],
      ['a person with an id only', { user: { id: 'user_1' } }],
    ];
    for (const [name, over] of accepted) {
      test(`accepted: ${name}`, () => assert.equal(readSession(mint(over).token, SECRET, now).ok, true));
    }
  });

  describe('readSession refuses', () => {
    const good = mintSession({ sessionSecret: SECRET, tenantId: 'shop', origin: 'https://shop.example', now }).token;
    const [, body, mac] = good.split('.') as [string, string, string];
    const sessionKey = deriveKey(SECRET, 'session');
    const cases: Array<[string, string, string]> = [
      // [case, token, secret]
      ['another secret', good, OTHER_SECRET],
      ['another version', `srs2.${body}.${mac}`, SECRET],
      ['another tenant in the body, the MAC kept', `srs1.${b64({ t: 'other-shop', o: 'https://shop.example', iat: T, exp: T + 900 })}.${mac}`, SECRET],
      ['the MAC changed', `srs1.${body}.${changeAt(mac, 0)}`, SECRET],
      ['the MAC with a trailing =', `${good}=`, SECRET],
      ['the MAC respelled (same bytes, other text)', `srs1.${body}.${sibling(mac)}`, SECRET],
      ['signed with the OAuth state’s key', signToken('srs1', { t: 'shop', o: null, iat: T, exp: T + 900 }, deriveKey(SECRET, 'oauth-state')), SECRET],
      ['signed with the secret itself', signToken('srs1', { t: 'shop', o: null, iat: T, exp: T + 900 }, Buffer.from(SECRET)), SECRET],
      ['signed, but no tenant', signToken('srs1', { o: null, iat: T, exp: T + 900 }, sessionKey), SECRET],
      ['signed, but a tenant id the contract refuses', signToken('srs1', { t: 'a shop', o: null, iat: T, exp: T + 900 }, sessionKey), SECRET],
      ['signed, but times that are not whole seconds', signToken('srs1', { t: 'shop', o: null, iat: T + 0.5, exp: T + 900 }, sessionKey), SECRET],
      ['a completion handle', newCompletionHandle().handle, SECRET],
      ['an OAuth state', issueState(SECRET).state, SECRET],
      ['empty', '', SECRET],
    ];
    for (const [name, token, secret] of cases) {
      test(name, () => assert.deepEqual(readSession(token, secret, now), { ok: false, code: 'session_invalid' }));
    }

    test('a token read once is still refused with another secret (what is remembered is per secret)', () => {
      assert.equal(readSession(good, SECRET, now).ok, true);
      assert.deepEqual(readSession(good, OTHER_SECRET, now), { ok: false, code: 'session_invalid' });
      assert.equal(readSession(good, SECRET, now).ok, true);
    });

    test('a token read once while valid is expired later', () => {
      const { token } = mint({ ttlSeconds: 60 });
      assert.equal(readSession(token, SECRET, now).ok, true);
      assert.deepEqual(readSession(token, SECRET, () => new Date((T + 60) * 1000)), { ok: false, code: 'session_expired' });
    });
  });
});

describe('encryption at rest', () => {
  const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';
  const cipher = createCipher(KEY);
  const AD = 'shop';

  const plaintexts: Array<[string, string]> = [
    ['a refresh token', 'rt_1AbCdEfGhIjKlMnOpQrStUvWxYz'],
    ['one character', 'x'],
    ['non-ASCII text', 'Café Ünïcode ☕ 𝄞'],
    ['a long text', 'r'.repeat(10_000)],
    ['text with the separator in it', 'a:b:c:d'],
  ];
  for (const [name, plaintext] of plaintexts) {
    test(`round trip: ${name}`, () => assert.equal(cipher.decrypt(cipher.encrypt(plaintext, AD), AD), plaintext));
  }

  // The empty text's ciphertext has an empty data part ("v1:<iv>::<tag>"); decrypt once refused its own output.
  test('round trip: the empty text', () => assert.equal(cipher.decrypt(cipher.encrypt('', AD), AD), ''));

  test('v1:<iv>:<data>:<tag>, a new 12-byte IV each time, a 16-byte tag', () => {
    const a = cipher.encrypt('rt_same', AD);
    const b = cipher.encrypt('rt_same', AD);
    assert.notEqual(a, b);
    for (const text of [a, b]) {
      const [version, iv, data, tag] = text.split(':') as [string, string, string, string];
      assert.equal(version, 'v1');
      assert.equal(Buffer.from(iv, 'base64url').length, 12);
      assert.equal(Buffer.from(data, 'base64url').length, 'rt_same'.length);
      assert.equal(Buffer.from(tag, 'base64url').length, 16);
      assert.ok(!text.includes('rt_same'));
    }
  });

  const sealed = cipher.encrypt('rt_secret_value', AD);
  const [version, iv, data, tag] = sealed.split(':') as [string, string, string, string];
  const refused: Array<[string, () => string]> = [
    ['another tenant (the associated data)', () => cipher.decrypt(sealed, 'other-shop')],
    ['another key', () => createCipher('1'.repeat(64)).decrypt(sealed, AD)],
    ['the version changed', () => cipher.decrypt([`v2`, iv, data, tag].join(':'), AD)],
    ['the IV changed', () => cipher.decrypt([version, changeAt(iv, 0), data, tag].join(':'), AD)],
    ['the data changed', () => cipher.decrypt([version, iv, changeAt(data, 0), tag].join(':'), AD)],
    ['the tag changed', () => cipher.decrypt([version, iv, data, changeAt(tag, 0)].join(':'), AD)],
    ['the data of another ciphertext, with this tag', () => cipher.decrypt([version, iv, cipher.encrypt('rt_other_value_', AD).split(':')[2], tag].join(':'), AD)],
    ['no tag', () => cipher.decrypt([version, iv, data, ''].join(':'), AD)],
    ['three parts', () => cipher.decrypt([version, iv, data].join(':'), AD)],
    ['empty', () => cipher.decrypt('', AD)],
    ['a plaintext token stored by mistake', () => cipher.decrypt('rt_secret_value', AD)],
  ];
  for (const [name, attempt] of refused) {
    test(`refused: ${name}`, () => assert.throws(attempt));
  }

  // Node accepts a GCM tag cut to 4..15 bytes unless told its length: a 4-byte tag takes ~2^32 tries to forge, not 2^128.
  test('refused: the tag cut to 4 bytes', () => {
    assert.throws(() => cipher.decrypt([version, iv, data, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url')].join(':'), AD));
  });

  const keys: Array<[string, string, boolean]> = [
    ['64 hex characters', KEY, true],
    ['64 hex characters in capitals', KEY.toUpperCase(), true],
    ['62 hex characters', KEY.slice(0, 62), false],
    ['62 hex characters and 2 that are not', `${KEY.slice(0, 62)}zz`, false],
    ['empty', '', false],
    ['32 characters of text', 'a-32-character-secret-not-hex-00', false],
  ];
  for (const [name, hexKey, ok] of keys) {
    test(`key: ${name}: ${ok ? 'accepted' : 'refused'}`, () => {
      if (ok) assert.doesNotThrow(() => createCipher(hexKey));
      else assert.throws(() => createCipher(hexKey), /ENCRYPTION_KEY must be 64 hex characters/);
    });
  }

  // Buffer.from(hex) stops at the first pair that is not hex and ignores an odd last character; createApp's
  // `encryptionKey` does not pass through config.ts's check, so the cipher checks the whole key itself.
  for (const [name, hexKey] of [['65 characters', `${KEY}a`], ['64 hex characters and 2 that are not', `${KEY}zz`]] as const) {
    test(`key: ${name}: refused`, () => assert.throws(() => createCipher(hexKey), /ENCRYPTION_KEY must be 64 hex characters/));
  }
});
