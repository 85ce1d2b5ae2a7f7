import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { SandboxControlError } from '../../server/sandbox/control-client.js';
import { SANDBOX_ACCOUNTS, SANDBOX_API_VERSION } from '../../server/sandbox/index.js';
import { startReceiver, startSandbox, type ReceivedWebhook, type Running } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
const DAY = 86_400;
const FIELDS = ['company.tax_id', 'representative.verification.document'];

describe('account.updated on pause, information due and clear', () => {
  let sb: Running;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    sb = await startSandbox({ webhookUrl: receiver.url });
  });
  beforeEach(async () => {
    sb.sandbox.reset();
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    await receiver.waitFor(1); // account.application.authorized
    receiver.received.length = 0;
  });
  after(async () => {
    await sb.close();
    await receiver.close();
  });

  /** The next webhook, verified the way the backend verifies it. */
  async function nextEvent(): Promise<Stripe.AccountUpdatedEvent> {
    const [hit] = (await receiver.waitFor(1)) as ReceivedWebhook[];
    receiver.received.length = 0;
    const event = sb.stripe.webhooks.constructEvent(hit.body, String(hit.headers['stripe-signature']), sb.sandbox.credentials.webhookSecret);
    assert.equal(event.type, 'account.updated');
    return event as Stripe.AccountUpdatedEvent;
  }

  it("sends Stripe's signed account.updated with the account at the top level when Stripe pauses payments", async () => {
    const result = await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme);
    assert.equal(result.changed, true);
    assert.equal(result.deliveries.length, 1);
    const event = await nextEvent();
    assert.equal(event.account, SANDBOX_ACCOUNTS.acme);
    assert.equal(event.id, result.deliveries[0].event.id);
    assert.match(event.id, /^evt_[A-Za-z0-9]{24}$/);
    assert.deepEqual([event.object, event.api_version, event.livemode, event.pending_webhooks], ['event', SANDBOX_API_VERSION, false, 1]);
    assert.deepEqual(event.request, { id: null, idempotency_key: null });
    assert.deepEqual(event.data.object, await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme));
    assert.deepEqual(event.data.previous_attributes, {
      capabilities: { card_payments: 'active', transfers: 'active' },
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { currently_due: [], disabled_reason: null, eventually_due: [], past_due: [] },
    });
  });

  it('tells only what changed: a second pause with another reason carries the old reason alone', async () => {
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'requirements.pending_verification' });
    await nextEvent();
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'under_review' });
    const event = await nextEvent();
    assert.deepEqual(event.data.previous_attributes, {
      requirements: { disabled_reason: 'requirements.pending_verification', pending_verification: ['representative.verification.document'] },
    });
    assert.equal(event.data.object.requirements?.disabled_reason, 'under_review');
  });

  it('sends the deadline as unix seconds when information becomes due, charges still on', async () => {
    const deadline = Math.floor(Date.now() / 1000) + 7 * DAY;
    await sb.control.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline });
    const event = await nextEvent();
    assert.deepEqual(event.data.previous_attributes, { requirements: { current_deadline: null, currently_due: [], eventually_due: [] } });
    const r = event.data.object.requirements!;
    assert.deepEqual([event.data.object.charges_enabled, r.current_deadline, r.currently_due, r.disabled_reason], [true, deadline, FIELDS, null]);
  });

  it('clears back to healthy with the old values, and a clear that changes nothing sends nothing', async () => {
    const deadline = Math.floor(Date.now() / 1000) + 3 * DAY;
    await sb.control.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline });
    await nextEvent();
    const cleared = await sb.control.clearAccount(SANDBOX_ACCOUNTS.acme);
    assert.equal(cleared.changed, true);
    const event = await nextEvent();
    assert.deepEqual(event.data.previous_attributes, { requirements: { current_deadline: deadline, currently_due: FIELDS, eventually_due: FIELDS } });
    assert.deepEqual(await sb.control.clearAccount(SANDBOX_ACCOUNTS.acme), { accountId: SANDBOX_ACCOUNTS.acme, changed: false, deliveries: [] });
    await sb.sandbox.webhooksIdle();
    assert.equal(receiver.received.length, 0);
  });

  it('changes silently with webhook: false, so only a status check finds out', async () => {
    const result = await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { reason: 'rejected.fraud', webhook: false });
    assert.deepEqual(result, { accountId: SANDBOX_ACCOUNTS.acme, changed: true, deliveries: [] });
    await sb.sandbox.webhooksIdle();
    assert.equal(receiver.received.length, 0);
    assert.ok((await sb.control.deliveries()).every((d) => d.event.type !== 'account.updated'));
    assert.equal((await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme)).requirements?.disabled_reason, 'rejected.fraud');
  });

  it('tells only the platforms watching the account, each in the mode it connected it', async () => {
    // Beta is not connected: it changes, and no one is told.
    assert.deepEqual((await sb.control.pauseAccount(SANDBOX_ACCOUNTS.beta)).deliveries, []);
    // Partner Shop is watched by Rocket Rides alone, which has no endpoint here.
    assert.deepEqual((await sb.control.pauseAccount(SANDBOX_ACCOUNTS.partner)).deliveries, []);
    await sb.sandbox.webhooksIdle();
    assert.equal(receiver.received.length, 0);
    // Delta Live is connected in live mode.
    await sb.codeFor(SANDBOX_ACCOUNTS.live);
    await receiver.waitFor(1);
    receiver.received.length = 0;
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.live, { reason: 'platform_paused' });
    const event = await nextEvent();
    assert.deepEqual([event.account, event.livemode], [SANDBOX_ACCOUNTS.live, true]);
    // Once revoked, the platform is no longer told.
    await sb.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: false });
    assert.deepEqual((await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme)).deliveries, []);
  });

  it('records each delivery like the other events', async () => {
    await sb.control.pauseAccount(SANDBOX_ACCOUNTS.acme, { chargesEnabled: true });
    await nextEvent();
    await sb.sandbox.webhooksIdle();
    const last = (await sb.control.deliveries()).at(-1)!;
    assert.deepEqual([last.event.type, last.status, last.httpStatus, last.url], ['account.updated', 'delivered', 200, receiver.url]);
  });
});

