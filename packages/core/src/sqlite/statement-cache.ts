/** What the cache needs of a database: better-sqlite3's `Database` has it. */
export interface PreparingDatabase<Statement> {
  prepare(sql: string): Statement;
  close(): unknown;
}

/** Distinct SQL texts kept prepared by default; past it, the least recently used statement is dropped. */
export const MAX_CACHED_STATEMENTS = 256;

/**
 * The database as Kysely's SQLite dialect sees it, with prepared statements reused: Kysely asks for
 * `prepare(sql)` on every query, and preparing (parsing and planning the SQL) costs more than running the small
 * statements a server sends. Safe while every statement is run to completion (`all`/`run`) before the next use of
 * the same text, as Kysely's dialect does for everything but `stream()`, which neither the server nor the
 * emulator uses.
 *
 * @example
 * new SqliteDialect({ database: withStatementCache(new BetterSqlite3(file)) });
 */
export function withStatementCache<Statement>(
  database: PreparingDatabase<Statement>,
  maxStatements = MAX_CACHED_STATEMENTS,
): PreparingDatabase<Statement> {
  const statements = new Map<string, Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= maxStatements) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      } else {
        // Map order is insertion order: moved to the end, it is the most recently used.
        statements.delete(sql);
      }
      statements.set(sql, statement);
      return statement;
    },
    close() {
      statements.clear();
      return database.close();
    },
  };
}
