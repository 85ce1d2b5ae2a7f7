/**
 * A per-tenant cache of what `GET /status` reads, so a busy tenant's polling
 * costs no database round trip. It is only as fresh as its invalidation:
 * every write to a tenant evicts it here, and other instances hear of it
 * through the database's notifications (see `TenantStore.watch`). While that
 * channel is down the cache serves nothing.
 */
export interface StatusCacheOptions {
  /** A safety net for a notification lost without the channel noticing. */
  ttlMs?: number;
  /** The most tenants kept; the oldest entry goes first. */
  maxEntries?: number;
  now?: () => number;
}

export class StatusCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  /**
   * Evictions are numbered; a read remembers the number it started at and
   * stores its result only if its key was not evicted since. Keys evicted
   * before `#floor` are forgotten, and reads older than it refused.
   */
  #epoch = 0;
  #floor = 0;
  readonly #evictedAt = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #enabled: boolean;

  constructor(options: StatusCacheOptions & { enabled: boolean }) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#enabled = options.enabled;
  }

  /** On while invalidations can reach this instance; switching either way forgets everything. */
  set enabled(on: boolean) {
    this.#enabled = on;
    this.clear();
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.#now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  /** Call before reading from the database; give the result to {@link set}. */
  mark(): number {
    return this.#epoch;
  }

  /** Keeps `value`, read since `mark`, unless its key was evicted meanwhile. */
  set(key: string, mark: number, value: V): void {
    if (!this.#enabled || mark < this.#floor || (this.#evictedAt.get(key) ?? -1) > mark) return;
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
  }

  evict(key: string): void {
    this.#entries.delete(key);
    this.#epoch += 1;
    if (this.#evictedAt.size >= this.#maxEntries) {
      this.#evictedAt.clear();
      this.#floor = this.#epoch;
    }
    this.#evictedAt.set(key, this.#epoch);
  }

  clear(): void {
    this.#entries.clear();
    this.#evictedAt.clear();
    this.#epoch += 1;
    this.#floor = this.#epoch;
  }
}
