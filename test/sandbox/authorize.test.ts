import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthorizePageError, completeAuthorize } from '../../server/sandbox/control-client.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { REDIRECT_URI, rejection, startSandbox, type Running } from './helpers.js';

async function pageError(promise: Promise<unknown>): Promise<AuthorizePageError> {
  const error = await rejection(promise);
  assert.ok(error instanceof AuthorizePageError, `expected an AuthorizePageError, got ${String(error)}`);
  return error as unknown as AuthorizePageError;
}

describe('GET /oauth/authorize: the account picker', () => {
  let sb: Running;
  let html: string;
  before(async () => {
    sb = await startSandbox();
    const page = await fetch(sb.authorizeUrl());
    assert.equal(page.status, 200);
    assert.match(page.headers.get('Content-Type') ?? '', /^text\/html/);
    html = await page.text();
  });
  after(() => sb.close());

  it('lists every seed account with its id, publishable key and mode badge', () => {
    for (const [name, id] of [
      ['Acme Inc', SANDBOX_ACCOUNTS.acme],
      ['Beta LLC', SANDBOX_ACCOUNTS.beta],
      ['Partner Shop', SANDBOX_ACCOUNTS.partner],
      ['Gamma Goods', SANDBOX_ACCOUNTS.gamma],
      ['Delta Live', SANDBOX_ACCOUNTS.live],
    ]) {
      assert.ok(html.includes(name), name);
      assert.ok(html.includes(`value="${id}"`), id);
    }
    assert.match(html, /pk_test_[A-Za-z0-9_]{8,}/);
    assert.match(html, /pk_live_[A-Za-z0-9_]{8,}/);
    assert.match(html, /class="badge live">Live</);
    assert.match(html, /\(your platform\)/);
    assert.match(html, /Create a new Stripe account/);
  });

  it('marks the account another platform controls as ineligible, disabled, right above its choice', () => {
    const why = "This account can&#39;t be connected: it was created by Rocket Rides and can only be connected to that platform.";
    const at = html.indexOf(why);
    assert.ok(at > 0, 'the ineligibility note is on the page');
    const radio = html.indexOf(`value="${SANDBOX_ACCOUNTS.partner}"`);
    assert.ok(radio > at && radio - at < 400, 'the note sits right above the choice');
    assert.match(html, new RegExp(`value="${SANDBOX_ACCOUNTS.partner}" disabled aria-describedby="[^"]+-why"`));
  });

  it('is a plain form with labelled radios, a Connect button and a Deny button', () => {
    assert.match(html, /<form method="post" action="\/oauth\/authorize"/);
    assert.match(html, /<label for="choice-new">/);
    assert.match(html, /<button type="submit" class="primary" name="action" value="connect">Connect<\/button>/);
    assert.match(html, /name="action" value="deny">Deny access<\/button>/);
    assert.doesNotMatch(html, /<script|<link|src="http/);
  });
});

describe('GET /oauth/authorize: error pages instead of a redirect', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox({ redirectUris: [REDIRECT_URI, 'https://app.example.com/callback'] });
  });
  after(() => sb.close());

  it('shows an error page for an unknown client_id', async () => {
    const error = await pageError(completeAuthorize(sb.authorizeUrl({ client_id: 'ca_unknown' }), { accountId: SANDBOX_ACCOUNTS.acme }));
    assert.equal(error.status, 400);
    assert.match(error.pageMessage, /No application matches the supplied client identifier/);
  });

  it('shows an error page for a redirect_uri that is not registered (exact match)', async () => {
    for (const redirect of ['http://127.0.0.1:4242/oauth/callback/', 'https://evil.example.com/callback']) {
      const error = await pageError(completeAuthorize(sb.authorizeUrl({ redirect_uri: redirect }), { accountId: SANDBOX_ACCOUNTS.acme }));
      assert.equal(error.status, 400);
      assert.match(error.pageMessage, /Invalid redirect_uri/);
    }
  });

  it('shows an error page for a response_type other than code, and for a bad scope', async () => {
    const type = await pageError(completeAuthorize(sb.authorizeUrl({ response_type: 'token' }), { accountId: SANDBOX_ACCOUNTS.acme }));
    assert.match(type.pageMessage, /response_type/);
    const scope = await pageError(completeAuthorize(sb.authorizeUrl({ scope: 'admin' }), { accountId: SANDBOX_ACCOUNTS.acme }));
    assert.match(scope.pageMessage, /Invalid scope/);
  });

  it('redirects to the first registered URI when none is given', async () => {
    const url = new URL(sb.authorizeUrl());
    url.searchParams.delete('redirect_uri');
    const back = await completeAuthorize(url.toString(), { accountId: SANDBOX_ACCOUNTS.acme });
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
  });

  it('refuses a non-loopback redirect_uri when no URI is registered', async () => {
    const open = await startSandbox();
    try {
      await pageError(completeAuthorize(open.authorizeUrl({ redirect_uri: 'https://app.example.com/cb' }), { deny: true }));
      const back = await completeAuthorize(open.authorizeUrl({ redirect_uri: 'http://localhost:9999/cb' }), { deny: true });
      assert.equal(back.host, 'localhost:9999');
    } finally {
      await open.close();
    }
  });
});

