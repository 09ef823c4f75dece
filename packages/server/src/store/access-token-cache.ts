import type { AccessTokenRecord, GrantRecord } from './grant-store.js';

/** What the bearer check's query found for one access token. */
export interface AccessTokenGrant {
  token: AccessTokenRecord;
  grant: GrantRecord;
  connectionExists: boolean;
}

interface CachedLookup {
  found: AccessTokenGrant;
  /** `performance.now()` when read from the database. */
  readAt: number;
}

export const ACCESS_TOKEN_CACHE_DEFAULTS = { maxAgeMs: 1000, maxEntries: 10_000 };

export interface AccessTokenCacheOptions {
  /** The longest an entry is served, in ms (BEARER_CACHE_MS); 0 turns the cache off. */
  maxAgeMs: number;
  maxEntries: number;
  /** Serve from the start (true), or only after `resume()`: on PostgreSQL, once the eviction listener listens. */
  serving?: boolean;
  /** A monotonic clock in ms; injected by tests. Default `performance.now`. */
  now?: () => number;
}

/**
 * The bearer check's lookups (token digest → token, grant, connection), kept for at most `maxAgeMs` of real
 * time so `POST /unfurl` does not query the database per request. Correct because:
 * - in this process, every write that can turn a token away (revoking a grant or a connection's grants, a
 *   rotation, deleting a connection) evicts the entries it touches, and a read that was under way when any such
 *   write happened is not kept (a generation counter);
 * - across processes sharing the database, an entry is at most `maxAgeMs` old: a revocation made elsewhere is
 *   seen here within that bound (docs/operations.md). On PostgreSQL the other instances' revocations also evict
 *   at once through `BearerEvictionListener`, and while it is not listening the cache is suspended: every
 *   lookup reads the database, and nothing read then is kept (a notification may have been missed);
 * - nothing time-dependent is decided here: the caller checks expiry against its clock on every hit.
 * Only found tokens are kept (unknown digests would let a client fill the cache), at most `maxEntries`, least
 * recently used first out.
 */
export class AccessTokenCache {
  readonly #entries = new Map<string, CachedLookup>();
  readonly #maxAgeMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #generation = 0;
  #serving: boolean;

  constructor(options: AccessTokenCacheOptions = ACCESS_TOKEN_CACHE_DEFAULTS) {
    this.#maxAgeMs = options.maxAgeMs;
    this.#maxEntries = options.maxEntries;
    this.#serving = options.serving ?? true;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Whether lookups may be answered from memory now. */
  get serving(): boolean {
    return this.#serving && this.#maxAgeMs > 0;
  }

  /** Stops serving from memory (and drops every entry) until `resume()`: evictions may be missed meanwhile. */
  suspend(): void {
    this.#serving = false;
    this.evictAll();
  }

  /** Serves from memory again; a read that began while suspended is not kept (its answer may predate a miss). */
  resume(): void {
    this.#generation += 1;
    this.#serving = true;
  }

  /** The cached lookup, or `read()`'s answer (kept if no eviction happened while it ran). */
  async lookup(
    tokenHash: string,
    read: () => Promise<AccessTokenGrant | undefined>,
  ): Promise<AccessTokenGrant | undefined> {
    const now = this.#now();
    const cached = this.#entries.get(tokenHash);
    if (cached !== undefined) {
      this.#entries.delete(tokenHash);
      if (now - cached.readAt < this.#maxAgeMs) {
        this.#entries.set(tokenHash, cached);
        return cached.found;
      }
    }
    const generation = this.#generation;
    const found = await read();
    if (found !== undefined && generation === this.#generation && this.serving) {
      this.#entries.set(tokenHash, { found, readAt: now });
      if (this.#entries.size > this.#maxEntries) {
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
    }
    return found;
  }

  /** Evicts the tokens of one grant; and any read under way is not kept. */
  evictGrant(grantId: string): void {
    this.#evict((found) => found.grant.id === grantId);
  }

  /** Evicts the tokens of every grant bound to one Notion connection; and any read under way is not kept. */
  evictConnection(connectionId: string): void {
    this.#evict((found) => found.grant.connectionId === connectionId);
  }

  /** Evicts every entry; and any read under way is not kept. */
  evictAll(): void {
    this.#evict(() => true);
  }

  #evict(matches: (found: AccessTokenGrant) => boolean): void {
    this.#generation += 1;
    for (const [tokenHash, cached] of this.#entries) {
      if (matches(cached.found)) this.#entries.delete(tokenHash);
    }
  }
}
