/**
 * The minimal SQL surface both engines offer. The store's queries are written
 * once against it, in PostgreSQL's dialect, which PGlite runs unchanged.
 */
export interface Db {
  readonly engine: 'pglite' | 'postgres';
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Hears `NOTIFY`s on `channel` from every connection to the database (other
   * instances included). `up` says when the hearing starts and stops: after a
   * lost connection, what was said meanwhile is lost. Only engines that other
   * processes can share need it.
   */
  listen?(channel: string, handlers: ListenHandlers): Promise<() => Promise<void>>;
}

export interface ListenHandlers {
  message(payload: string): void;
  up(listening: boolean): void;
}

export type Queryable = Pick<Db, 'query'>;

/** PostgreSQL's unique_violation, as both drivers report it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: name, message } = error as { code?: string; constraint?: string; message?: string };
  if (code !== '23505') return false;
  if (!constraint) return true;
  // pg reports the constraint name as a field; PGlite only in the message.
  return name === constraint || (message ?? '').includes(`"${constraint}"`);
}
