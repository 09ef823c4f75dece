import { UnfurlkitError } from '@unfurlkit/core';
import { Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { type DatabaseLocation, parseDatabaseUrl } from './database-url.js';
import { KyselyIntegrationStore } from './kysely-store.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { createPostgresDialect } from './postgres-dialect.js';
import { createSqliteDialect } from './sqlite-dialect.js';
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
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cannotOpen(location: DatabaseLocation, error: unknown): UnfurlkitError {
  const what = location.kind === 'sqlite' ? 'open the SQLite database' : 'connect to PostgreSQL';
  return new UnfurlkitError(
    'UNFURLKIT_CONFIG_INVALID',
    `unfurlkit could not ${what} at ${location.display} (DATABASE_URL): ${reason(error)}`,
    { cause: error, details: { database: location.display } },
  );
}

function openSqlite(
  location: DatabaseLocation & { kind: 'sqlite' },
  options: OpenStoreOptions,
): Kysely<Database> {
  if (options.schema !== undefined) {
    throw new UnfurlkitError(
      'UNFURLKIT_CONFIG_INVALID',
      'A database schema was given for SQLite, which has none: drop the schema option or use a postgres:// DATABASE_URL.',
    );
  }
  try {
    return new Kysely<Database>({ dialect: createSqliteDialect(location.filename, options.timeoutMs) });
  } catch (error) {
    throw cannotOpen(location, error);
  }
}

/** The schema the store's tables live in: the option, or the one the connection lands in. */
async function resolveSchema(db: Kysely<Database>, options: OpenStoreOptions): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = options.schema ?? rows[0]?.schema ?? null;
  if (schema === null || schema === '') {
    throw new Error('the connection has no current schema: set search_path, or pass a schema');
  }
  return schema;
}

/**
 * Migrates on a short-lived pool whose statements are unbounded (a wait for another server's migration lock, an
 * index build, may outlast DATABASE_TIMEOUT_MS), then returns the serving pool, where every wait is bounded.
 */
async function openPostgres(
  location: DatabaseLocation & { kind: 'postgres' },
  options: OpenStoreOptions,
): Promise<Kysely<Database>> {
  const migrating = new Kysely<Database>({
    dialect: createPostgresDialect(location.connectionString, { ...options, unboundedStatements: true }),
  });
  try {
    let schema: string;
    try {
      // Doubles as the connectivity check. Without a schema option, pin the one the connection lands in, so
      // the tables and Kysely's bookkeeping cannot end up in different schemas.
      schema = await resolveSchema(migrating, options);
    } catch (error) {
      throw cannotOpen(location, error);
    }
    await migrateToLatest(migrating.withSchema(schema), schema);
    const db = new Kysely<Database>({ dialect: createPostgresDialect(location.connectionString, options) });
    return db.withSchema(schema);
  } finally {
    await migrating.destroy();
  }
}

/**
 * Opens the store `DATABASE_URL` names, brings its schema up to date, and returns it ready to use. SQLite files
 * get their folder created; PostgreSQL tables go in `options.schema` (created if missing) or the connection's
 * current schema. Call `close()` on shutdown.
 *
 * Throws `UnfurlkitError('UNFURLKIT_CONFIG_INVALID')` for a URL it cannot read or a database it cannot reach;
 * neither message contains a password.
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
  let db: Kysely<Database>;
  if (location.kind === 'sqlite') {
    db = openSqlite(location, options);
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  } else {
    db = await openPostgres(location, options);
  }
  return new KyselyIntegrationStore(db, options.newId === undefined ? {} : { newId: options.newId });
}
