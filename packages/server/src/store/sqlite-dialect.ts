import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/** How long a writer waits for another process's write lock before SQLite reports SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a SQLite file (creating its folder) with the settings a server needs, and wraps it for Kysely. Opens
 * eagerly, so a path that cannot work fails at start-up rather than at the first request.
 *
 * - WAL: readers do not block the writer, and a crash leaves the file consistent.
 * - foreign_keys: SQLite leaves them off per connection unless asked; the schema relies on them (previews go
 *   with their connection).
 * - busy_timeout: a second process (a CLI command beside the server) waits instead of failing at once.
 * - synchronous stays FULL (not WAL's usual NORMAL): a power cut must not undo "code used" or "token revoked".
 *
 * @example
 * const db = new Kysely<Database>({ dialect: createSqliteDialect('/srv/app/data/unfurlkit.db') });
 */
export function createSqliteDialect(filename: string): SqliteDialect {
  if (filename !== ':memory:') mkdirSync(path.dirname(filename), { recursive: true });
  const database = new BetterSqlite3(filename);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteDialect({ database });
}
