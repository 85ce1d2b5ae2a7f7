import { after } from 'node:test';
import { startStack, type Stack, type StackOptions } from './stack.js';

let tenants = 0;

/**
 * A tenant id no other test of this process uses. Tests that share a stack
 * each take their own tenants, so nothing the app keeps in memory per tenant
 * (the status cache, recent checks) can carry over from one test to the next.
 */
export function uniqueTenant(name: string): string {
  return `${name}-${++tenants}`;
}

/** Options a shared stack can take: plain data only (a clock or a per-test URL needs a stack of its own). */
export type SharedStackOptions = Omit<StackOptions, 'now' | 'hostWebhookUrl' | 'engine'>;

export interface SharedStacks {
  /**
   * Runs `fn` against the file's stack for these options, started on first
   * use and reset before every test, as if the test had a stack of its own.
   */
  run<T>(fn: (stack: Stack) => Promise<T>, options?: SharedStackOptions): Promise<T>;
}

async function tablesOf(stack: Stack): Promise<string[]> {
  const rows = await stack.store.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`,
  );
  // The fleet's tally last: deleting tenants writes their removal to it.
  const last = (name: string) => (name === 'fleet_tally' ? 1 : 0);
  return rows.map((r) => r.table_name).sort((a, b) => last(a) - last(b) || a.localeCompare(b));
}

/**
 * Puts a used stack back to what `startStack` gives: the sandbox back to its
 * seed (accounts, connections, codes, tokens, faults, call counts, webhook
 * deliveries and URL, idempotent answers), every table of the store empty
 * (tenants, attempts, states, completions, events seen, rate-limit counts,
 * outbox), and no log lines. What stays is what the app keeps in memory,
 * keyed by tenant (tests on a shared stack use `uniqueTenant`), and the
 * answers `POST /status/check` reuses for `statusReuseMs`, keyed by account:
 * tests that check an account another test of the same stack checks take
 * `statusReuseMs: 0`.
 */
async function reset(stack: Stack, tables: string[]): Promise<void> {
  stack.sandbox.releaseHeld();
  await stack.sandbox.webhooksIdle();
  if (stack.worker) await stack.worker.drain();
  stack.sandbox.reset();
  for (const table of tables) await stack.store.db.query(`DELETE FROM ${table}`);
  stack.logs.length = 0;
}

/**
 * The stacks of one test file, one per set of options, closed when the file
 * is done. Call it at the top level of the file (it registers the `after` hook
 * there). A stack costs a fresh database and a sandbox; a reset costs a few
 * deletes.
 */
export function sharedStacks(): SharedStacks {
  const stacks = new Map<string, Promise<{ stack: Stack; tables: string[] }>>();
  let busy: Promise<unknown> = Promise.resolve();
  after(async () => {
    for (const entry of stacks.values()) await (await entry).stack.close();
  });
  return {
    run(fn, options = {}) {
      const key = JSON.stringify(Object.entries(options).sort(([a], [b]) => a.localeCompare(b)));
      let entry = stacks.get(key);
      if (!entry) {
        entry = startStack(options).then(async (stack) => ({ stack, tables: await tablesOf(stack) }));
        stacks.set(key, entry);
      }
      const started = entry;
      // One test at a time on a stack, even if a file runs tests concurrently.
      const result = busy.then(async () => {
        const { stack, tables } = await started;
        await reset(stack, tables);
        return fn(stack);
      });
      busy = result.catch(() => {});
      return result;
    },
  };
}
