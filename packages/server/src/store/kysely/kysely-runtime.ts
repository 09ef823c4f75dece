import * as kysely from 'kysely';

/*
 * Kysely's values, from one place for every module of the server. `sqlDialectOf` tells the dialects apart with
 * `instanceof` on their adapters, so every adapter, dialect and `sql` the server uses must come from the same
 * copy of Kysely: this one. What the package exports and the CLI run is the bundle (`scripts/bundle.mjs`), which
 * holds Kysely as one file; unbundled (tests, `dist/`), this is Kysely's ES build of 263 modules.
 */
export const {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  sql,
} = kysely;
export type CompiledQuery<O = unknown> = kysely.CompiledQuery<O>;
export type Kysely<DB> = kysely.Kysely<DB>;
export type Migrator = kysely.Migrator;
export type PostgresDialect = kysely.PostgresDialect;
export type SqliteDialect = kysely.SqliteDialect;
