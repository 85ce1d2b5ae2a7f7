import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { rejection, startSandbox, type Running } from './helpers.js';

describe('fault injection as the stripe client sees it', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  beforeEach(() => sb.sandbox.reset());
  after(() => sb.close());

  const deauthorize = (client: Stripe, accountId: string) =>
    client.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: accountId });

  it("error_500: Stripe's 500 api_error for the next N calls, then the real answer", async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    await sb.control.addFault({ route: 'token', kind: 'error_500', count: 1 });
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(error instanceof Stripe.errors.StripeAPIError);
    assert.equal(error.statusCode, 500);
    assert.equal((error.raw as { type?: string }).type, 'api_error');
    // The failed attempt did not use the code up.
    assert.equal((await sb.stripe.oauth.token({ grant_type: 'authorization_code', code })).stripe_user_id, SANDBOX_ACCOUNTS.acme);
    assert.deepEqual(await sb.control.faults(), []);
  });

  it('error_500 is retried by a client with retries, and every attempt is counted', async () => {
    await sb.control.addFault({ route: 'account', kind: 'error_500', count: 1 });
    const withRetry = sb.stripeWith(sb.sandbox.credentials.secretKey, { maxNetworkRetries: 1 });
    assert.equal((await withRetry.accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.platform);
    assert.equal((await sb.control.calls()).account, 2);
  });

  it('timeout: the request is held past the client timeout, which gives up with a connection error', async () => {
    await sb.control.addFault({ route: 'account', kind: 'timeout', count: 1 });
    const impatient = sb.stripeWith(sb.sandbox.credentials.secretKey, { timeout: 300, maxNetworkRetries: 0 });
    const started = Date.now();
    const error = await rejection(impatient.accounts.retrieveCurrent());
    assert.ok(error instanceof Stripe.errors.StripeConnectionError);
    assert.match(error.message, /timeout/i);
    assert.ok(Date.now() - started >= 290);
    assert.equal((await sb.stripe.accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.platform);
  });

  it('drop: the socket is destroyed without an answer (stripe-node retries a reset connection once)', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    await sb.control.addFault({ route: 'deauthorize', kind: 'drop', count: 2 });
    const error = await rejection(deauthorize(sb.stripe, SANDBOX_ACCOUNTS.acme));
    assert.ok(error instanceof Stripe.errors.StripeConnectionError);
    assert.equal((await sb.control.calls()).deauthorize, 2);
    // Dropped before the handler ran: the account is still connected.
    assert.ok((await sb.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme)?.connection);
    await sb.control.addFault({ route: 'deauthorize', kind: 'drop', count: 1 });
    assert.equal((await deauthorize(sb.stripe, SANDBOX_ACCOUNTS.acme)).stripe_user_id, SANDBOX_ACCOUNTS.acme);
  });

  it('slow: the right answer after delayMs', async () => {
    await sb.control.addFault({ route: 'account', kind: 'slow', count: 1, delayMs: 300 });
    const started = Date.now();
    assert.equal((await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.platform)).id, SANDBOX_ACCOUNTS.platform);
    assert.ok(Date.now() - started >= 290);
  });

  it('* hits any Stripe route, in order, and leaves the authorize page alone', async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.beta);
    await sb.control.addFault({ route: '*', kind: 'error_500', count: 3 });
    await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    assert.equal((await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }))).statusCode, 500);
    assert.equal((await rejection(deauthorize(sb.stripe, SANDBOX_ACCOUNTS.gamma))).statusCode, 500);
    assert.equal((await sb.control.faults())[0].remaining, 1);
    assert.equal((await rejection(sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.beta))).statusCode, 500);
    assert.equal((await sb.stripe.oauth.token({ grant_type: 'authorization_code', code })).stripe_user_id, SANDBOX_ACCOUNTS.beta);
  });

  it('clearing faults lets every call through again', async () => {
    await sb.control.addFault({ route: 'account', kind: 'error_500', count: 5 });
    await sb.control.addFault({ route: 'token', kind: 'drop', count: 5 });
    assert.equal(await sb.control.clearFaults(), 2);
    assert.equal((await sb.stripe.accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.platform);
  });

  it('a timeout fault holds the request for timeoutFaultSeconds, then answers', async () => {
    const quick = await startSandbox({ timeoutFaultSeconds: 0.2 });
    try {
      quick.sandbox.addFault({ route: 'account', kind: 'timeout', count: 1 });
      const started = Date.now();
      assert.equal((await quick.stripe.accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.platform);
      assert.ok(Date.now() - started >= 190);
    } finally {
      await quick.close();
    }
  });
});

describe('idempotency keys on OAuth POSTs', () => {
  it('a retried token exchange with the same key gets the first answer again, marked as a replay', async () => {
    const sb = await startSandbox();
    try {
      const code = await sb.codeFor(SANDBOX_ACCOUNTS.acme);
      const post = () =>
        fetch(`${sb.url}/oauth/token`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${sb.sandbox.credentials.secretKey}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            'Idempotency-Key': 'same-key',
          },
          body: new URLSearchParams({ grant_type: 'authorization_code', code }),
        });
      const first = await post();
      const second = await post();
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await second.json(), await first.json());
    } finally {
      await sb.close();
    }
  });
});
