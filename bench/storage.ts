/**
 * Storage over many flows, on one engine, in a process of its own:
 *
 *   storage.ts pglite|postgres [flows=10000] [tenants=20]
 *
 * Runs `flows` reconnect flows of every kind (reconnect, disconnect and
 * reconnect, Stripe's deauthorization webhook then a repair, a mismatch, a
 * denial, and an abandoned flow with a handle never redeemed and a junk
 * callback) against the backend and the Stripe sandbox over HTTP, with host
 * webhooks delivered to a local receiver. The app's clock moves 6 hours
 * after each round (one flow per tenant), so 10,000 flows span about four
 * months: past the 30-day retention of Stripe event ids and host events.
 * The housekeeping runs by itself on traffic; at each checkpoint (before the
 * first flow, then every quarter) the outbox is drained, the housekeeping is
 * run once more and every table that grows with traffic is counted. Prints
 * progress on stderr and one JSON line with the counts.
 */
import { churn, movableClock } from '../test/support/churn.js';
import { startReceiver } from '../test/support/receiver.js';
import { startStack } from '../test/support/stack.js';
import type { Engine } from '../test/support/stores.js';

const engine = process.argv[2] as Engine;
const flows = Number(process.argv[3] ?? 10_000);
const tenants = Number(process.argv[4] ?? 20);
if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`usage: storage.ts pglite|postgres [flows] [tenants], got ${engine}`);

const rounds = Math.ceil(flows / tenants);
const quarter = Math.ceil(rounds / 4);
const clock = movableClock();
const receiver = await startReceiver();
const stack = await startStack({ engine, now: clock.now, hostWebhookUrl: receiver.url, statusReuseMs: 0, quiet: true });
const started = performance.now();
try {
  const checkpoints = await churn(stack, clock, {
    tenants,
    rounds,
    stepMs: 6 * 3_600_000,
    checkpoints: [quarter, 2 * quarter, 3 * quarter, rounds],
    onCheckpoint: (_round, done, counts) => process.stderr.write(`storage ${engine}: after ${done} flows ${JSON.stringify(counts)}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ engine, flows: rounds * tenants, tenants, rounds, seconds, delivered: receiver.received.length, checkpoints }));
} finally {
  await stack.close();
  await receiver.close();
}
