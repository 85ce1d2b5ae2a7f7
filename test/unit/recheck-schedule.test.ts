import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { ReconnectError } from '../../server/errors.js';
import { classifyRecheckFailure } from '../../server/recheck/failures.js';
import {
  batchSize,
  budgetCovers,
  capacity,
  DEFAULT_INTERVAL_SECONDS,
  JITTER_FRACTION,
  maxJitterMs,
  nextDue,
  overdueBefore,
  parseInterval,
  parseRate,
  rateLimitPauseMs,
  RecheckSettingError,
  retryDelayMs,
  slotSpacingMs,
} from '../../server/recheck/schedule.js';
import { StripeCallError } from '../../server/stripe/gateway.js';

const HOUR = 3_600_000;
const DAY_MS = DEFAULT_INTERVAL_SECONDS * 1_000;

describe('RECHECK_INTERVAL', () => {
  test('durations in seconds, minutes, hours, days, or plain seconds', () => {
    const cases: Array<[string | number, number]> = [
      ['24h', 86_400],
      ['90s', 90],
      ['15m', 900],
      ['6h', 21_600],
      ['2d', 172_800],
      ['45', 45],
      [' 30s ', 30],
      ['1s', 1],
      [120, 120],
      ['7d', 604_800],
    ];
    for (const [value, seconds] of cases) assert.equal(parseInterval(value), seconds, String(value));
  });

  test('anything else is refused with the rule, never a silent default', () => {
    for (const value of ['', 'soon', '24 h', '1.5h', '-5m', '0', '0s', '8d', '1w', '10ms', 'h', '24H', 0, -1, 1.5, Number.NaN, Infinity, 700_000]) {
      assert.throws(() => parseInterval(value as never), RecheckSettingError, String(value));
    }
    assert.throws(() => parseInterval({} as never), RecheckSettingError);
  });
});

describe('RECHECK_RATE', () => {
  test('calls per second above 0 and at most 1,000, decimals allowed', () => {
    for (const [value, rate] of [
      ['5', 5],
      ['0.5', 0.5],
      ['100', 100],
      ['200', 200],
      ['1000', 1_000],
      [200 / 10, 20],
      ['12.25', 12.25],
    ] as Array<[string | number, number]>) {
      assert.equal(parseRate(value), rate);
    }
    for (const value of ['0', '-1', '1001', 'fast', '', '1e2', '5/s', 0, -3, 1_000.5, Number.NaN, Infinity]) {
      assert.throws(() => parseRate(value as never), RecheckSettingError, String(value));
    }
  });
});

describe('next due time', () => {
  test('the last check plus the interval, less a jitter of at most a tenth, never later than the interval', () => {
    const last = new Date('2026-05-01T00:00:00Z');
    for (const r of [0, 0.25, 0.5, 0.999999, 1, -0.5, 2]) {
      const due = nextDue(last, DAY_MS, () => r).getTime() - last.getTime();
      assert.ok(due <= DAY_MS, `random ${r}: later than the interval`);
      assert.ok(due >= DAY_MS - DAY_MS * JITTER_FRACTION, `random ${r}: more than a tenth early`);
    }
    assert.equal(nextDue(last, DAY_MS, () => 0).getTime(), last.getTime() + DAY_MS);
    assert.equal(maxJitterMs(10_000), 1_000);
  });

  test('connections made in the same minute spread over the last tenth of the interval', () => {
    const last = new Date('2026-05-01T00:00:00Z');
    const dues = Array.from({ length: 1_000 }, () => nextDue(last, DAY_MS).getTime());
    const spread = Math.max(...dues) - Math.min(...dues);
    assert.ok(spread > 0.8 * DAY_MS * JITTER_FRACTION, `spread ${spread} ms`);
    // Not in the same second: a thousand connections over 2.4 hours.
    assert.ok(new Set(dues.map((d) => Math.floor(d / 1_000))).size > 900);
  });

  test('a check without a definite answer is tried again in a tenth of the interval, between 5 s and 5 minutes, never later than the interval', () => {
    // The base, spread down to half of it: 5 minutes for a day, 5 s (the floor) for 10 s, the interval itself when shorter.
    assert.equal(retryDelayMs(DAY_MS, () => 1), 300_000);
    assert.equal(retryDelayMs(DAY_MS, () => 0), 150_000);
    assert.equal(retryDelayMs(HOUR, () => 1), 300_000);
    assert.equal(retryDelayMs(10 * 60_000, () => 1), 60_000);
    assert.equal(retryDelayMs(10_000, () => 1), 5_000);
    assert.equal(retryDelayMs(2_000, () => 1), 2_000);
    for (const interval of [1_000, 30_000, HOUR, DAY_MS]) {
      for (const r of [0, 0.5, 0.99]) {
        const delay = retryDelayMs(interval, () => r);
        assert.ok(delay <= interval && delay > 0, `${interval}/${r}: ${delay}`);
      }
    }
  });

  test('overdue means last checked before now less the interval', () => {
    assert.equal(overdueBefore(new Date('2026-05-02T00:00:00Z'), 86_400).toISOString(), '2026-05-01T00:00:00.000Z');
  });
});

describe('the budget', () => {
  test('RECHECK_RATE × RECHECK_INTERVAL is how many connections an interval can check', () => {
    assert.equal(capacity(5, 86_400), 432_000);
    assert.equal(capacity(0.5, 90), 45);
    assert.equal(budgetCovers(5, 86_400, 432_000), true);
    assert.equal(budgetCovers(5, 86_400, 432_001), false);
    assert.equal(budgetCovers(0.5, 90, 46), false);
    assert.equal(budgetCovers(200, 3_600, 10_000), true);
  });

  test('slots are 1/RECHECK_RATE apart, and an instance takes about half a second of them at a time', () => {
    assert.equal(slotSpacingMs(5), 200);
    assert.equal(slotSpacingMs(200), 5);
    assert.equal(batchSize(5), 3);
    assert.equal(batchSize(0.5), 1);
    assert.equal(batchSize(200), 100);
    assert.equal(batchSize(100_000), 250);
  });

  test('after a 429 every instance holds back a second, doubled for each 429 in a row, at most a minute', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 50].map(rateLimitPauseMs),
      [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000],
    );
    assert.equal(rateLimitPauseMs(0), 1_000);
  });
});

describe('why a re-check got no definite answer', () => {
  const stripeError = (Class: typeof Stripe.errors.StripeError, statusCode: number) =>
    new StripeCallError('accounts.retrieve', statusCode === 401 ? 'other' : 'unavailable', new Class({ type: 'api_error', message: 'x', statusCode } as never));

  test('429 slows down, 401 is the platform key, 5xx and timeouts are unavailable, anything of ours is internal', () => {
    assert.equal(classifyRecheckFailure(new ReconnectError('stripe_unavailable', { cause: stripeError(Stripe.errors.StripeRateLimitError, 429) })), 'rate_limited');
    assert.equal(classifyRecheckFailure(stripeError(Stripe.errors.StripeAuthenticationError, 401)), 'platform_key');
    assert.equal(classifyRecheckFailure(new ReconnectError('stripe_unavailable', { cause: stripeError(Stripe.errors.StripeAPIError, 500) })), 'unavailable');
    assert.equal(classifyRecheckFailure(new ReconnectError('stripe_unavailable')), 'unavailable');
    assert.equal(classifyRecheckFailure(new Error('connection terminated')), 'internal');
  });
});
