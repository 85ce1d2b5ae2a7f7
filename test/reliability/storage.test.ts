import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { churn, movableClock } from '../support/churn.js';
import { withHostWebhooks } from '../support/stack.js';
import { testEngine } from '../support/stores.js';

const DAY = 86_400_000;
const TENANTS = 4;
const CAP = 20;

describe(`storage stays bounded over many flows (${testEngine()})`, () => {
  test('after the retention has passed, every table holds as many rows after more flows as before them', async (t) => {
    const clock = movableClock();
    await withHostWebhooks(
      async (stack, receiver) => {
        // A day per round: Stripe event ids and finished host events leave after 30 rounds.
        const checkpoints = await churn(stack, clock, { tenants: TENANTS, rounds: 60, stepMs: DAY, checkpoints: [36, 48, 60] });
        for (const c of checkpoints) t.diagnostic(`after ${c.flows} flows: ${JSON.stringify(c.counts)}`);
        const [, ...steady] = checkpoints;
        const first = steady[0]!.counts;
        for (const c of steady) {
          // Events depend on how Stripe's webhooks and the flows interleave: a row or two either way.
          const { stripe_events, outbox, ...exact } = c.counts;
          const { stripe_events: events0, outbox: outbox0, ...exact0 } = first;
          assert.deepEqual(exact, exact0, `after ${c.flows} flows the tables hold what they held after ${steady[0]!.flows}`);
          assert.ok(Math.abs(stripe_events - events0) <= Math.max(2, events0 * 0.05), `stripe_events ${stripe_events} vs ${events0}`);
          assert.ok(Math.abs(outbox - outbox0) <= Math.max(2, outbox0 * 0.05), `outbox ${outbox} vs ${outbox0}`);
        }
        assert.equal(first.tenants, TENANTS);
        assert.equal(first.attempts, TENANTS * CAP, 'attempts are capped per tenant');
        assert.equal(first.oauth_states, 0, 'used and expired states are gone');
        assert.equal(first.completions, 0, 'used, expired and never-redeemed completions are gone');
        assert.equal(first.rate_limits, 0, 'old rate-limit windows are gone');
        assert.ok(first.fleet_tally >= 1 && first.fleet_tally <= TENANTS, `the fleet's tally is folded to a row per group: ${first.fleet_tally}`);
        assert.ok(first.stripe_events > 0 && first.stripe_events < 30 * TENANTS * 3, `the last 30 days of Stripe event ids: ${first.stripe_events}`);
        assert.ok(first.outbox > 0 && first.outbox < 60 * TENANTS, `the last 30 days of host events: ${first.outbox}`);
        assert.ok(receiver.received.length > first.outbox, 'more host events were delivered than are kept');
      },
      { now: clock.now, housekeeping: { attemptsPerTenant: CAP }, statusReuseMs: 0 },
    );
  });
});
