/**
 * The handles the backend gives out: the OAuth state, the signed tokens
 * sessions are built on, and the one-time completion handle. Each
 * round-trips, and each refuses a change to any of its parts.
 */
import assert from 'node:assert/strict';
import { createHmac, hkdfSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { completionKey, newCompletionHandle } from '../../server/security/completion-handle.js';
import { issueState, stateKey } from '../../server/security/oauth-state.js';
import { deriveKey, macMatches, signToken, verifyToken } from '../../server/security/signed-token.js';
import { SECRET, OTHER_SECRET, changeAt, sibling, b64, hmac } from './support/base64url.js';

describe('OAuth state', () => {
  const { state, key } = issueState(SECRET);
  const [nonce, mac] = state.split('.') as [string, string];

  test('a state this server issued gives the storage key it was issued with', () => {
    assert.match(state, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(stateKey(SECRET, state), key);
  });

  test('opaque: a random nonce and its MAC, nothing else; each state new', () => {
    assert.equal(Buffer.from(nonce, 'base64url').length, 32);
    assert.equal(Buffer.from(mac, 'base64url').length, 32);
    assert.equal(issueState.length, 1, 'issueState takes the secret only: no tenant, page or return URL can reach the state');
    const many = Array.from({ length: 200 }, () => issueState(SECRET));
    assert.equal(new Set(many.map((s) => s.state.split('.')[0])).size, 200);
    assert.equal(new Set(many.map((s) => s.key)).size, 200);
  });

  test('the storage key is not the state, nor any part of it', () => {
    assert.ok(!state.includes(key) && key !== nonce && key !== mac);
  });

  const refused: Array<[string, string, string]> = [
    // [case, secret, state]
    ['another secret', OTHER_SECRET, state],
    ['the nonce changed', SECRET, `${changeAt(nonce, 0)}.${mac}`],
    ['the nonce respelled (same bytes, other text)', SECRET, `${sibling(nonce)}.${mac}`],
    ['the MAC’s first character changed', SECRET, `${nonce}.${changeAt(mac, 0)}`],
    ['the MAC’s middle character changed', SECRET, `${nonce}.${changeAt(mac, 21)}`],
    ['the MAC respelled (same bytes, other text)', SECRET, `${nonce}.${sibling(mac)}`],
    ['the MAC with a trailing =', SECRET, `${state}=`],
    ['the MAC one character short', SECRET, state.slice(0, -1)],
    ['the MAC in standard base64', SECRET, `${nonce}.${Buffer.from(mac, 'base64url').toString('base64')}`],
    ['the parts swapped', SECRET, `${mac}.${nonce}`],
    ['the nonce alone', SECRET, nonce],
    ['a third part', SECRET, `${state}.${mac}`],
    ['spaces around it', SECRET, ` ${state} `],
    ['empty', SECRET, ''],
    ['a MAC made with the secret itself rather than the derived key', SECRET, `${nonce}.${hmac(SECRET, nonce)}`],
    ['a MAC made with the session tokens’ key', SECRET, `${nonce}.${hmac(deriveKey(SECRET, 'session'), nonce)}`],
    ['a MAC made with the state’s key, of another nonce', SECRET, `${changeAt(nonce, 5)}.${hmac(deriveKey(SECRET, 'oauth-state'), nonce)}`],
  ];
  for (const [name, secret, given] of refused) {
    test(`refused: ${name}`, () => assert.equal(stateKey(secret, given), null));
  }

  test('accepted: a MAC made with the state’s derived key (the one the refusals above miss)', () => {
    assert.equal(stateKey(SECRET, `${nonce}.${hmac(deriveKey(SECRET, 'oauth-state'), nonce)}`), key);
  });
});

describe('signed tokens', () => {
  const key = deriveKey(SECRET, 'test');
  const Payload = z.object({ t: z.string(), n: z.number() });
  const token = signToken('v1', { t: 'shop', n: 1 }, key);
  const [version, body, mac] = token.split('.') as [string, string, string];

  test('<version>.<base64url JSON>.<base64url HMAC-SHA256 of "<version>.<body>">', () => {
    assert.equal(version, 'v1');
    assert.deepEqual(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')), { t: 'shop', n: 1 });
    assert.equal(mac, hmac(key, `v1.${body}`));
  });

  test('round trip: the payload', () => assert.deepEqual(verifyToken(token, 'v1', key, Payload), { t: 'shop', n: 1 }));

  const refused: Array<[string, string, Buffer]> = [
    // [case, token, key]
    ['another key', token, deriveKey(SECRET, 'other-purpose')],
    ['another secret, same purpose', token, deriveKey(OTHER_SECRET, 'test')],
    ['the version changed', `v2.${body}.${mac}`, key],
    ['the body changed, the MAC kept', `v1.${b64({ t: 'other-shop', n: 1 })}.${mac}`, key],
    ['the body’s first character changed', `v1.${changeAt(body, 0)}.${mac}`, key],
    ['the MAC changed', `v1.${body}.${changeAt(mac, 10)}`, key],
    ['the MAC respelled (same bytes, other text)', `v1.${body}.${sibling(mac)}`, key],
    ['the MAC with a trailing =', `${token}=`, key],
    ['the MAC with a trailing ==', `${token}==`, key],
    ['the MAC one character short', token.slice(0, -1), key],
    ['no MAC', `v1.${body}.`, key],
    ['two parts', `v1.${body}`, key],
    ['a fourth part', `${token}.x`, key],
    ['signed, the body not JSON', `v1.${Buffer.from('not json').toString('base64url')}.${hmac(key, `v1.${Buffer.from('not json').toString('base64url')}`)}`, key],
    ['signed, JSON of another shape', signToken('v1', { t: 'shop', n: 'one' }, key), key],
    ['signed, but longer than 4096 characters', signToken('v1', { t: 'x'.repeat(4000), n: 1 }, key), key],
  ];
  for (const [name, given, k] of refused) {
    test(`refused: ${name}`, () => assert.equal(verifyToken(given, 'v1', k, Payload), null));
  }

  const junk = ['', '.', '..', '...', 'v1..', 'v1.%%%.%%%', 'v1.\u0000.\u0000', '\ud800', 'x'.repeat(10_000), `v1.${'A'.repeat(5000)}.x`];
  for (const given of junk) {
    test(`junk never throws: ${JSON.stringify(given.slice(0, 20))}${given.length > 20 ? '…' : ''}`, () => assert.equal(verifyToken(given, 'v1', key, Payload), null));
  }

  test('deriveKey: HKDF-SHA256 of the secret, salt "stripe-reconnect", info the purpose, 32 bytes (tokens outlive a restart or upgrade)', () => {
    assert.deepEqual(deriveKey(SECRET, 'session'), Buffer.from(hkdfSync('sha256', SECRET, 'stripe-reconnect', 'session', 32)));
    assert.deepEqual(deriveKey(SECRET, 'session'), deriveKey(SECRET, 'session'));
  });

  const distinct: Array<[string, [string, string], [string, string]]> = [
    ['purposes', [SECRET, 'session'], [SECRET, 'oauth-state']],
    ['secrets', [SECRET, 'session'], [OTHER_SECRET, 'session']],
    ['a secret and purpose that would join to the same text', ['ab', 'c'], ['a', 'bc']],
  ];
  for (const [name, a, b] of distinct) {
    test(`deriveKey: distinct ${name} give distinct keys`, () => assert.notDeepEqual(deriveKey(...a), deriveKey(...b)));
  }

  describe('macMatches: exactly the base64url text of the MAC', () => {
    const expected = createHmac('sha256', 'k').update('m').digest();
    const text = expected.toString('base64url');
    const cases: Array<[string, string, boolean]> = [
      ['the exact text', text, true],
      ['a trailing =', `${text}=`, false],
      ['a sibling spelling', sibling(text), false],
      ['standard base64 (padded)', expected.toString('base64'), false],
      ['hex', expected.toString('hex'), false],
      ['one character short', text.slice(0, -1), false],
      ['one character changed', changeAt(text, 3), false],
      ['empty', '', false],
      ['a space before', ` ${text}`, false],
    ];
    for (const [name, given, result] of cases) {
      test(`${name}: ${result}`, () => assert.equal(macMatches(given, expected), result));
    }
  });
});

describe('completion handles', () => {
  test('cmp_ and 32 random bytes; the key is the one completionKey gives back, and never the handle', () => {
    const { handle, key } = newCompletionHandle();
    assert.match(handle, /^cmp_[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(handle.slice(4), 'base64url').length, 32);
    assert.equal(completionKey(handle), key);
    assert.ok(!handle.includes(key) && key !== handle.slice(4));
  });

  test('each handle and key new', () => {
    const many = Array.from({ length: 200 }, () => newCompletionHandle());
    assert.equal(new Set(many.map((h) => h.handle)).size, 200);
    assert.equal(new Set(many.map((h) => h.key)).size, 200);
  });

  const { handle, key } = newCompletionHandle();
  const malformed: Array<[string, string]> = [
    ['empty', ''],
    ['the prefix alone', 'cmp_'],
    ['one character short', handle.slice(0, -1)],
    ['one character long', `${handle}A`],
    ['a trailing =', `${handle}=`],
    ['standard base64 characters', `cmp_${'+/'.repeat(21)}A`],
    ['another prefix', `CMP_${handle.slice(4)}`],
    ['no prefix', handle.slice(4)],
    ['spaces around it', ` ${handle} `],
    ['a newline after it', `${handle}\n`],
  ];
  for (const [name, given] of malformed) {
    test(`malformed, no key (no database asked): ${name}`, () => assert.equal(completionKey(given), null));
  }

  const others: Array<[string, string]> = [
    ['one character changed', changeAt(handle, 10)],
    ['respelled (same bytes, other text)', `cmp_${sibling(handle.slice(4))}`],
  ];
  for (const [name, given] of others) {
    test(`well formed but not the handle issued, another key: ${name}`, () => {
      const other = completionKey(given);
      assert.ok(other !== null && other !== key);
    });
  }
});
