import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { API_KEY, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET, SESSION_SECRET, withHostWebhooks, type Stack } from '../support/stack.js';

/**
 * Shapes of everything secret this product handles: keys, access and refresh
 * tokens, authorization codes, signing secrets, session tokens, completion handles.
 */
const SECRET_SHAPES = [
  /sk_(test|live)_[A-Za-z0-9]{8,}/,
  /rk_(test|live)_[A-Za-z0-9]{8,}/,
  /\brt_[A-Za-z0-9]{8,}/,
  /\bac_[A-Za-z0-9]{8,}/,
  /whsec_[A-Za-z0-9]{8,}/,
  /srs1\.[\w-]+\.[\w-]+/,
  /cmp_[\w-]{20,}/,
];

/** The two answers that hand a secret out on purpose: a session token to the host, a completion handle to the browser that came back. */
function meant(response: string): string {
  if (response.includes('/sessions 201')) return response.replace(/srs1\.[\w-]+\.[\w-]+/, '');
  if (/\/oauth\/callback (200|303) /.test(response)) return response.replace(/cmp_[\w-]{43}/g, '');
  return response;
}

function findSecrets(where: string, text: string, exact: string[]): string[] {
  const found: string[] = [];
  for (const shape of SECRET_SHAPES) if (shape.test(text)) found.push(`${where}: matches ${shape}`);
  for (const secret of exact) if (text.includes(secret)) found.push(`${where}: contains a configured secret`);
  return found;
}

/** Records every answer the backend gives (headers and body) while the scenario runs. */
function recordResponses(stack: Stack): { responses: string[]; stop(): void } {
  const original = globalThis.fetch;
  const responses: string[] = [];
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(stack.apiBase)) {
      const headers = JSON.stringify([...response.headers]);
      responses.push(`${url.split('?')[0]} ${response.status} ${headers} ${await response.clone().text()}`);
    }
    return response;
  };
  return { responses, stop: () => (globalThis.fetch = original) };
}

describe('no secret in any response, log line or database row', () => {
  test('a scenario through every route and outcome leaves no secret in plain text anywhere', async () => {
    await withHostWebhooks(
      async (stack, receiver) => {
        const recording = recordResponses(stack);
        try {
          const token = await stack.connectTenant('shop', SANDBOX_ACCOUNTS.acme);
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.beta }); // mismatch
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.live }); // livemode
          await stack.runFlow(token, { deny: true });
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { complete: false }); // a completion never redeemed
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { mode: 'redirect', returnUrl: `${stack.origin}/settings` });
          await stack.control.addFault({ route: 'token', kind: 'error_500', count: 5 });
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }); // unavailable
          await stack.control.clearFaults();
          await stack.request('/status/check', { method: 'POST', token });
          await stack.control.revoke(SANDBOX_ACCOUNTS.acme, { webhook: true });
          await stack.sandbox.webhooksIdle();
          const badSig = `t=${Math.floor(Date.now() / 1000)},v1=${createHmac('sha256', 'x').update('y').digest('hex')}`;
          await stack.request('/webhooks/stripe', { method: 'POST', body: '{}', headers: { 'Stripe-Signature': badSig } });
          await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme });
          await stack.admin('/tenants/shop');
          await stack.request('/disconnect', { method: 'POST', token });
          await stack.request('/status', { token: 'srs1.forged.token' });
          await stack.worker!.drain();
        } finally {
          recording.stop();
        }
        const exact = [stack.sandbox.credentials.secretKey, stack.sandbox.credentials.webhookSecret, API_KEY, SESSION_SECRET, ENCRYPTION_KEY, HOST_WEBHOOK_SECRET];
        const tables = ['tenants', 'attempts', 'oauth_states', 'completions', 'stripe_events', 'rate_limits', 'outbox'];
        const dump = [];
        for (const table of tables) dump.push(JSON.stringify(await stack.store.db.query(`SELECT * FROM ${table}`)));
        const found = [
          ...recording.responses.flatMap((r, i) => findSecrets(`response ${i}`, meant(r), exact)),
          ...stack.logs.flatMap((line, i) => findSecrets(`log line ${i}`, line, exact)),
          ...findSecrets('database', dump.join('\n'), exact),
          ...receiver.received.flatMap((r, i) => findSecrets(`host webhook ${i}`, r.body, exact)),
        ];
        assert.ok(recording.responses.length > 20 && stack.logs.length > 20, 'the scenario really ran');
        assert.deepEqual(found, []);
      },
    );
  });
});
