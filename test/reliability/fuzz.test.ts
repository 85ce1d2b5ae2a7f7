import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ErrorBody } from '../../contract/schemas.js';
import { mintSession } from '../../server/security/session-token.js';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { API_KEY, SESSION_SECRET, startStack, type HttpResult, type Stack } from '../support/stack.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
let stack: Stack;
let tenantsBefore = '';
let fuzzed = 0;

const snapshot = async () => JSON.stringify(await stack.store.db.query('SELECT * FROM tenants ORDER BY tenant_id'));

before(async () => {
  // Generous limits: this checks input handling, not throttling (tested on its own).
  const loose = { limit: 1_000_000, windowSeconds: 60 };
  stack = await startStack({
    rateLimits: { connectPerTenant: loose, completePerTenant: loose, callbackPerTenant: loose, callbackPerAddress: loose, sessionsPerTenant: loose, sessionsPerAddress: loose },
  });
  await stack.connectTenant('guard', SANDBOX_ACCOUNTS.acme);
});
after(async () => {
  process.stdout.write(`# fuzzed ${fuzzed} requests\n`);
  await stack.close();
});

/** What every answer to hostile input must be: no 5xx, no stack trace, no secret, the error JSON on API routes. */
async function check(result: HttpResult<unknown>, { json = true } = {}) {
  fuzzed++;
  assert.ok(result.status < 500, `answered ${result.status}: ${result.text.slice(0, 300)}`);
  assert.doesNotMatch(result.text, /\n\s+at |node_modules|sk_test_|whsec_|rt_[A-Za-z0-9]{8}/);
  if (json && result.status >= 400) {
    const parsed = ErrorBody.safeParse(result.body);
    assert.ok(parsed.success, `not the error JSON: ${result.text.slice(0, 200)}`);
  }
  if (result.status >= 400) assert.equal(await snapshot(), tenantsBefore, 'a rejected request changed a tenant');
  else tenantsBefore = await snapshot();
}

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom('', ' ', '%00', '../', '{"', 'null', '[]'));
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ tenantId: text, origin: text, ttlSeconds: fc.anything(), user: fc.anything() }),
  fc.record({ mode: text, returnUrl: text }),
  fc.record({ completion: fc.oneof(text, text.map((t) => `cmp_${t}`)) }),
  fc.record({ publishableKey: text }),
);
const body = fc.oneof(anyJson.map((v) => JSON.stringify(v)), text);
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '');
// fetch only sends header values of visible ASCII; anything else never reaches a server.
const headerText = text.map((t) => t.replace(/[^\x20-\x7e]/g, '?').trim());
const authorization = fc.oneof(
  headerText,
  headerText.map((t) => `Bearer ${t}`),
  fc.constant(`Bearer ${API_KEY}`),
  fc.constant(`Bearer ${mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'fuzz' }).token}`),
  fc.constant(`Bearer ${mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'guard', ttlSeconds: 30, now: () => new Date(Date.now() - 60_000) }).token}`),
);

describe('fuzzing every route (fast-check)', () => {
  before(async () => {
    tenantsBefore = await snapshot();
  });

  const routes: Array<[string, string]> = [
    ['POST', '/sessions'],
    ['PUT', '/tenants/{id}/legacy'],
    ['GET', '/tenants/{id}'],
    ['GET', '/status'],
    ['POST', '/status/check'],
    ['POST', '/connect'],
    ['POST', '/connect/complete'],
    ['POST', '/disconnect'],
  ];
  for (const [method, template] of routes) {
    test(`${method} ${template}: bodies, ids, content types and credentials`, async () => {
      await fc.assert(
        fc.asyncProperty(text, body, contentType, authorization, async (id, payload, type, auth) => {
          const path = template.replace('{id}', encodeURIComponent(id));
          const headers: Record<string, string> = { Authorization: auth };
          if (type) headers['Content-Type'] = type;
          const init = method === 'GET' ? { method, headers } : { method, headers, body: payload };
          await check(await stack.request(path, init));
        }),
        { numRuns: RUNS },
      );
    });
  }

  test('GET /oauth/callback: any query string gets a page, never a crash', async () => {
    const realState = await stack.startFlow(mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'fuzz-cb' }).token);
    const state = new URL(realState).searchParams.get('state')!;
    const mutatedState = fc.nat({ max: state.length - 1 }).chain((at) => fc.string({ minLength: 1, maxLength: 1 }).map((ch) => state.slice(0, at) + ch + state.slice(at + 1)));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ code: fc.option(text), state: fc.option(fc.oneof(text, mutatedState)), error: fc.option(text), error_description: fc.option(text) }, { requiredKeys: [] }),
        async (query) => {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
          await check(await stack.request(`/oauth/callback?${params}`), { json: false });
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  test('GET /oauth/start: any query string gets a page and sends nobody anywhere, never a crash', async () => {
    const { startUrl } = await stack.connect(mintSession({ sessionSecret: SESSION_SECRET, tenantId: 'fuzz-start' }).token);
    const token = new URL(startUrl).searchParams.get('flow')!;
    const mutated = fc.nat({ max: token.length - 1 }).chain((at) => fc.string({ minLength: 1, maxLength: 1 }).map((ch) => token.slice(0, at) + ch + token.slice(at + 1)));
    await fc.assert(
      fc.asyncProperty(fc.record({ flow: fc.option(fc.oneof(text, mutated)), state: fc.option(text) }, { requiredKeys: [] }), async (query) => {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v !== token) params.set(k, v);
        const answer = await stack.request(`/oauth/start?${params}`);
        assert.equal(answer.headers.get('location'), null, 'nobody is sent to Stripe');
        await check(answer, { json: false });
      }),
      { numRuns: RUNS },
    );
  });

  test('POST /webhooks/stripe: payloads and signatures, signed and not', async () => {
    const secret = stack.sandbox.credentials.webhookSecret;
    const sign = (payload: string, t: number) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
    const event = fc.record(
      { id: fc.oneof(text, fc.anything()), type: fc.oneof(fc.constantFrom('account.application.deauthorized', 'account.application.authorized'), text), account: fc.oneof(fc.constant(SANDBOX_ACCOUNTS.acme), text, fc.anything()), created: fc.oneof(fc.integer(), fc.anything()), data: fc.anything() },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(event.map((e) => JSON.stringify(e)), body), fc.oneof(headerText, fc.constant('signed')), async (payload, signature) => {
        const header = signature === 'signed' ? sign(payload, Math.floor(Date.now() / 1000)) : signature;
        await check(await stack.request('/webhooks/stripe', { method: 'POST', body: payload, headers: { 'Stripe-Signature': header, 'Content-Type': 'application/json' } }));
      }),
      { numRuns: RUNS * 2 },
    );
    assert.equal((await stack.status(await stack.mintSession('guard'))).state, 'connected', 'the guard tenant is still connected');
  });
});
