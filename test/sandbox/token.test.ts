import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { SANDBOX_ACCOUNTS, SANDBOX_OTHER_PLATFORM } from '../../server/sandbox/index.js';
import { rejection, startSandbox, type Running } from './helpers.js';

describe('POST /oauth/token (authorization_code)', () => {
  let sb: Running;
  let clock = Date.now();
  before(async () => {
    sb = await startSandbox({ now: () => clock });
  });
  after(() => sb.close());

  it('exchanges a code for a fresh token, Stripe-shaped, and the account becomes readable', async () => {
    const first = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.acme) });
    assert.equal(first.stripe_user_id, SANDBOX_ACCOUNTS.acme);
    assert.equal(first.livemode, false);
    assert.equal(first.token_type, 'bearer');
    assert.equal(first.scope, 'read_write');
    assert.match(first.access_token!, /^sk_test_[A-Za-z0-9]{20,}$/);
    assert.match(first.refresh_token!, /^rt_[A-Za-z0-9]{20,}$/);
    assert.match(first.stripe_publishable_key!, /^pk_test_[A-Za-z0-9_]{8,}$/);
    const second = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.acme) });
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal((await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.acme)).id, SANDBOX_ACCOUNTS.acme);
  });

  it('refuses an unknown code with invalid_grant', async () => {
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code: 'ac_doesnotexist' }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(error.statusCode, 400);
    assert.equal(error.message, 'Authorization code does not exist: ac_doesnotexist');
  });

  it('refuses a used code and revokes the tokens it issued', async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.beta);
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code });
    const asAccount = sb.stripeWith(token.access_token!);
    assert.equal((await asAccount.accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.beta);
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(error.message, 'This authorization code has already been used. All tokens issued with this code have been revoked.');
    const revoked = await rejection(asAccount.accounts.retrieveCurrent());
    assert.ok(revoked instanceof Stripe.errors.StripeAuthenticationError);
    const refresh = await rejection(sb.stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: token.refresh_token! }));
    assert.ok(refresh instanceof Stripe.errors.StripeInvalidGrantError);
  });

  it('refuses a code older than five minutes', async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    clock += 5 * 60_000 + 1;
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(error.message, `Authorization code expired: ${code}`);
  });

  it('refuses a code expired through the control API, and only that one', async () => {
    const expired = await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    const fresh = await sb.codeFor(SANDBOX_ACCOUNTS.gamma);
    assert.equal(await sb.control.expireCodes(expired), 1);
    assert.ok((await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code: expired }))) instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal((await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: fresh })).stripe_user_id, SANDBOX_ACCOUNTS.gamma);
  });

  it("refuses a live-mode code with a test key in Stripe's mode wording, and the live key gets live keys", async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.live);
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(error.message, 'Passed in testmode API key but authorization code only supports returning live keys');
    const live = await sb.stripeWith(sb.sandbox.secretKeys.live).oauth.token({ grant_type: 'authorization_code', code });
    assert.equal(live.livemode, true);
    assert.match(live.access_token!, /^sk_live_/);
    assert.match(live.stripe_publishable_key!, /^pk_live_[A-Za-z0-9_]{8,}$/);
  });

  it('refuses a test-mode code with a live key', async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    const error = await rejection(sb.stripeWith(sb.sandbox.secretKeys.live).oauth.token({ grant_type: 'authorization_code', code }));
    assert.equal(error.message, 'Passed in livemode API key but authorization code only supports returning test keys');
  });

  it("refuses another platform's code", async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.beta, { client_id: SANDBOX_OTHER_PLATFORM.clientId });
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(error instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(error.message, 'Authorization code provided does not belong to you');
    const theirs = await sb.stripeWith(SANDBOX_OTHER_PLATFORM.secretKey).oauth.token({ grant_type: 'authorization_code', code });
    assert.equal(theirs.stripe_user_id, SANDBOX_ACCOUNTS.beta);
  });

  it('accepts the key as client_secret too, and refuses a bad or missing key', async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, client_secret: sb.sandbox.credentials.secretKey });
    const ok = await fetch(`${sb.url}/oauth/token`, { method: 'POST', body });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('Request-Id') ?? '', /^req_/);
    const bad = await rejection(sb.stripeWith('sk_test_notTheRightKey1234').oauth.token({ grant_type: 'authorization_code', code }));
    assert.ok(bad instanceof Stripe.errors.StripeInvalidClientError);
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.message, 'No such API key: sk_test_**************1234');
    const none = await fetch(`${sb.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code }) });
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: string }).error, 'invalid_request');
  });

  it('refuses an unsupported grant type', async () => {
    const error = await rejection(sb.stripe.oauth.token({ grant_type: 'client_credentials' as 'authorization_code' }));
    assert.ok(error instanceof Stripe.errors.StripeUnsupportedGrantTypeError);
  });
});

describe('POST /oauth/token (refresh_token)', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('mints a new access token for the same account and keeps the refresh token', async () => {
    const first = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.acme) });
    const next = await sb.stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token! });
    assert.equal(next.stripe_user_id, SANDBOX_ACCOUNTS.acme);
    assert.equal(next.refresh_token, first.refresh_token);
    assert.notEqual(next.access_token, first.access_token);
    assert.equal((await sb.stripeWith(next.access_token!).accounts.retrieveCurrent()).id, SANDBOX_ACCOUNTS.acme);
  });

  it('refuses an unknown refresh token, and one revoked by a deauthorization', async () => {
    const unknown = await rejection(sb.stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: 'rt_nope' }));
    assert.ok(unknown instanceof Stripe.errors.StripeInvalidGrantError);
    assert.equal(unknown.message, 'Refresh token does not exist: rt_nope');
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: await sb.codeFor(SANDBOX_ACCOUNTS.beta) });
    await sb.stripe.oauth.deauthorize({ client_id: sb.sandbox.credentials.clientId, stripe_user_id: SANDBOX_ACCOUNTS.beta });
    const revoked = await rejection(sb.stripe.oauth.token({ grant_type: 'refresh_token', refresh_token: token.refresh_token! }));
    assert.ok(revoked instanceof Stripe.errors.StripeInvalidGrantError);
  });
});
