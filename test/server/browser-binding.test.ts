/**
 * A flow counts only in the browser that started it (RFC 9700's binding of
 * the state to the user agent), over real HTTP: `GET /oauth/start` sets the
 * flow's cookie once; a callback without it (the authorize address finished
 * in another browser) exchanges, stores and hands out nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { browse, CookieJar, finishFlow, openStart, readResult, type Stack } from '../support/stack.js';

const shared = sharedStacks();

/** What a table holds, to show a refused request stored nothing. */
const rows = async (stack: Stack) => {
  const [states, completions, attempts, limits] = await Promise.all(
    ['oauth_states WHERE consumed_at IS NOT NULL', 'completions', 'attempts', 'rate_limits'].map(
      async (from) => (await stack.store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`))[0]!.n,
    ),
  );
  return { consumedStates: states, completions, attempts, rateLimits: limits };
};

describe('an authorize address finished in another browser', () => {
  for (const mode of ['popup', 'redirect'] as const) {
    test(`${mode}: that browser gets a page saying nothing was connected, and nothing is exchanged, stored or consumed; the starter still finishes`, () =>
      shared.run(async (stack) => {
        const victim = uniqueTenant('victim');
        const token = await stack.mintSession(victim);
        const returnUrl = `${stack.origin}/settings`;
        const authorizeUrl = await stack.startFlow(token, { mode, returnUrl });
        const before = await rows(stack);

        // Forwarded: someone else finishes Stripe's page with their own account, in their own browser.
        const attacker = new CookieJar();
        const elsewhere = await finishFlow(await stack.control.completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.beta }), authorizeUrl, attacker);
        assert.equal(elsewhere.response.status, 400);
        assert.equal(elsewhere.response.headers.get('location'), null, 'no redirect, no return link');
        assert.equal(elsewhere.message, null, 'the page posts nothing');
        assert.equal(elsewhere.completion, null, 'no handle');
        assert.ok(!/cmp_|stripe_reconnect=/.test(elsewhere.response.text), 'neither a handle nor a return address anywhere in the page');
        assert.match(elsewhere.response.text, /Nothing was connected/);
        assert.match(elsewhere.response.text, /different browser/);
        assert.match(elsewhere.response.text, /in this browser and click Reconnect/);
        assert.equal((await stack.control.calls()).token, 0, 'no code was exchanged');
        assert.deepEqual(await rows(stack), before, 'no completion, no attempt, no state consumed, no counter written');
        assert.equal((await stack.status(token)).state, 'not_connected');

        // The person who started it finishes Stripe's page in their own browser: the flow is still theirs.
        const own = await finishFlow(await stack.control.completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme }), authorizeUrl);
        assert.equal(own.outcome, 'pending');
        const done = await stack.completeFlow(token, own);
        assert.equal(done.outcome, 'success');
        assert.equal((await stack.status(token)).account?.id, SANDBOX_ACCOUNTS.acme);
      }));
  }

  test('a binding cookie of another flow, or a made-up one, is no binding', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const mine = new CookieJar();
      const other = new CookieJar();
      const authorizeUrl = await stack.startFlow(token, { browser: mine });
      await stack.startFlow(token, { browser: other });
      const back = await stack.control.completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme });
      assert.equal((await finishFlow(back, authorizeUrl, other)).response.status, 400, 'the other flow’s cookie');
      const [name] = (mine.header() ?? '').split('=');
      const forged = await readResult<string>(await fetch(back, { headers: { Cookie: `${name}=${'A'.repeat(43)}` } }));
      assert.equal(forged.status, 400, 'a made-up value under the right name');
      assert.match(forged.text, /Nothing was connected/);
      assert.equal((await finishFlow(back, authorizeUrl, mine)).outcome, 'pending', 'the starter’s own cookie');
    }));
});

describe('the start address', () => {
  test('sets one HttpOnly, SameSite=Lax cookie per flow, on the /oauth/ path, for the flow’s lifetime, and sends the browser to Stripe', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const started = await stack.connect(token);
      assert.match(started.flowId, /^flw_[A-Za-z0-9_-]{22}$/);
      assert.ok(Math.abs(Date.parse(started.startedAt) - Date.now()) < 5_000);
      const start = new URL(started.startUrl);
      assert.equal(`${start.origin}${start.pathname}`, `${stack.apiBase}/oauth/start`, 'on the backend itself');
      const response = await browse(started.startUrl, new CookieJar());
      assert.equal(response.status, 303);
      assert.equal(new URL(response.headers.get('location')!).origin, stack.sandboxUrl, 'to Stripe’s authorize page');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      const cookies = response.headers.getSetCookie();
      assert.equal(cookies.length, 1);
      const [pair, ...attributes] = cookies[0]!.split('; ');
      assert.match(pair!, new RegExp(`^stripe_reconnect_${started.flowId}=[A-Za-z0-9_-]{43}$`));
      assert.deepEqual(attributes.filter((a) => !a.startsWith('Max-Age')), ['Path=/stripe-reconnect/oauth/', 'HttpOnly', 'SameSite=Lax'], 'no Secure on a plain-http loopback backend');
      const maxAge = Number(attributes.find((a) => a.startsWith('Max-Age='))!.slice(8));
      assert.ok(maxAge > 590 && maxAge <= 600, `Max-Age ${maxAge}`);
      const stored = await stack.store.db.query<{ binding_hash: string }>('SELECT binding_hash FROM oauth_states WHERE flow_id = $1', [started.flowId]);
      assert.ok(stored[0]?.binding_hash && !cookies[0]!.includes(stored[0].binding_hash), 'only a hash of the cookie is stored');
    }));

  test('works once: a second use, in any browser, is refused and sends nobody to Stripe', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const { startUrl } = await stack.connect(token);
      const authorizeUrl = await openStart(startUrl);
      for (const jar of [new CookieJar(), new CookieJar()]) {
        const again = await browse(startUrl, jar);
        assert.equal(again.status, 400);
        assert.equal(again.headers.get('location'), null);
        assert.equal(again.headers.getSetCookie().length, 0, 'no cookie for the second browser');
        assert.match(await again.text(), /already been used or has expired/);
        assert.equal(jar.size, 0);
      }
      // The first browser's flow is untouched.
      const back = await finishFlow(await stack.control.completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme }), authorizeUrl);
      assert.equal((await stack.completeFlow(token, back)).outcome, 'success');
    }));

  test('an address forged, cut short or with the state in place of the start token is refused', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const { startUrl } = await stack.connect(token);
      const authorizeUrl = await openStart((await stack.connect(token)).startUrl);
      const state = new URL(authorizeUrl).searchParams.get('state')!;
      const flowToken = new URL(startUrl).searchParams.get('flow')!;
      for (const value of [state, flowToken.slice(0, -1), `${flowToken}x`, '', 'x'.repeat(5000)]) {
        const url = new URL(startUrl);
        url.searchParams.set('flow', value);
        const answer = await browse(url, new CookieJar());
        assert.equal(answer.status, 400, value.slice(0, 20));
        assert.equal(answer.headers.get('location'), null);
      }
      assert.equal((await browse(startUrl, new CookieJar())).status, 303, 'the genuine one still works once');
    }));

  test('expires with the flow: ten minutes after POST /connect it starts nothing', async () => {
    let offset = 0;
    const { withStack } = await import('../support/stack.js');
    await withStack(
      async (stack) => {
        const token = await stack.mintSession('shop', { ttlSeconds: 3600 });
        const { startUrl } = await stack.connect(token);
        offset = 10 * 60_000 + 1_000;
        assert.equal((await browse(startUrl, new CookieJar())).status, 400);
      },
      { now: () => new Date(Date.now() + offset) },
    );
  });
});

describe('once the flow is back', () => {
  test('its cookie goes, and a replay in the same browser is told the link is no longer valid (not that it is another browser)', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const jar = new CookieJar();
      const authorizeUrl = await stack.startFlow(token, { browser: jar });
      const back = await stack.control.completeAuthorize(authorizeUrl, { accountId: SANDBOX_ACCOUNTS.acme });
      const first = await finishFlow(back, authorizeUrl, jar);
      assert.equal(first.outcome, 'pending');
      assert.match(first.response.headers.getSetCookie()[0] ?? '', /^stripe_reconnect_flw_[A-Za-z0-9_-]{22}=; Path=\/stripe-reconnect\/oauth\/; Max-Age=0;/);
      assert.equal(jar.size, 0, 'the browser holds no binding any more');
      const replay = await finishFlow(back, authorizeUrl, jar);
      assert.equal(replay.code, 'invalid_state');
      assert.doesNotMatch(replay.response.text, /different browser/);
      // The same replay from any other browser says the same: the flow is over, nothing is at stake.
      assert.equal((await finishFlow(back, authorizeUrl, new CookieJar())).code, 'invalid_state');
      assert.equal((await stack.completeFlow(token, first)).outcome, 'success');
    }));
});

describe('the flow’s id comes back beside the outcome', () => {
  test('popup: in the page’s message; redirect: in the return address; errors too', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const popup = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { complete: false });
      assert.match(popup.flowId ?? '', /^flw_/);
      assert.equal(popup.message?.flow, popup.flowId);
      const returnUrl = `${stack.origin}/settings`;
      const redirect = await stack.runFlow(token, { deny: true }, { mode: 'redirect', returnUrl });
      const back = new URL(redirect.response.headers.get('location')!);
      assert.equal(back.searchParams.get('stripe_reconnect'), 'access_denied');
      assert.match(back.searchParams.get('stripe_reconnect_flow') ?? '', /^flw_/);
      assert.notEqual(back.searchParams.get('stripe_reconnect_flow'), popup.flowId, 'each flow its own id');
    }));

  test('two flows at once in one browser (two tabs) each keep their own cookie and both complete', () =>
    shared.run(async (stack) => {
      const token = await stack.mintSession(uniqueTenant('shop'));
      const jar = new CookieJar();
      const [first, second] = [await stack.startFlow(token, { browser: jar }), await stack.startFlow(token, { browser: jar })];
      assert.equal(jar.size, 2);
      const backSecond = await finishFlow(await stack.control.completeAuthorize(second, { accountId: SANDBOX_ACCOUNTS.acme }), second, jar);
      const backFirst = await finishFlow(await stack.control.completeAuthorize(first, { accountId: SANDBOX_ACCOUNTS.acme }), first, jar);
      assert.deepEqual([backFirst.outcome, backSecond.outcome], ['pending', 'pending']);
      assert.notEqual(backFirst.flowId, backSecond.flowId);
      assert.equal((await stack.completeFlow(token, backSecond)).outcome, 'success');
    }));
});
