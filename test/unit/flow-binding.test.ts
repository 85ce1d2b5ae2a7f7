/**
 * What binds a flow to the browser that started it: the one-time start
 * token (never a state, nor the other way round), the binding cookie and its
 * stored hash, the flow's public id, and the in-memory count of junk.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bindingCookie, bindingCookieName, bindingMatches, isFlowId, newFlowBinding, newFlowId } from '../../server/security/flow-binding.js';
import { flowTokenKey, issueFlowToken, stateKey } from '../../server/security/oauth-state.js';
import { createMemoryLimiter } from '../../server/middleware/memory-limiter.js';
import { ReconnectError } from '../../server/errors.js';
import { SECRET, OTHER_SECRET, changeAt } from './support/base64url.js';

describe('start token', () => {
  const { token, key } = issueFlowToken(SECRET, 'flow-start');

  test('a start token this server issued gives the key it was stored under', () => {
    assert.equal(flowTokenKey(SECRET, 'flow-start', token), key);
  });

  const refused: Array<[string, () => string | null]> = [
    ['with another secret', () => flowTokenKey(OTHER_SECRET, 'flow-start', token)],
    ['taken for an OAuth state (a forwarded start link is no state)', () => stateKey(SECRET, token)],
    ['a state taken for a start token (an authorize address gives no start)', () => flowTokenKey(SECRET, 'flow-start', issueFlowToken(SECRET, 'oauth-state').token)],
    ['its MAC changed', () => flowTokenKey(SECRET, 'flow-start', changeAt(token, token.length - 3))],
    ['its nonce changed', () => flowTokenKey(SECRET, 'flow-start', changeAt(token, 2))],
    ['empty', () => flowTokenKey(SECRET, 'flow-start', '')],
  ];
  for (const [name, run] of refused) test(`refused: ${name}`, () => assert.equal(run(), null));
});

describe('binding cookie', () => {
  test('the cookie matches its own hash only', () => {
    const one = newFlowBinding();
    const two = newFlowBinding();
    assert.ok(bindingMatches(one.value, one.hash));
    assert.ok(!bindingMatches(two.value, one.hash), 'another flow’s cookie');
    assert.ok(!bindingMatches(one.hash, one.hash), 'the stored hash presented as the cookie');
    assert.ok(!bindingMatches(undefined, one.hash), 'no cookie');
    assert.ok(!bindingMatches('', one.hash), 'an empty cookie');
    assert.ok(!bindingMatches(one.value, null), 'a flow not started in any browser');
    assert.ok(!bindingMatches(`${one.value} `, one.hash), 'a respelled cookie');
    assert.notEqual(one.value, one.hash);
  });

  test('each flow its own cookie, named by its id, so two tabs never overwrite each other', () => {
    const ids = Array.from({ length: 100 }, newFlowId);
    assert.equal(new Set(ids).size, 100);
    assert.ok(ids.every(isFlowId));
    assert.equal(new Set(ids.map(bindingCookieName)).size, 100);
    assert.ok(!isFlowId('flw_short') && !isFlowId(`cmp_${'a'.repeat(22)}`) && !isFlowId(undefined));
  });

  test('HttpOnly, SameSite=Lax, scoped to the /oauth/ path, with a lifetime; Secure only on https', () => {
    const { value } = newFlowBinding();
    const http = bindingCookie('flw_x', value, 599.7, { path: '/stripe-reconnect/oauth/', secure: false });
    assert.equal(http, `stripe_reconnect_flw_x=${value}; Path=/stripe-reconnect/oauth/; Max-Age=599; HttpOnly; SameSite=Lax`);
    const https = bindingCookie('flw_x', value, 600, { path: '/oauth/', secure: true });
    assert.match(https, /; Secure$/);
    assert.match(bindingCookie('flw_x', '', 0, { path: '/oauth/', secure: true }), /^stripe_reconnect_flw_x=; Path=\/oauth\/; Max-Age=0;/);
    assert.match(bindingCookie('flw_x', value, -5, { path: '/oauth/', secure: false }), /Max-Age=0;/, 'never a negative lifetime');
  });
});

describe('junk counted in memory, per client', () => {
  const limited = (run: () => void) => {
    try {
      run();
      return null;
    } catch (error) {
      assert.ok(error instanceof ReconnectError);
      return error;
    }
  };

  test('the limit per key and window, then rate_limited with Retry-After to the end of the window', () => {
    let t = Date.parse('2026-12-07T10:00:10Z');
    const limiter = createMemoryLimiter({ limit: 3, windowSeconds: 60 }, () => new Date(t));
    for (let i = 0; i < 3; i++) assert.equal(limited(() => limiter.hit('198.51.100.7')), null);
    const refused = limited(() => limiter.hit('198.51.100.7'));
    assert.equal(refused?.code, 'rate_limited');
    assert.equal(refused?.retryAfter, 50);
    assert.equal(limited(() => limiter.hit('203.0.113.5')), null, 'another client is not held up');
    t += 60_000;
    assert.equal(limited(() => limiter.hit('198.51.100.7')), null, 'a new window');
  });

  test('bounded: past maxKeys in a window, a new key is refused rather than remembered', () => {
    const limiter = createMemoryLimiter({ limit: 5, windowSeconds: 60 }, () => new Date(0), 100);
    for (let i = 0; i < 100; i++) limiter.hit(`10.0.0.${i}`);
    assert.equal(limited(() => limiter.hit('10.0.1.1'))?.code, 'rate_limited');
    assert.equal(limited(() => limiter.hit('10.0.0.1')), null, 'a key already counted still counts');
  });
});
