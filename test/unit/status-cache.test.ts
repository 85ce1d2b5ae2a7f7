/**
 * The per-tenant status cache (`StatusCache`) on its own, with its clock
 * injected: when it keeps a value, for how long, and the rule that makes it
 * never stale, that a value read before an eviction of its key is not kept.
 * test/server/status-cache.test.ts proves the store evicts on every change;
 * these prove what an eviction, a clear and the enabled flag do.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusCache, type StatusCacheOptions } from '../../server/store/status-cache.js';

function cache(options: Partial<StatusCacheOptions> & { enabled?: boolean } = {}) {
  const clock = { ms: 1_000_000 };
  const c = new StatusCache<string>({ enabled: true, ttlMs: 1_000, now: () => clock.ms, ...options });
  return { c, clock };
}

describe('StatusCache: a read and its evictions', () => {
  /** Each scenario runs on a fresh, enabled cache and ends with `get('k')`. */
  const cases: Array<[string, (c: StatusCache<string>) => void, string | undefined]> = [
    ['nothing stored', () => {}, undefined],
    ['a value read and stored', (c) => c.set('k', c.mark(), 'v'), 'v'],
    ['a newer read replaces an older value', (c) => {
      c.set('k', c.mark(), 'old');
      c.set('k', c.mark(), 'new');
    }, 'new'],
    ['evicted after it was stored', (c) => {
      c.set('k', c.mark(), 'v');
      c.evict('k');
    }, undefined],
    ['read, then the key evicted before it is stored: not kept', (c) => {
      const mark = c.mark();
      c.evict('k');
      c.set('k', mark, 'stale');
    }, undefined],
    ['read, then another key evicted: kept', (c) => {
      const mark = c.mark();
      c.evict('other');
      c.set('k', mark, 'v');
    }, 'v'],
    ['evicted, then read: kept', (c) => {
      c.evict('k');
      c.set('k', c.mark(), 'fresh');
    }, 'fresh'],
    ['two reads across an eviction, the older one stored last: the newer stays', (c) => {
      const older = c.mark();
      c.evict('k');
      const newer = c.mark();
      c.set('k', newer, 'new');
      c.set('k', older, 'old');
    }, 'new'],
    ['read, evicted twice, stored: not kept', (c) => {
      const mark = c.mark();
      c.evict('k');
      c.evict('k');
      c.set('k', mark, 'stale');
    }, undefined],
    ['read, then everything cleared: not kept', (c) => {
      const mark = c.mark();
      c.clear();
      c.set('k', mark, 'stale');
    }, undefined],
    ['cleared, then read: kept', (c) => {
      c.clear();
      c.set('k', c.mark(), 'v');
    }, 'v'],
    ['stored, then cleared', (c) => {
      c.set('k', c.mark(), 'v');
      c.clear();
    }, undefined],
  ];
  for (const [name, steps, expected] of cases) {
    test(name, () => {
      const { c } = cache();
      steps(c);
      assert.equal(c.get('k'), expected);
    });
  }

  test('an eviction touches only its key', () => {
    const { c } = cache();
    c.set('a', c.mark(), 'A');
    c.set('b', c.mark(), 'B');
    c.evict('a');
    assert.deepEqual([c.get('a'), c.get('b')], [undefined, 'B']);
  });
});

describe('StatusCache: the eviction log is bounded and forgets safely', () => {
  test('when it overflows, a read older than what it forgot is refused for every key', () => {
    const { c } = cache({ maxEntries: 2 });
    const mark = c.mark();
    for (const key of ['a', 'b', 'c']) c.evict(key); // the third eviction overflows the log of two
    for (const key of ['a', 'b', 'c', 'untouched']) c.set(key, mark, 'stale');
    assert.deepEqual(['a', 'b', 'c', 'untouched'].map((k) => c.get(k)), [undefined, undefined, undefined, undefined]);
  });

  test('reads marked after the overflow are kept', () => {
    const { c } = cache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) c.evict(key);
    const mark = c.mark();
    c.set('a', mark, 'A');
    assert.equal(c.get('a'), 'A');
  });

  test('an eviction after the overflow still refuses the reads before it', () => {
    const { c } = cache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) c.evict(key);
    const mark = c.mark();
    c.evict('a');
    c.set('a', mark, 'stale');
    c.set('b', mark, 'B');
    assert.deepEqual([c.get('a'), c.get('b')], [undefined, 'B']);
  });
});

describe('StatusCache: time to live', () => {
  const cases: Array<[string, Partial<StatusCacheOptions>, number, string | undefined]> = [
    // [case, options, ms after storing, get]
    ['just stored', {}, 0, 'v'],
    ['1 ms before the ttl', { ttlMs: 1_000 }, 999, 'v'],
    ['at the ttl: gone', { ttlMs: 1_000 }, 1_000, undefined],
    ['after the ttl', { ttlMs: 1_000 }, 5_000, undefined],
    ['the default ttl is 30 s: kept at 29.999 s', { ttlMs: undefined }, 29_999, 'v'],
    ['the default ttl is 30 s: gone at 30 s', { ttlMs: undefined }, 30_000, undefined],
  ];
  for (const [name, options, elapsed, expected] of cases) {
    test(name, () => {
      const { c, clock } = cache(options);
      c.set('k', c.mark(), 'v');
      clock.ms += elapsed;
      assert.equal(c.get('k'), expected);
    });
  }

  test('storing again starts a new ttl', () => {
    const { c, clock } = cache({ ttlMs: 1_000 });
    c.set('k', c.mark(), 'v1');
    clock.ms += 800;
    c.set('k', c.mark(), 'v2');
    clock.ms += 800;
    assert.equal(c.get('k'), 'v2');
  });

  test('an expired entry stays gone when the clock is set back', () => {
    const { c, clock } = cache({ ttlMs: 1_000 });
    c.set('k', c.mark(), 'v');
    clock.ms += 1_000;
    assert.equal(c.get('k'), undefined);
    clock.ms -= 1_000;
    assert.equal(c.get('k'), undefined);
  });
});

describe('StatusCache: size', () => {
  test('at most maxEntries tenants; the oldest goes first', () => {
    const { c } = cache({ maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) c.set(key, c.mark(), key.toUpperCase());
    assert.deepEqual(['a', 'b', 'c'].map((k) => c.get(k)), [undefined, 'B', 'C']);
  });
});

describe('StatusCache: enabled (invalidations can reach this instance)', () => {
  test('disabled from the start: nothing is kept', () => {
    const { c } = cache({ enabled: false });
    assert.equal(c.enabled, false);
    c.set('k', c.mark(), 'v');
    assert.equal(c.get('k'), undefined);
  });

  const switches: Array<[string, boolean, boolean]> = [
    ['switched off', true, false],
    ['switched on', false, true],
    ['set on again while on', true, true],
  ];
  for (const [name, from, to] of switches) {
    test(`${name}: everything forgotten, and reads from before refused`, () => {
      const { c } = cache({ enabled: from });
      c.set('k', c.mark(), 'before');
      const mark = c.mark();
      c.enabled = to;
      assert.equal(c.enabled, to);
      assert.equal(c.get('k'), undefined);
      c.set('late', mark, 'stale');
      assert.equal(c.get('late'), undefined);
    });
  }

  test('switched off, nothing is kept; on again, reads from then on are', () => {
    const { c } = cache();
    c.enabled = false;
    c.set('k', c.mark(), 'off');
    assert.equal(c.get('k'), undefined);
    c.enabled = true;
    c.set('k', c.mark(), 'on');
    assert.equal(c.get('k'), 'on');
  });
});
