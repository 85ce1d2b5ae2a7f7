/**
 * Host-webhook outbox throughput on one engine, in a process of its own:
 *
 *   outbox-child.ts pglite|postgres <tenants> <changesPerTenant>
 *
 * Writes `tenants × changesPerTenant` state changes through the store's
 * transition API (connect, disconnect, connect, … per tenant: each one a
 * host event in the same transaction, as the routes write them), with no
 * worker running. Then starts the delivery worker (production settings: 8
 * in flight, in order per tenant) against a local receiver that answers 200
 * at once, and times `drain()` until every event is delivered and marked so.
 * Prints one JSON line with the figures.
 */
import { HOST_WEBHOOK_SECRET } from '../test/support/constants.js';
import { startReceiver } from '../test/support/receiver.js';
import { freshStore, type Engine } from '../test/support/stores.js';
import { outboxRecorder, startDeliveryWorker } from '../server/host-webhooks/index.js';
import { connected, disconnected } from '../server/reconnect/transitions.js';

/** Stripe's facts for an account that takes payments and is asked nothing. */
const HEALTHY = { chargesEnabled: true, payoutsEnabled: true, requirements: { disabledReason: null, pastDue: [], currentlyDue: [], currentDeadline: null } };

const engine = process.argv[2] as Engine;
const tenants = Number(process.argv[3] ?? 100);
const changes = Number(process.argv[4] ?? 4);
if (engine !== 'pglite' && engine !== 'postgres') throw new Error(`usage: outbox-child.ts pglite|postgres <tenants> <changes>, got ${engine}`);

const store = await freshStore(engine);
const receiver = await startReceiver();
// Events are written with each change, as the app writes them, but nobody is woken: delivery is timed on its own below.
store.tenants.addRecorder(outboxRecorder(() => {}));
try {
  const enqueueStart = performance.now();
  for (let c = 0; c < changes; c++) {
    await Promise.all(
      Array.from({ length: tenants }, async (_, t) => {
        const now = new Date();
        const account = { id: `acct_bench${String(t).padStart(6, '0')}`, name: `Bench ${t}`, publishableKey: null, livemode: false };
        await store.tenants.transition({
          tenantId: `outbox-${t}`,
          now,
          decide: (current) => (c % 2 === 0 ? connected(current, { account, refreshTokenEnc: null, facts: HEALTHY, connectedBy: null, grantedAt: now }, now) : disconnected(current)),
        });
      }),
    );
  }
  const enqueueMs = performance.now() - enqueueStart;
  const events = tenants * changes;

  // No polling: only drain() claims, so the clock runs exactly while the worker works.
  const worker = startDeliveryWorker({ store, url: receiver.url, secret: HOST_WEBHOOK_SECRET, pollMs: 3_600_000 });
  const start = performance.now();
  let passes = 0;
  while ((await worker.drain()) > 0) passes += 1;
  const deliverMs = performance.now() - start;
  await worker.stop();

  const pending = await store.db.query<{ n: number | string }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL');
  process.stdout.write(
    `${JSON.stringify({
      engine,
      tenants,
      changesPerTenant: changes,
      events,
      received: receiver.received.length,
      undelivered: Number(pending[0]?.n ?? -1),
      enqueueMs,
      deliverMs,
      passes,
      perSecond: (events / deliverMs) * 1000,
    })}\n`,
  );
} finally {
  await receiver.close();
  await store.close();
}
