import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { SANDBOX_ACCOUNTS, SANDBOX_API_VERSION } from '../../server/sandbox/index.js';
import { startReceiver, startSandbox, type Running } from './helpers.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('account.application.* webhooks', () => {
  let sb: Running;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    sb = await startSandbox({ webhookUrl: receiver.url });
  });
  beforeEach(() => {
    sb.sandbox.reset();
    receiver.received.length = 0;
  });
  after(async () => {
    await sb.close();
    await receiver.close();
  });

  it('signs each event so that stripe.webhooks.constructEvent accepts it, and a wrong secret does not', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    const [hit] = await receiver.waitFor(1);
    const signature = String(hit.headers['stripe-signature']);
    assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.match(String(hit.headers['content-type']), /^application\/json/);
    const event = sb.stripe.webhooks.constructEvent(hit.body, signature, sb.sandbox.credentials.webhookSecret);
    assert.equal(event.type, 'account.application.authorized');
    assert.throws(
      () => sb.stripe.webhooks.constructEvent(hit.body, signature, 'whsec_notTheSecret'),
      (error) => error instanceof Stripe.errors.StripeSignatureVerificationError,
    );
    assert.throws(() => sb.stripe.webhooks.constructEvent(hit.body.replace('acct_', 'acct_X'), signature, sb.sandbox.credentials.webhookSecret));
  });

  it("sends Stripe's event object with the account at the top level when the owner revokes access in the Dashboard", async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    await receiver.waitFor(1);
    const result = await sb.control.revoke(SANDBOX_ACCOUNTS.acme);
    assert.equal(result.revoked, true);
    const [, hit] = await receiver.waitFor(2);
    const event = sb.stripe.webhooks.constructEvent(hit.body, String(hit.headers['stripe-signature']), sb.sandbox.credentials.webhookSecret);
    assert.equal(event.type, 'account.application.deauthorized');
    assert.equal(event.account, SANDBOX_ACCOUNTS.acme);
    assert.equal(event.object, 'event');
    assert.match(event.id, /^evt_[A-Za-z0-9]{24}$/);
    assert.equal(event.api_version, SANDBOX_API_VERSION);
    assert.equal(event.livemode, false);
    assert.equal(typeof event.created, 'number');
    assert.equal(event.pending_webhooks, 1);
    assert.deepEqual(event.request, { id: null, idempotency_key: null });
    assert.deepEqual(event.data.object, { id: sb.sandbox.credentials.clientId, object: 'application', name: 'Reconnect Demo Platform' });
    const denied = await fetch(`${sb.url}/v1/accounts/${SANDBOX_ACCOUNTS.acme}`, { headers: { Authorization: `Bearer ${sb.sandbox.credentials.secretKey}` } });
    assert.equal(denied.status, 403);
  });

  it('revokes silently when asked: no webhook, and the next API call fails with account_invalid', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.beta);
    await sb.sandbox.webhooksIdle();
    const result = await sb.control.revoke(SANDBOX_ACCOUNTS.beta, { webhook: false });
    assert.deepEqual(result, { accountId: SANDBOX_ACCOUNTS.beta, revoked: true, delivery: null });
    await sb.sandbox.webhooksIdle();
    assert.deepEqual(receiver.received.map((r) => JSON.parse(r.body).type), ['account.application.authorized']);
    const error = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.beta).catch((e: Stripe.errors.StripeError) => e);
    assert.equal((error as Stripe.errors.StripeError).code, 'account_invalid');
  });

  it("also notifies the platform's own deauthorize through the API, with its request id", async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    const answer = await sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: SANDBOX_ACCOUNTS.gamma });
    const [, hit] = await receiver.waitFor(2);
    const event = JSON.parse(hit.body) as Stripe.Event;
    assert.equal(event.type, 'account.application.deauthorized');
    assert.equal(event.account, SANDBOX_ACCOUNTS.gamma);
    // stripe-node's types leave lastResponse off OAuth answers, but it is there at run time.
    const { requestId } = (answer as unknown as { lastResponse: { requestId: string } }).lastResponse;
    assert.match(requestId, /^req_/);
    assert.equal(event.request?.id, requestId);
  });

  it('records every delivery with its status, and a triggered event changes nothing', async () => {
    const delivery = await sb.control.triggerEvent('account.application.deauthorized', SANDBOX_ACCOUNTS.live);
    assert.equal(delivery.event.account, SANDBOX_ACCOUNTS.live);
    assert.equal(delivery.event.livemode, true);
    await receiver.waitFor(1);
    await sb.sandbox.webhooksIdle();
    const [recorded] = await sb.control.deliveries();
    assert.equal(recorded.status, 'delivered');
    assert.equal(recorded.httpStatus, 200);
    assert.equal(recorded.url, receiver.url);
    assert.equal((await sb.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.live)?.connection, null);
  });
});

describe('webhook delivery failures and endpoint changes', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('records no_endpoint while no URL is set, and sends once one is set at run time', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    assert.equal((await sb.control.deliveries())[0].status, 'no_endpoint');
    const receiver = await startReceiver();
    try {
      await sb.control.setWebhookUrl(receiver.url);
      assert.equal(await sb.control.webhookUrl(), receiver.url);
      await sb.control.triggerEvent('account.application.authorized', SANDBOX_ACCOUNTS.acme);
      const [hit] = await receiver.waitFor(1);
      assert.equal(JSON.parse(hit.body).type, 'account.application.authorized');
    } finally {
      await receiver.close();
    }
  });

  it('records a failing endpoint and an unreachable one without delaying the API answer', async () => {
    const failing = await startReceiver(500);
    try {
      await sb.control.setWebhookUrl(failing.url);
      await sb.control.triggerEvent('account.application.authorized', SANDBOX_ACCOUNTS.beta);
      await sb.sandbox.webhooksIdle();
      const last = (await sb.control.deliveries()).at(-1)!;
      assert.deepEqual([last.status, last.httpStatus], ['failed', 500]);
    } finally {
      await failing.close();
    }
    await sb.control.setWebhookUrl('http://127.0.0.1:9/unreachable');
    const started = Date.now();
    await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    assert.ok(Date.now() - started < 2_000);
    await sb.sandbox.webhooksIdle();
    const last = (await sb.control.deliveries()).at(-1)!;
    assert.equal(last.status, 'failed');
    assert.equal(last.httpStatus, null);
    assert.ok(last.error);
  });
});
