import type { Kysely } from 'kysely';
import { PostgresAdapter, SqliteAdapter } from './kysely-runtime.js';

/** The two databases the store runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which database `db` talks to, from its Kysely adapter. The store is portable SQL except where row locking
 * differs: PostgreSQL has `FOR UPDATE SKIP LOCKED` / `FOR SHARE`, SQLite has none and needs none (it runs one
 * writer at a time). Throws for any other dialect, rather than run queries that were never tested on it.
 *
 * @example
 * if (sqlDialectOf(db) === 'postgres') query = query.forUpdate().skipLocked();
 */
export function sqlDialectOf<DB>(db: Kysely<DB>): SqlDialect {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(
    `unfurlkit's store supports SQLite and PostgreSQL only, not a ${adapter.constructor.name} database`,
  );
}
