import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SandboxControlError, sandboxControl } from '../../server/sandbox/control-client.js';
import { createSandbox, SANDBOX_ACCOUNTS, SANDBOX_CREDENTIALS, SANDBOX_OTHER_PLATFORM } from '../../server/sandbox/index.js';
import { startSandbox, type Running } from './helpers.js';

async function controlError(promise: Promise<unknown>): Promise<SandboxControlError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SandboxControlError, String(error));
    return error;
  }
  throw new Error('Expected the control call to fail');
}

describe('control API: accounts, reset and counts', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('lists the seed accounts with their connection state', async () => {
    const accounts = await sb.control.accounts();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    for (const id of Object.values(SANDBOX_ACCOUNTS)) assert.ok(byId.has(id), id);
    assert.equal(byId.get(SANDBOX_ACCOUNTS.acme)?.name, 'Acme Inc');
    assert.deepEqual(byId.get(SANDBOX_ACCOUNTS.partner)?.controlledBy, { clientId: SANDBOX_OTHER_PLATFORM.clientId, name: 'Rocket Rides' });
    assert.equal(byId.get(SANDBOX_ACCOUNTS.platform)?.isPlatform, true);
    assert.equal(byId.get(SANDBOX_ACCOUNTS.live)?.livemode, true);
    assert.ok(accounts.every((a) => a.connection === null));
    for (const account of accounts) {
      assert.match(account.id, /^acct_[A-Za-z0-9]{16}$/);
      assert.match(account.publishableKeys.test, /^pk_test_[A-Za-z0-9_]{8,}$/);
      assert.match(account.publishableKeys.live, /^pk_live_[A-Za-z0-9_]{8,}$/);
    }
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    const connected = (await sb.control.accounts()).find((a) => a.id === SANDBOX_ACCOUNTS.acme);
    assert.deepEqual([connected?.connection?.livemode, connected?.connection?.scope], [false, 'read_write']);
  });

  it('counts Stripe-shaped calls per route and resets the counts', async () => {
    await sb.control.resetCalls();
    await sb.codeFor(SANDBOX_ACCOUNTS.beta);
    await sb.stripe.accounts.retrieve(SANDBOX_ACCOUNTS.beta);
    await sb.stripe.accounts.retrieveCurrent();
    assert.deepEqual(await sb.control.calls(), { authorize: 2, token: 0, deauthorize: 0, account: 2, unrecognized: 0 });
    assert.equal(sb.sandbox.callCount('account'), 2);
    await sb.control.resetCalls();
    assert.equal((await sb.control.calls()).account, 0);
  });

  it('resets to the seed: created accounts, connections, codes, faults and deliveries are gone', async () => {
    const back = await sb.control.completeAuthorize(sb.authorizeUrl(), { createAccount: true });
    const code = back.searchParams.get('code')!;
    await sb.control.addFault({ route: 'account', kind: 'error_500', count: 3 });
    await sb.control.reset();
    const accounts = await sb.control.accounts();
    assert.equal(accounts.length, Object.keys(SANDBOX_ACCOUNTS).length + 1);
    assert.ok(accounts.every((a) => a.connection === null));
    assert.deepEqual(await sb.control.faults(), []);
    assert.deepEqual(await sb.control.deliveries(), []);
    const error = await sb.stripe.oauth.token({ grant_type: 'authorization_code', code }).catch((e: Error) => e);
    assert.match((error as Error).message, /does not exist/);
  });

  it('expires every outstanding code at once', async () => {
    await sb.codeFor(SANDBOX_ACCOUNTS.acme);
    await sb.codeFor(SANDBOX_ACCOUNTS.beta);
    assert.equal(await sb.control.expireCodes(), 2);
    assert.equal(await sb.control.expireCodes(), 0);
  });
});

describe('control API: input validation', () => {
  let sb: Running;
  before(async () => {
    sb = await startSandbox();
  });
  after(() => sb.close());

  it('refuses invalid bodies with 400 and the issues', async () => {
    const slow = await controlError(sb.control.addFault({ route: 'account', kind: 'slow', count: 1 }));
    assert.equal(slow.status, 400);
    assert.match(JSON.stringify(slow.body), /delayMs/);
    assert.equal((await controlError(sb.control.addFault({ route: 'charges' as 'token', kind: 'drop' }))).status, 400);
    assert.equal((await controlError(sb.control.setWebhookUrl('ftp://example.com/hook'))).status, 400);
    const notJson = await fetch(`${sb.url}/_sandbox/faults`, { method: 'POST', body: '{nope' });
    assert.equal(notJson.status, 400);
  });

  it('answers 404 for an unknown account or control route', async () => {
    assert.equal((await controlError(sb.control.revoke('acct_1NoSuchAccount00'))).status, 404);
    assert.equal((await controlError(sb.control.triggerEvent('account.application.authorized', 'acct_1NoSuchAccount00'))).status, 404);
    assert.equal((await fetch(`${sb.url}/_sandbox/nothing`)).status, 404);
  });

  it('reports revoking an account that is not connected as nothing revoked', async () => {
    assert.deepEqual(await sb.control.revoke(SANDBOX_ACCOUNTS.gamma), { accountId: SANDBOX_ACCOUNTS.gamma, revoked: false, delivery: null });
  });
});

describe('sandbox without a server or without the control API', () => {
  it('answers in-process through app.request', async () => {
    const sandbox = createSandbox();
    const response = await sandbox.app.request('/v1/account', { headers: { Authorization: `Bearer ${SANDBOX_CREDENTIALS.secretKey}` } });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { id: string }).id, SANDBOX_ACCOUNTS.platform);
  });

  it('leaves /_sandbox unmounted when controlApi is false, Stripe routes unchanged', async () => {
    const sandbox = createSandbox({ controlApi: false });
    assert.equal((await sandbox.app.request('/_sandbox/accounts')).status, 404);
    assert.equal((await sandbox.app.request('/_sandbox/reset', { method: 'POST' })).status, 404);
    const page = await sandbox.app.request(`/oauth/authorize?response_type=code&client_id=${SANDBOX_CREDENTIALS.clientId}&redirect_uri=http://localhost:1/cb`);
    assert.equal(page.status, 200);
  });

  it('refuses credentials that do not look like Stripe credentials when created', () => {
    assert.throws(() => createSandbox({ credentials: { secretKey: 'pk_test_123' } }), /secretKey/);
  });
});

describe('standalone sandbox (server/sandbox/main.ts)', () => {
  it('serves on PORT and prints its URL', async () => {
    const main = fileURLToPath(new URL('../../server/sandbox/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SANDBOX_WEBHOOK_URL: 'http://127.0.0.1:9/hook' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      child.stdout.setEncoding('utf8');
      for await (const chunk of child.stdout) {
        output += chunk;
        if (output.includes('\n')) break;
      }
      const url = /Stripe sandbox at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      assert.ok(url, output);
      const control = sandboxControl(url);
      assert.equal(await control.webhookUrl(), 'http://127.0.0.1:9/hook');
      assert.equal((await control.accounts()).length, Object.keys(SANDBOX_ACCOUNTS).length + 1);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