describe('account condition controls: bad input', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  async function refused(promise: Promise<unknown>, status: number, message: RegExp) {
    const error = await promise.then(
      () => assert.fail('expected the control call to be refused'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SandboxControlError, String(error));
    assert.equal(error.status, status);
    assert.match(JSON.stringify(error.body), message);
  }

  it('refuses a pause that turns nothing off, an unknown reason, a misspelt field and bad field names', async () => {
    const acme = SANDBOX_ACCOUNTS.acme;
    await refused(sb.control.pauseAccount(acme, { chargesEnabled: true, payoutsEnabled: true }), 400, /cannot both be true/);
    await refused(sb.control.pauseAccount(acme, { reason: 'closed' as 'listed' }), 400, /reason/);
    await refused(sb.control.pauseAccount(acme, { charges: false } as object), 400, /charges/);
    await refused(sb.control.pauseAccount(acme, { fields: ['company tax id'] }), 400, /requirement field name/);
    await refused(sb.control.pauseAccount(acme, { fields: [] }), 400, /fields/);
    await refused(sb.control.pauseAccount(acme, { reason: 'under_review', fields: ['company.tax_id'] }), 400, /fields apply with reason/);
  });

  it('refuses information due without a deadline, with one already past, or one that is not a date', async () => {
    const acme = SANDBOX_ACCOUNTS.acme;
    await refused(sb.control.requireInformation(acme, {} as { deadline: number }), 400, /deadline/);
    await refused(sb.control.requireInformation(acme, { deadline: Math.floor(Date.now() / 1000) - 60 }), 400, /must be in the future/);
    await refused(sb.control.requireInformation(acme, { deadline: 'next tuesday' }), 400, /unix seconds or an ISO 8601/);
    await refused(sb.control.requireInformation(acme, { deadline: 1.5 }), 400, /deadline/);
    await refused(sb.control.pauseAccount(acme, { deadline: '2001-01-01T00:00:00Z' }), 400, /must be in the future/);
  });

  it('answers 404 for an unknown account and 400 for a body that is not JSON; nothing changes', async () => {
    for (const call of [
      sb.control.pauseAccount('acct_1NoSuchAccount00'),
      sb.control.requireInformation('acct_1NoSuchAccount00', { deadline: Math.floor(Date.now() / 1000) + DAY }),
      sb.control.clearAccount('acct_1NoSuchAccount00'),
    ]) {
      await refused(call, 404, /No such sandbox account: acct_1NoSuchAccount00/);
    }
    const notJson = await fetch(`${sb.url}/_sandbox/accounts/${SANDBOX_ACCOUNTS.acme}/pause`, { method: 'POST', body: '{nope' });
    assert.equal(notJson.status, 400);
    const acme = (await sb.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)!;
    assert.deepEqual([acme.chargesEnabled, acme.payoutsEnabled, acme.requirements.disabledReason], [true, true, null]);
  });

  it('refuses the same things in-process', () => {
    assert.throws(() => sb.sandbox.pauseAccount(SANDBOX_ACCOUNTS.acme, { chargesEnabled: true, payoutsEnabled: true }), /cannot both be true/);
    assert.throws(() => sb.sandbox.requireInformation(SANDBOX_ACCOUNTS.acme, { deadline: 0 }), /must be in the future/);
    assert.throws(() => sb.sandbox.clearAccount('acct_1NoSuchAccount00'), /No such sandbox account/);
  });
});
