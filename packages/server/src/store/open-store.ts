import type { BearerListenerEvents } from './bearer-eviction-listener.js';
import type { Database } from './database.js';
import { parseDatabaseUrl } from './database-url.js';
import { Kysely } from './kysely/kysely-runtime.js';
import { KyselyIntegrationStore, type KyselyStoreOptions } from './kysely-store.js';
import { databaseBehind } from './migrations/database-behind.js';
import { migrateToLatest, pendingMigrations } from './migrations/migrate-to-latest.js';
import { openSqliteDatabase, withMigratingPostgres } from './open-database.js';
import { createPostgresDialect } from './postgres-dialect.js';
import type { IntegrationStore } from './store.js';

export interface OpenStoreOptions {
  /**
   * PostgreSQL only: keep every table in this schema (created if missing) instead of the connection's current
   * schema. Lets unfurlkit share a database with the product, and tests isolate themselves.
   */
  schema?: string;
  /** Makes the id of a new Notion connection. Default: a random UUID. */
  newId?: () => string;
  /**
   * The longest wait per statement and per connection attempt, in ms (DATABASE_TIMEOUT_MS): PostgreSQL's
   * `statement_timeout` and connection timeout, SQLite's `busy_timeout`. Default 5000.
   */
  timeoutMs?: number;
  /** PostgreSQL only: an idle pooled connection failed (the pool replaces it). Wire it to the logger. */
  onIdleConnectionError?: (error: Error) => void;
  /** PostgreSQL only: the most connections the serving pool opens (DATABASE_POOL_SIZE). Default 10. */
  poolSize?: number;
  /**
   * `false`: apply no migration, and refuse (UNFURLKIT_CONFIG_INVALID, naming them) a database with pending
   * ones; for deployments that run `unfurlkit migrate` before starting the servers. Default true.
   */
  migrate?: boolean;
  /** How long a bearer lookup may be served from memory, in ms (BEARER_CACHE_MS); 0: never. Default 1000. */
  bearerCacheMs?: number;
  /** PostgreSQL only: the bearer cache's eviction listener lost its connection, or listens again. */
  bearerListenerEvents?: BearerListenerEvents;
}

/**
 * Brings the schema up to date, or (`migrate: false`) refuses one that is behind. Runs on the migrating
 * connection, so a wait for another server's migration lock is not cut short.
 */
async function prepareSchema(
  db: Kysely<Database>,
  schema: string | undefined,
  how: { migrate: boolean; display: string },
): Promise<void> {
  if (how.migrate) {
    await migrateToLatest(db, schema);
    return;
  }
  const pending = await pendingMigrations(db, schema);
  if (pending.length > 0) throw databaseBehind(pending, how.display);
}

/**
 * Opens the store `DATABASE_URL` names, brings its schema up to date, and returns it ready to use. SQLite files
 * get their folder created; PostgreSQL tables go in `options.schema` (created if missing) or the connection's
 * current schema. Call `close()` on shutdown.
 *
 * Throws `UnfurlkitError('UNFURLKIT_CONFIG_INVALID')` for a URL it cannot read, a database it cannot reach, or
 * (with `migrate: false`) a database that is behind; no message contains a password.
 *
 * @example
 * const store = await openStore(process.env.DATABASE_URL ?? 'sqlite:./data/unfurlkit.db');
 * try { await store.purgeExpired(Date.now()); } finally { await store.close(); }
 */
export async function openStore(
  databaseUrl: string,
  options: OpenStoreOptions = {},
): Promise<IntegrationStore> {
  const location = parseDatabaseUrl(databaseUrl);
  const how = { migrate: options.migrate ?? true, display: location.display };
  let db: Kysely<Database>;
  const storeOptions: KyselyStoreOptions = {};
  if (options.newId !== undefined) storeOptions.newId = options.newId;
  if (options.bearerCacheMs !== undefined) storeOptions.bearerCacheMs = options.bearerCacheMs;
  if (location.kind === 'sqlite') {
    db = openSqliteDatabase(location, options);
    try {
      await prepareSchema(db, undefined, how);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  } else {
    const { schema } = await withMigratingPostgres(location, options, (migrating, schema) =>
      prepareSchema(migrating, schema, how),
    );
    // The serving pool, where every wait is bounded.
    db = new Kysely<Database>({
      dialect: createPostgresDialect(location.connectionString, options),
    }).withSchema(schema);
    storeOptions.bearerListener = {
      connectionString: location.connectionString,
      timeoutMs: options.timeoutMs ?? 5_000,
      ...(options.bearerListenerEvents === undefined ? {} : { events: options.bearerListenerEvents }),
    };
  }
  return new KyselyIntegrationStore(db, storeOptions);
}
