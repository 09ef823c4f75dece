import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ACCESS_TOKEN_CACHE_DEFAULTS, AccessTokenCache } from './access-token-cache.js';
import { BearerEvictionListener, type BearerListenerEvents } from './bearer-eviction-listener.js';
import type { Database } from './database.js';
import { sql } from './kysely/kysely-runtime.js';
import { type SqlDialect, sqlDialectOf } from './kysely/sql-dialect.js';
import { KyselyConnectionStore } from './kysely-connection-store.js';
import { KyselyConsentStore } from './kysely-consent-store.js';
import { KyselyGrantStore } from './kysely-grant-store.js';
import { KyselyLimitStore } from './kysely-limit-store.js';
import { KyselyOutboxStore } from './kysely-outbox-store.js';
import { KyselyPreviewStore } from './kysely-preview-store.js';
import { KyselyRedosVerdictStore } from './kysely-redos-verdict-store.js';
import type { LimitStore } from './limit-store.js';
import { MemoryLimitStore } from './memory-limit-store.js';
import type { DatabaseStatus, IntegrationStore } from './store.js';

/** Shared rate buckets idle this long are dropped by the purge (they would be full again anyway). */
const STALE_BUCKET_MS = 3_600_000;

/** `PRAGMA synchronous` answers a number. */
const SYNCHRONOUS_NAMES = ['off', 'normal', 'full', 'extra'] as const;

export interface KyselyStoreOptions {
  /** Makes the id of a new Notion connection. Default: a random UUID. Injected so tests can predict ids. */
  newId?: () => string;
  /** How long a bearer lookup may be served from memory, in ms (BEARER_CACHE_MS); 0: never. Default 1000. */
  bearerCacheMs?: number;
  /**
   * PostgreSQL: where the bearer cache's eviction listener connects (`BearerEvictionListener`). Without it the
   * cache is off on PostgreSQL, as nothing would tell this instance about another one's revocations.
   */
  bearerListener?: { connectionString: string; timeoutMs: number; events?: BearerListenerEvents };
}

/**
 * The one `IntegrationStore` for SQLite and PostgreSQL: one Kysely sub-store per aggregate, all sharing one
 * database handle. Only portable SQL (`ON CONFLICT`, `RETURNING`, subqueries), so both dialects run the same code
 * and the same contract suite; the exceptions are row locking in the outbox and the shared rate buckets
 * (`limits`), which only PostgreSQL has and only it needs: SQLite is one process, its limits stay in memory. Expects a migrated database (`openStore` does both).
 *
 * @example
 * const store = new KyselyIntegrationStore(db);
 * if (!(await store.grants.markAuthorizationCodeUsed(codeHash, now))) throw replayDetected();
 */
export class KyselyIntegrationStore implements IntegrationStore {
  readonly consents: KyselyConsentStore;
  readonly connections: KyselyConnectionStore;
  readonly grants: KyselyGrantStore;
  readonly previews: KyselyPreviewStore;
  readonly outbox: KyselyOutboxStore;
  readonly limits: LimitStore;
  readonly redosVerdicts: KyselyRedosVerdictStore;
  readonly #db: Kysely<Database>;
  readonly #dialect: SqlDialect;
  #listener: BearerEvictionListener | undefined;
  #closed = false;

  constructor(db: Kysely<Database>, options: KyselyStoreOptions = {}) {
    this.#db = db;
    this.consents = new KyselyConsentStore(db);
    this.#dialect = sqlDialectOf(db);
    const tokens = this.#bearerCache(options);
    this.connections = new KyselyConnectionStore(db, options.newId ?? randomUUID, tokens);
    this.grants = new KyselyGrantStore(db, tokens);
    this.previews = new KyselyPreviewStore(db);
    this.outbox = new KyselyOutboxStore(db, this.#dialect);
    // SQLite is one process: its limits stay in memory. PostgreSQL may be shared by many instances.
    this.limits = this.#dialect === 'postgres' ? new KyselyLimitStore(db) : new MemoryLimitStore();
    this.redosVerdicts = new KyselyRedosVerdictStore(db);
  }

  /**
   * The bearer lookups' cache. SQLite: one process owns the file, so it serves from the start. PostgreSQL: only
   * while the eviction listener listens (so another instance's revocation evicts here at once), and never
   * without one; the time bound holds either way.
   */
  #bearerCache(options: KyselyStoreOptions): AccessTokenCache {
    const maxAgeMs = options.bearerCacheMs ?? ACCESS_TOKEN_CACHE_DEFAULTS.maxAgeMs;
    if (this.#dialect === 'sqlite') return new AccessTokenCache({ ...ACCESS_TOKEN_CACHE_DEFAULTS, maxAgeMs });
    const listen = options.bearerListener;
    const cache = new AccessTokenCache({
      ...ACCESS_TOKEN_CACHE_DEFAULTS,
      maxAgeMs: listen === undefined ? 0 : maxAgeMs,
      serving: false,
    });
    if (listen !== undefined && maxAgeMs > 0) {
      this.#listener = new BearerEvictionListener(listen.connectionString, cache, listen);
      this.#listener.start();
    }
    return cache;
  }

  /**
   * `select 1` on PostgreSQL (through the pool, so it also proves a connection can be had in time); on SQLite,
   * the connection's `PRAGMA synchronous`, read from the very connection the store writes with.
   */
  async ping(): Promise<DatabaseStatus> {
    if (this.#dialect === 'postgres') {
      await sql`select 1`.execute(this.#db);
      return { dialect: 'postgres' };
    }
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(this.#db);
    const synchronous = SYNCHRONOUS_NAMES[rows[0]?.synchronous ?? -1];
    return synchronous === undefined ? { dialect: 'sqlite' } : { dialect: 'sqlite', synchronous };
  }

  /**
   * Deletes consent requests, authorization codes and tokens whose expiry is strictly before `now` (and shared
   * limit state that has run out); returns how many rows went. Strictly: a record expiring exactly at `now` is left for the next run, so the purge can never
   * remove something the server would still have accepted, whichever way it rounds the boundary.
   *
   * Tokens without an expiry (`expires_at IS NULL`) are kept: `NULL < now` is never true in SQL. Grants are kept
   * too: they are the audit trail of what was authorised and revoked. Each delete stands alone; a crash between
   * them leaves nothing inconsistent, only something for the next run.
   */
  async purgeExpired(now: number): Promise<number> {
    const db = this.#db;
    const deleted = await Promise.all([
      db.deleteFrom('authorization_requests').where('expires_at', '<', now).executeTakeFirst(),
      db.deleteFrom('authorization_codes').where('expires_at', '<', now).executeTakeFirst(),
      db.deleteFrom('access_tokens').where('expires_at', '<', now).executeTakeFirst(),
      db.deleteFrom('refresh_tokens').where('expires_at', '<', now).executeTakeFirst(),
      db.deleteFrom('failure_windows').where('expires_at', '<', now).executeTakeFirst(),
      // A bucket untouched for an hour and not paused is full again: the same as no row.
      db
        .deleteFrom('rate_buckets')
        .where('updated_at', '<', now - STALE_BUCKET_MS)
        .where((eb) =>
          eb.or([eb('paused_until', 'is', null), eb('paused_until', '<', now - STALE_BUCKET_MS)]),
        )
        .executeTakeFirst(),
    ]);
    return deleted.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
  }

  /**
   * Closes the database (the pool and the eviction listener, on PostgreSQL). Safe to call twice: shutdown paths
   * often overlap.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#listener?.close(), this.#db.destroy()]);
  }
}
