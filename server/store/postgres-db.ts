import pg from 'pg';
import type { Db, ListenHandlers } from './db.js';

export interface PostgresOptions {
  connectionString: string;
  /** Pool size per instance; default 10. */
  max?: number;
  /** A schema of its own (created if missing), so several apps or test runs can share one database. */
  schema?: string;
}

/** The scaled-out engine: one PostgreSQL shared by any number of stateless instances. */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  if (schema) {
    const setup = new pg.Client({ connectionString: options.connectionString });
    await setup.connect();
    try {
      await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await setup.end();
    }
  }
  // The pool and the LISTEN connection: same server, same schema.
  const clientConfig = { connectionString: options.connectionString, ...(schema && { options: `-c search_path=${schema}` }) };
  const pool = new pg.Pool({ ...clientConfig, max: options.max ?? 10 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  // Fail at start, with the driver's reason, rather than on the first request.
  await pool.query('SELECT 1');
  return {
    engine: 'postgres',
    async query(sql, params = []) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query(sql, params = []) {
            return (await client.query(sql, params as unknown[])).rows;
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    listen: (channel, handlers) => listenOn(clientConfig, channel, handlers),
    async close() {
      await pool.end();
    },
  };
}

/** A connection of its own that LISTENs on `channel`, reconnecting with backoff until stopped. */
async function listenOn(config: pg.ClientConfig, channel: string, handlers: ListenHandlers): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let delayMs = 250;

  /** Connects and listens; a failure after the first connection schedules another try instead of throwing. */
  const connect = async (first: boolean): Promise<void> => {
    const next = new pg.Client(config);
    client = next;
    let down = false;
    const lost = () => {
      if (down) return;
      down = true;
      if (client === next) client = null;
      handlers.up(false);
      next.end().catch(() => {});
      if (stopped) return;
      retry = setTimeout(() => void connect(false), delayMs);
      retry.unref();
      delayMs = Math.min(delayMs * 2, 30_000);
    };
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.message(message.payload ?? '');
    });
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      if (first) {
        down = true;
        await next.end().catch(() => {});
        throw error;
      }
      return lost();
    }
    delayMs = 250;
    handlers.up(true);
  };

  await connect(true);
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const last = client;
    client = null;
    await last?.end().catch(() => {});
    handlers.up(false);
  };
}
