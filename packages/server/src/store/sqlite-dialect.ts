import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { withStatementCache } from '@unfurlkit/core/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from './kysely/kysely-runtime.js';

/**
 * Opens a SQLite file (creating its folder) with the settings a server needs, and wraps it for Kysely. Opens
 * eagerly, so a path that cannot work fails at start-up rather than at the first request.
 *
 * - WAL: readers do not block the writer, and a crash leaves the file consistent.
 * - foreign_keys: SQLite leaves them off per connection unless asked; the schema relies on them (previews go
 *   with their connection).
 * - busy_timeout (`busyTimeoutMs`, DATABASE_TIMEOUT_MS): a second process (a CLI command beside the server)
 *   holding the write lock makes a writer wait that long, then fail with SQLITE_BUSY (answered 503).
 * - synchronous = FULL, set explicitly: better-sqlite3 builds SQLite with WAL defaulting to NORMAL, where a
 *   power cut can undo the last commits; FULL syncs the WAL on every commit, so "code used" and "token revoked"
 *   survive one (docs/deployment.md, "SQLite durability", has the measured cost).
 *
 * @example
 * const db = new Kysely<Database>({ dialect: createSqliteDialect('/srv/app/data/unfurlkit.db') });
 */
export function createSqliteDialect(filename: string, busyTimeoutMs = 5_000): SqliteDialect {
  if (filename !== ':memory:') mkdirSync(path.dirname(filename), { recursive: true });
  const database = new BetterSqlite3(filename);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    database.pragma('synchronous = FULL');
  } catch (error) {
    database.close();
    throw error;
  }
  // Prepared statements reused: Kysely prepares on every query, and preparing costs more than running them.
  return new SqliteDialect({ database: withStatementCache(database) });
}
