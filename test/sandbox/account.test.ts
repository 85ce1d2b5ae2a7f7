import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Stripe from 'stripe';
import { SANDBOX_ACCOUNTS, SANDBOX_OTHER_PLATFORM } from '../../server/sandbox/index.js';
import { rejection, startSandbox, type Running } from './helpers.js';

const ACCOUNT_INVALID = /^The provided key 'sk_test_\*+[A-Za-z0-9]{4}' does not have access to account '(acct_\w+)' \(or that account does not exist\)\. Application access may have been revoked\.$/;

describe('GET /v1/account and /v1/accounts/:id', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
    await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.acme) });
  });
  after(() => sb.close());

  it("answers the platform's own account without Stripe-Account", async () => {
    const account = await sb.stripe.accounts.retrieveCurrent();
    assert.equal(account.id, SANDBOX_ACCOUNTS.platform);
    assert.equal(account.object, 'account');
  });

  it('answers a connected account, Stripe-shaped, with Stripe-Account and by id', async () => {
    const viaHeader = await sb.stripe.accounts.retrieveCurrent({}, { stripeAccount: SANDBOX_ACCOUNTS.acme });
    const byId = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme);
    assert.deepEqual(viaHeader, byId);
    assert.equal(byId.id, SANDBOX_ACCOUNTS.acme);
    assert.equal(byId.type, 'standard');
    assert.equal(byId.business_profile?.name, 'Acme Inc');
    assert.equal(byId.settings?.dashboard.display_name, 'Acme Inc');
    assert.equal(byId.email, 'owner@acme.example.com');
    assert.equal(byId.country, 'US');
    assert.equal(byId.default_currency, 'usd');
    assert.equal(byId.charges_enabled, true);
    assert.equal(byId.payouts_enabled, true);
    assert.equal(byId.details_submitted, true);
    assert.deepEqual([byId.controller?.type, byId.controller?.is_controller], ['account', false]);
    assert.equal(typeof byId.created, 'number');
    assert.equal(byId.lastResponse.statusCode, 200);
    assert.match(byId.lastResponse.requestId, /^req_[A-Za-z0-9]{14}$/);
  });

  it('answers 403 account_invalid for an account never connected, or unknown', async () => {
    for (const id of [SANDBOX_ACCOUNTS.beta, 'acct_1NoSuchAccount00']) {
      const error = await rejection(sb.stripe.accounts.retrieve(id));
      assert.ok(error instanceof Stripe.errors.StripePermissionError);
      assert.equal(error.statusCode, 403);
      assert.equal(error.code, 'account_invalid');
      assert.equal(error.type, 'StripePermissionError');
      assert.equal(error.raw && (error.raw as { type?: string }).type, 'invalid_request_error');
      assert.equal(ACCOUNT_INVALID.exec(error.message)?.[1], id);
      assert.equal(error.doc_url, 'https://stripe.com/docs/error-codes/account-invalid');
    }
    const header = await rejection(sb.stripe.accounts.retrieveCurrent({}, { stripeAccount: SANDBOX_ACCOUNTS.beta }));
    assert.equal(header.code, 'account_invalid');
  });

  it('shows the other platform’s account as controlled by it (is_controller true to it only)', async () => {
    const theirs = await sb.stripeWith(SANDBOX_OTHER_PLATFORM.secretKey).accounts.retrieve(SANDBOX_ACCOUNTS.partner);
    assert.deepEqual([theirs.controller?.type, theirs.controller?.is_controller], ['application', true]);
    assert.equal((await rejection(sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.partner))).code, 'account_invalid');
  });

  it("answers Stripe's 401s for a missing or unknown key", async () => {
    const bad = await rejection(sb.stripeWith('sk_test_wrongwrongwrong9876').accounts.retrieveCurrent());
    assert.ok(bad instanceof Stripe.errors.StripeAuthenticationError);
    assert.equal(bad.message, 'Invalid API Key provided: sk_test_***************9876');
    const none = await fetch(`${sb.url}/v1/account`);
    assert.equal(none.status, 401);
    const body = (await none.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /^You did not provide an API key/);
  });

  it("answers Stripe's 404 for an unrecognized URL", async () => {
    const response = await fetch(`${sb.url}/v1/customers/cus_123`, { headers: { Authorization: `Bearer ${sb.sandbox.credentials.secretKey}` } });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('Request-Id') ?? '', /^req_/);
    const body = (await response.json()) as { error: { type: string; message: string } };
    assert.deepEqual(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /^Unrecognized request URL \(GET: \/v1\/customers\/cus_123\)\./);
  });
});

describe('POST /oauth/deauthorize', () => {
  let sb: Running;
  beforeEach(async () => {
    await sb?.close();
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('disconnects the account: its tokens stop working and retrieval fails with 403 account_invalid', async () => {
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.acme) });
    assert.equal((await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme)).id, SANDBOX_ACCOUNTS.acme);
    const answer = await sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: SANDBOX_ACCOUNTS.acme });
    assert.equal(answer.stripe_user_id, SANDBOX_ACCOUNTS.acme);
    const error = await rejection(sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme));
    assert.ok(error instanceof Stripe.errors.StripePermissionError);
    assert.equal(error.code, 'account_invalid');
    const asAccount = await rejection(sb.stripeWith(token.access_token!).accounts.retrieveCurrent());
    assert.ok(asAccount instanceof Stripe.errors.StripeAuthenticationError);
  });

  it('answers invalid_client (401) for an account that is not connected, or unknown', async () => {
    for (const id of [SANDBOX_ACCOUNTS.beta, 'acct_1NoSuchAccount00']) {
      const error = await rejection(sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: id }));
      assert.ok(error instanceof Stripe.errors.StripeInvalidClientError);
      assert.equal(error.statusCode, 401);
      assert.equal(error.message, `This application is not connected to stripe account ${id}, or that account does not exist.`);
    }
  });

  it("answers invalid_client for a client_id that is not the key's platform", async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    const error = await rejection(sb.stripe.oauth.deauthorize({ client_id: SANDBOX_OTHER_PLATFORM.clientId, stripe_user_id: SANDBOX_ACCOUNTS.acme }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidClientError);
    assert.equal(sb.sandbox.accounts().find((a) => a.id === SANDBOX_ACCOUNTS.acme)?.connection?.scope, 'read_write');
  });

  it('a second deauthorize of the same account is refused as not connected', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    await sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: SANDBOX_ACCOUNTS.gamma });
    const again = await rejection(sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: SANDBOX_ACCOUNTS.gamma }));
    assert.ok(again instanceof Stripe.errors.StripeInvalidClientError);
  });
});