describe('POST /oauth/authorize: the picker form', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('connects the chosen account and redirects with code, scope and state', async () => {
    const back = await completeAuthorize(sb.authorizeUrl(), { accountId: SANDBOX_ACCOUNTS.acme });
    assert.equal(`${back.origin}${back.pathname}`, REDIRECT_URI);
    assert.match(back.searchParams.get('code') ?? '', /^ac_[A-Za-z0-9]{32}$/);
    assert.equal(back.searchParams.get('scope'), 'read_write');
    assert.equal(back.searchParams.get('state'), 'state-123');
    assert.ok(sb.sandbox.accounts().find((a) => a.id === SANDBOX_ACCOUNTS.acme)?.connection);
  });

  it('answers Deny with access_denied and the state, and connects nothing', async () => {
    const back = await completeAuthorize(sb.authorizeUrl({ state: 'deny me' }), { deny: true });
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('error_description'), 'The user denied your request');
    assert.equal(back.searchParams.get('state'), 'deny me');
    assert.match(back.search, /error_description=The\+user\+denied\+your\+request/);
    assert.equal(back.searchParams.get('code'), null);
  });

  it('refuses the ineligible account server-side by re-rendering the page, never issuing a code', async () => {
    const error = await pageError(completeAuthorize(sb.authorizeUrl(), { accountId: SANDBOX_ACCOUNTS.partner }));
    assert.equal(error.status, 400);
    assert.match(error.pageMessage, /can't be connected: it was created by Rocket Rides/);
    assert.equal(sb.sandbox.accounts().find((a) => a.id === SANDBOX_ACCOUNTS.partner)?.connection, null);
  });

  it('lets a read_only application connect the other platform’s account', async () => {
    const back = await completeAuthorize(sb.authorizeUrl({ scope: 'read_only' }), { accountId: SANDBOX_ACCOUNTS.partner });
    assert.equal(back.searchParams.get('scope'), 'read_only');
    const account = await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.partner);
    assert.deepEqual([account.controller?.type, account.controller?.is_controller], ['application', false]);
  });

  it('creates a brand-new Standard account and connects it at once', async () => {
    const back = await completeAuthorize(sb.authorizeUrl({ 'stripe_user[business_name]': 'Fresh Bakery' }), { createAccount: true });
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: back.searchParams.get('code')! });
    assert.match(token.stripe_user_id!, /^acct_[A-Za-z0-9]{16}$/);
    assert.ok(!Object.values(SANDBOX_ACCOUNTS).includes(token.stripe_user_id as never));
    const account = await sb.stripe.accounts.retrieve(token.stripe_user_id!);
    assert.equal(account.business_profile?.name, 'Fresh Bakery');
    assert.equal(account.type, 'standard');
    assert.equal(account.details_submitted, false);
    const another = await completeAuthorize(sb.authorizeUrl(), { createAccount: true });
    const second = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code: another.searchParams.get('code')! });
    assert.notEqual(second.stripe_user_id, token.stripe_user_id);
    assert.match((await sb.stripe.accounts.retrieve(second.stripe_user_id!)).business_profile?.name ?? '', /^New account \d+$/);
  });

  it("issues a code for the platform's own account (the backend tells it by GET /v1/account)", async () => {
    const code = await sb.codeFor(SANDBOX_ACCOUNTS.platform);
    const token = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code });
    assert.equal(token.stripe_user_id, (await sb.stripe.accounts.retrieveCurrent()).id);
  });

  it('refuses a form that was not rendered by the page, and a submission without a choice', async () => {
    const forged = new URLSearchParams({ ...Object.fromEntries(new URL(sb.authorizeUrl()).searchParams), account: SANDBOX_ACCOUNTS.acme, action: 'connect' });
    const answer = await fetch(`${sb.url}/oauth/authorize`, { method: 'POST', body: forged, redirect: 'manual' });
    assert.equal(answer.status, 400);
    assert.equal(answer.headers.get('Location'), null);
    const error = await pageError(completeAuthorize(sb.authorizeUrl(), { accountId: '' }));
    assert.match(error.pageMessage, /Choose an account/);
  });
});
