import { UnfurlkitError } from '@unfurlkit/core';
import type { Database } from './database.js';
import type { DatabaseLocation } from './database-url.js';
import { Kysely, sql } from './kysely/kysely-runtime.js';
import { createPostgresDialect } from './postgres-dialect.js';
import { createSqliteDialect } from './sqlite-dialect.js';

/** How to reach the database: the part of `OpenStoreOptions` that opening a connection needs. */
export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema the tables live in (created if missing); default the connection's own. */
  schema?: string;
  /** The longest wait per statement and per connection attempt, in ms (DATABASE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** PostgreSQL only: an idle pooled connection failed (the pool replaces it). */
  onIdleConnectionError?: (error: Error) => void;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error for a database that cannot be opened or reached; its message never holds a password. */
export function cannotOpen(location: DatabaseLocation, error: unknown): UnfurlkitError {
  const what = location.kind === 'sqlite' ? 'open the SQLite database' : 'connect to PostgreSQL';
  return new UnfurlkitError(
    'UNFURLKIT_CONFIG_INVALID',
    `unfurlkit could not ${what} at ${location.display} (DATABASE_URL): ${reason(error)}`,
    { cause: error, details: { database: location.display } },
  );
}

/** Opens a SQLite file (its folder created); refuses a schema, which SQLite has not. */
export function openSqliteDatabase(
  location: DatabaseLocation & { kind: 'sqlite' },
  options: OpenDatabaseOptions,
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
async function resolveSchema(db: Kysely<Database>, options: OpenDatabaseOptions): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = options.schema ?? rows[0]?.schema ?? null;
  if (schema === null || schema === '') {
    throw new Error('the connection has no current schema: set search_path, or pass a schema');
  }
  return schema;
}

/**
 * Runs `work` (migrating, or checking what is pending) on a short-lived PostgreSQL pool whose statements are
 * unbounded (a wait for another server's migration lock, an index build, may outlast DATABASE_TIMEOUT_MS), then
 * closes it. `work` gets the pool already scoped to the resolved schema, and that schema.
 */
export async function withMigratingPostgres<T>(
  location: DatabaseLocation & { kind: 'postgres' },
  options: OpenDatabaseOptions,
  work: (db: Kysely<Database>, schema: string) => Promise<T>,
): Promise<{ schema: string; result: T }> {
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
    return { schema, result: await work(migrating.withSchema(schema), schema) };
  } finally {
    await migrating.destroy();
  }
}
