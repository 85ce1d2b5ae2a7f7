/**
 * What the OAuth state and the start address show the world: nothing about
 * the tenant, the page, the return URL or the person.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SANDBOX_ACCOUNTS } from '../../server/sandbox/index.js';
import { sharedStacks, uniqueTenant } from '../support/shared.js';
import { openStart } from '../support/stack.js';

/** Stacks shared by the tests of this file (one per set of options), reset before each test; each test has tenants of its own. */
const shared = sharedStacks();

const USER = { id: 'user-8731-jane', name: 'Jane Doe', email: 'jane@acme.example' };

/** Every way the text could be read: as is, and each part decoded from base64url, base64 and hex. */
function readings(state: string): string[] {
  const parts = [state, ...state.split(/[._~-]/)];
  const out = [state];
  for (const part of parts) {
    for (const encoding of ['base64url', 'base64', 'hex'] as const) {
      out.push(Buffer.from(part, encoding).toString('utf8'), Buffer.from(part, encoding).toString('latin1'));
    }
    out.push(decodeURIComponent(part));
  }
  return out;
}

describe('the OAuth state says nothing readable', () => {
  test('no part of it, decoded any way, holds the tenant, the page origin, the return URL or the user', () =>
    shared.run(async (stack) => {
      const tenant = uniqueTenant('acme-workspace-4242');
      const token = await stack.mintSession(tenant, { user: USER });
      const returnUrl = `${stack.origin}/settings/billing-stripe?tab=payments`;
      const started = await stack.connect(token, { mode: 'redirect', returnUrl });
      const authorize = new URL(await openStart(started.startUrl));
      const state = authorize.searchParams.get('state')!;
      assert.match(state, /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/, '32 random bytes and a MAC');
      const secrets = [tenant, 'acme-workspace', stack.origin, 'shop-settings', returnUrl, 'billing-stripe', 'redirect', USER.id, 'jane', 'Jane'];
      for (const reading of readings(state)) {
        for (const secret of secrets) assert.ok(!reading.includes(secret), `the state reveals ${secret}`);
      }
      // The whole authorize URL too (its redirect_uri is the backend's own callback, not the page's), and the start address.
      for (const secret of secrets.filter((s) => s !== 'redirect')) {
        assert.ok(!decodeURIComponent(authorize.href).includes(secret), `the authorize URL reveals ${secret}`);
        assert.ok(!decodeURIComponent(started.startUrl).includes(secret), `the start URL reveals ${secret}`);
        for (const reading of readings(new URL(started.startUrl).searchParams.get('flow')!)) assert.ok(!reading.includes(secret), `the start token reveals ${secret}`);
      }
      // Stored under hashes: the table cannot rebuild a state or a start address.
      const rows = await stack.store.db.query<{ state_key: string | null; start_key: string }>('SELECT state_key, start_key FROM oauth_states WHERE state_key IS NOT NULL');
      assert.equal(rows.length, 1);
      assert.ok(!state.includes(rows[0]!.state_key!) && !rows[0]!.state_key!.includes(state.split('.')[0]!));
      assert.ok(!started.startUrl.includes(rows[0]!.start_key));
      // What it stands for is kept server-side, and the flow still comes back to the right page.
      const flow = await stack.runFlow(token, { accountId: SANDBOX_ACCOUNTS.acme }, { mode: 'redirect', returnUrl });
      assert.equal(new URL(flow.response.headers.get('location')!).pathname, '/settings/billing-stripe');
      assert.equal(flow.outcome, 'success');
    }));

  test('two states of one tenant share nothing', () =>
    shared.run(async (stack) => {
      const sameTenant = uniqueTenant('same-tenant');
      const token = await stack.mintSession(sameTenant);
      const states = await Promise.all(
        [1, 2].map(async () => new URL(await stack.startFlow(token)).searchParams.get('state')!),
      );
      const [a, b] = states.map((s) => Buffer.from(s.split('.')[0]!, 'base64url'));
      let same = 0;
      for (let i = 0; i < 32; i++) if (a![i] === b![i]) same++;
      assert.ok(same < 6, `${same} equal bytes of 32`);
    }));
});

