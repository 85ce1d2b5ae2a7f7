/**
 * `GET /status` is served from a per-tenant cache; these prove it is never
 * stale after a change, whoever makes it: this instance, another instance on
 * the same PostgreSQL, or SQL from outside the store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPostgresStore, type Store } from '../../server/store/index.js';
import { freshStore, POSTGRES_URL } from '../support/stores.js';

const NOW = new Date('2026-11-20T10:00:00Z');

async function connect(store: Store, tenantId: string, accountId: string) {
  await store.tenants.transition({
    tenantId,
    now: NOW,
    decide: (current) => ({
      ...current,
      state: 'connected',
      account: { id: accountId, name: 'Acme', publishableKey: 'pk_test_x', livemode: false },
      connectedAt: NOW,
      checkedAt: NOW,
    }),
    attempt: { at: NOW, outcome: 'success', code: null, accountId, mode: 'popup', requestId: 'req_1', by: null },
  });
}

/** Polls until `read` gives what `done` wants: another instance hears of a change a few milliseconds after its commit. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the status cache (engine under test)', () => {
  let store: Store;
  before(async () => {
    store = await freshStore();
  });
  after(() => store.close());

  test('a change made through the store is seen by the very next read', async () => {
    assert.equal((await store.tenants.snapshot('shop')).tenant, null);
    await store.tenants.snapshot('shop'); // now cached
    await connect(store, 'shop', 'acct_1');
    const view = await store.tenants.snapshot('shop');
    assert.equal(view.tenant?.state, 'connected');
    assert.equal(view.lastAttempt?.outcome, 'success');

    await store.tenants.recordAttempt({ tenantId: 'shop', at: NOW, outcome: 'error', code: 'access_denied', accountId: null, mode: 'popup', requestId: 'req_2', by: null });
    assert.equal((await store.tenants.snapshot('shop')).lastAttempt?.code, 'access_denied');
  });

  test('a change made by SQL outside the store reaches the cache too', async () => {
    await store.tenants.snapshot('shop');
    await store.db.query(`UPDATE tenants SET state = 'disconnected' WHERE tenant_id = 'shop'`);
    const view = await eventually(() => store.tenants.snapshot('shop'), (v) => v.tenant?.state === 'disconnected');
    assert.equal(view.tenant?.state, 'disconnected');
  });
});

describe('the status cache across instances (PostgreSQL)', () => {
  let a: Store & { schema?: string };
  let b: Store;
  before(async () => {
    a = await freshStore('postgres');
    b = await createPostgresStore({ connectionString: POSTGRES_URL, schema: a.schema! });
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  test('an instance that cached a status hears when another instance changes it', async () => {
    assert.equal((await b.tenants.snapshot('shop')).tenant, null); // cached on b
    assert.equal((await b.tenants.snapshot('shop')).tenant, null);
    await connect(a, 'shop', 'acct_2');
    const view = await eventually(() => b.tenants.snapshot('shop'), (v) => v.tenant?.state === 'connected');
    assert.equal(view.tenant?.state, 'connected');
    assert.equal(view.tenant?.account?.id, 'acct_2');
  });

  test('an attempt recorded on one instance shows on the other', async () => {
    await b.tenants.snapshot('shop');
    await a.tenants.recordAttempt({ tenantId: 'shop', at: NOW, outcome: 'error', code: 'account_mismatch', accountId: 'acct_9', mode: 'popup', requestId: 'req_3', by: null });
    const view = await eventually(() => b.tenants.snapshot('shop'), (v) => v.lastAttempt?.code === 'account_mismatch');
    assert.equal(view.lastAttempt?.code, 'account_mismatch');
  });
});
