import { createRequire } from 'node:module';
import type * as KyselyTypes from 'kysely';

/*
 * Kysely's values, from its CommonJS build, for every module of the server (`import type … from 'kysely'` stays
 * as it is: both builds ship the same declarations). Its ESM build is 263 modules, and Node 20 resolves, links
 * and evaluates each one on its own: importing it cost `unfurlkit serve` about twice the CPU time and memory of
 * requiring the CommonJS build of the same version (measured by itself: ~120 vs ~65 ms, ~11 vs ~6 MB). Kysely
 * checks no value with `instanceof` across its entry points, so a Kysely instance of either build works with
 * the other's `sql`; `sqlDialectOf` does use `instanceof` on the adapters, which is why every value the server
 * uses comes from here.
 */
const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyTypes;

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
export type CompiledQuery<O = unknown> = KyselyTypes.CompiledQuery<O>;
export type Kysely<DB> = KyselyTypes.Kysely<DB>;
export type Migrator = KyselyTypes.Migrator;
export type PostgresDialect = KyselyTypes.PostgresDialect;
export type SqliteDialect = KyselyTypes.SqliteDialect;
