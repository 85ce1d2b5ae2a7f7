import type { Db } from './db.js';

/**
 * The schema, as numbered steps. Applied at start, in order, each once; the
 * advisory lock keeps instances that start together from racing.
 */
/** The channel tenant changes are announced on: one per schema, so apps sharing a database hear only their own. */
const TENANT_CHANNEL = "left('sr_' || current_schema(), 63)";

/**
 * The tenants re-checked with Stripe on a schedule: a working connection, or
 * one whose payments Stripe paused (a lost access needs a reconnect, which no
 * check repairs). Written once: the partial indexes and every query that
 * should use them must say exactly this.
 */
export const RECHECKED = "(state = 'connected' OR (state = 'needs_attention' AND problem_code = 'payments_paused'))";

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tenants (
    tenant_id text PRIMARY KEY,
    state text NOT NULL,
    account_id text,
    account_name text,
    account_publishable_key text,
    account_livemode boolean,
    refresh_token_enc text,
    legacy_publishable_key text,
    problem_code text,
    problem_since timestamptz,
    connected_at timestamptz,
    checked_at timestamptz,
    settings jsonb NOT NULL DEFAULT '{}'::jsonb,
    updated_at timestamptz NOT NULL
  );
  -- One owner per Stripe account: this index is what makes two tenants racing for one account end with one owner.
  CREATE UNIQUE INDEX tenants_account_owner ON tenants (account_id) WHERE state IN ('connected', 'needs_attention');

  CREATE TABLE attempts (
    id bigserial PRIMARY KEY,
    tenant_id text NOT NULL,
    at timestamptz NOT NULL,
    outcome text NOT NULL,
    code text,
    account_id text,
    mode text,
    request_id text
  );
  CREATE INDEX attempts_by_tenant ON attempts (tenant_id, id DESC);

  CREATE TABLE oauth_states (
    nonce text PRIMARY KEY,
    tenant_id text NOT NULL,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
  );

  CREATE TABLE stripe_events (
    event_id text PRIMARY KEY,
    type text NOT NULL,
    account_id text,
    received_at timestamptz NOT NULL
  );

  CREATE TABLE rate_limits (
    bucket text NOT NULL,
    window_start bigint NOT NULL,
    hits integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
  );

  CREATE TABLE outbox (
    seq bigserial PRIMARY KEY,
    event_id text NOT NULL UNIQUE,
    tenant_id text NOT NULL,
    type text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until timestamptz,
    last_status integer,
    last_error text,
    delivered_at timestamptz,
    failed_at timestamptz
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
  CREATE INDEX outbox_by_tenant ON outbox (tenant_id, seq);
  `,
  // Every change to a tenant or its attempts is announced (at commit) on a
  // channel named after the schema, so each instance can drop its cached status.
  `
  CREATE FUNCTION notify_tenant_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify(${TENANT_CHANNEL}, NEW.tenant_id); RETURN NULL; END $$;
  CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
  CREATE TRIGGER attempts_changed AFTER INSERT ON attempts FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
  `,
  // The claim walks pending events in order and asks, per event, whether its
  // tenant has an older one pending: both on pending rows only, so a long
  // history of delivered events costs nothing.
  `
  CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL AND failed_at IS NULL;
  CREATE INDEX outbox_pending_by_tenant ON outbox (tenant_id, seq) WHERE delivered_at IS NULL AND failed_at IS NULL;
  `,
  // Payments paused by Stripe (the problem's details: charges, payouts, reason,
  // deadline) and the warning before it (information due by a date).
  `
  ALTER TABLE tenants ADD COLUMN problem_details jsonb;
  ALTER TABLE tenants ADD COLUMN warning_code text;
  ALTER TABLE tenants ADD COLUMN warning_deadline timestamptz;
  `,
  // A flow is completed by the session that started it: the state is opaque
  // (only a hash of it is stored, with what it used to carry), and the
  // callback keeps the code, encrypted and unexchanged, as a completion.
  // States signed in the old format cannot be read any more, so their rows go.
  // The other indexes serve the housekeeping's purges.
  `
  DROP TABLE oauth_states;
  CREATE TABLE oauth_states (
    state_key text PRIMARY KEY,
    tenant_id text NOT NULL,
    origin text NOT NULL,
    mode text NOT NULL,
    return_url text,
    started_by jsonb,
    expires_at timestamptz NOT NULL,
    consumed_at timestamptz
  );
  CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);

  CREATE TABLE completions (
    completion_key text PRIMARY KEY,
    tenant_id text NOT NULL,
    user_id text,
    origin text NOT NULL,
    mode text NOT NULL,
    code_enc text NOT NULL,
    exchange_key text NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  );
  CREATE INDEX completions_expiry ON completions (expires_at);

  CREATE INDEX stripe_events_received ON stripe_events (received_at);
  CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
  CREATE INDEX outbox_failed ON outbox (failed_at) WHERE failed_at IS NOT NULL;
  `,
  // Who acted: the session's user on each attempt, and the person who made the current connection.
  `
  ALTER TABLE attempts ADD COLUMN by_person jsonb;
  ALTER TABLE tenants ADD COLUMN connected_by jsonb;
  `,
  // A flow is bound to the browser that started it: POST /connect stores the
  // flow under a one-time start token; GET /oauth/start issues the state and
  // stores the hash of the browser's binding cookie. Flows in flight from
  // before cannot be finished under that rule, so their rows go.
  `
  DROP TABLE oauth_states;
  CREATE TABLE oauth_states (
    flow_id text PRIMARY KEY,
    start_key text NOT NULL UNIQUE,
    state_key text UNIQUE,
    binding_hash text,
    tenant_id text NOT NULL,
    origin text NOT NULL,
    mode text NOT NULL,
    return_url text,
    started_by jsonb,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    started_at timestamptz,
    consumed_at timestamptz
  );
  CREATE INDEX oauth_states_expiry ON oauth_states (expires_at);
  `,
  // The fleet. state_changed_at orders GET /tenants (the last change of state,
  // problem or warning; a check that finds nothing new leaves it), with an
  // index per filter so a page is a short index walk at any fleet size.
  // recheck_due_at is the re-checks' schedule and lease (null: never
  // scheduled); rechecks_budget holds the next free slot of RECHECK_RATE,
  // shared by every instance. Moving only recheck_due_at tells no cache:
  // the Status did not change.
  `
  ALTER TABLE tenants ADD COLUMN state_changed_at timestamptz;
  UPDATE tenants SET state_changed_at = COALESCE(problem_since, connected_at, updated_at);
  ALTER TABLE tenants ALTER COLUMN state_changed_at SET NOT NULL;
  ALTER TABLE tenants ADD COLUMN recheck_due_at timestamptz;
  CREATE INDEX tenants_by_change ON tenants (state_changed_at DESC, tenant_id DESC);
  CREATE INDEX tenants_by_state ON tenants (state, state_changed_at DESC, tenant_id DESC);
  CREATE INDEX tenants_by_problem ON tenants (problem_code, state_changed_at DESC, tenant_id DESC) WHERE state IN ('needs_attention', 'legacy');
  CREATE INDEX tenants_with_warning ON tenants (state_changed_at DESC, tenant_id DESC) WHERE state = 'connected' AND warning_code IS NOT NULL;
  CREATE INDEX tenants_recheck_due ON tenants (recheck_due_at) WHERE ${RECHECKED};
  CREATE INDEX tenants_recheck_checked ON tenants (checked_at) WHERE ${RECHECKED};
  CREATE TABLE rechecks_budget (id integer PRIMARY KEY, next_slot timestamptz NOT NULL);
  DROP TRIGGER tenants_changed ON tenants;
  CREATE TRIGGER tenants_inserted AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION notify_tenant_change();
  CREATE TRIGGER tenants_changed AFTER UPDATE ON tenants FOR EACH ROW
    WHEN (OLD.recheck_due_at IS NOT DISTINCT FROM NEW.recheck_due_at OR (to_jsonb(OLD) - 'recheck_due_at') IS DISTINCT FROM (to_jsonb(NEW) - 'recheck_due_at'))
    EXECUTE FUNCTION notify_tenant_change();
  `,
  // The fleet's counts, kept as tenants change: GET /fleet and the metrics
  // sum a few rows rather than group every tenant, which took 18 ms at
  // 100,000 and grows with the fleet. A statement that adds, removes or
  // re-sorts tenants appends its net change per (state, problem, warned):
  // appending never waits on another writer, as updating one shared counter
  // row would. The housekeeping folds the rows back into one per group.
  `
  CREATE TABLE fleet_tally (state text NOT NULL, problem_code text, warned boolean NOT NULL, n integer NOT NULL);
  CREATE FUNCTION tally_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fleet_tally SELECT state, problem_code, warning_code IS NOT NULL, count(*) FROM added GROUP BY 1, 2, 3; RETURN NULL; END $$;
  CREATE FUNCTION tally_removed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fleet_tally SELECT state, problem_code, warning_code IS NOT NULL, -count(*) FROM removed GROUP BY 1, 2, 3; RETURN NULL; END $$;
  CREATE FUNCTION tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO fleet_tally VALUES (OLD.state, OLD.problem_code, OLD.warning_code IS NOT NULL, -1), (NEW.state, NEW.problem_code, NEW.warning_code IS NOT NULL, 1); RETURN NULL; END $$;
  CREATE TRIGGER tenants_tally_added AFTER INSERT ON tenants REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION tally_added();
  CREATE TRIGGER tenants_tally_removed AFTER DELETE ON tenants REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION tally_removed();
  CREATE TRIGGER tenants_tally_moved AFTER UPDATE OF state, problem_code, warning_code ON tenants FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.problem_code IS DISTINCT FROM NEW.problem_code OR (OLD.warning_code IS NULL) <> (NEW.warning_code IS NULL))
    EXECUTE FUNCTION tally_moved();
  INSERT INTO fleet_tally SELECT state, problem_code, warning_code IS NOT NULL, count(*) FROM tenants GROUP BY 1, 2, 3;
  `,
];

/** The channel `notify_tenant_change` speaks on, for the connection's schema. */
export const TENANT_CHANNEL_SQL = `SELECT ${TENANT_CHANNEL} AS channel`;

const LOCK_ID = 7_412_031_117;

export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)');
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (applied.has(version)) continue;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [version]);
    }
  });
}

/** Both drivers take one statement per parameterised query; the schema has no semicolons inside statements. */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((part) => part.replace(/--.*$/gm, '').trim())
    .filter(Boolean);
}
