/**
 * The cipher that keeps refresh tokens and pending codes at rest
 * (AES-256-GCM, the tenant id as associated data).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCipher } from '../../server/security/encryption.js';
import { changeAt } from './support/base64url.js';

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
