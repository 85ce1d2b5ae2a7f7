/**
 * The widget's session token: its lifetime, what it is bound to, and its MAC.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SESSION_MAX_TTL_SECONDS } from '../../contract/schemas.js';
import { newCompletionHandle } from '../../server/security/completion-handle.js';
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
