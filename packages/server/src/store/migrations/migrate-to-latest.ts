import type { Kysely, MigrationProvider } from 'kysely';
import { Migrator, sql } from '../kysely/kysely-runtime.js';
import { sqlDialectOf } from '../kysely/sql-dialect.js';
import { ALL_MIGRATIONS } from './all-migrations.js';

/*
 * Our own bookkeeping table names, so unfurlkit can share a database with a product that runs Kysely migrations
 * of its own (the defaults, `kysely_migration*`, would mix both histories). Never change them: Kysely would
 * think nothing has run and replay every migration.
 */
const MIGRATION_TABLE = 'unfurlkit_migration';
const MIGRATION_LOCK_TABLE = 'unfurlkit_migration_lock';

const provider: MigrationProvider = {
  getMigrations: async () => ALL_MIGRATIONS,
};

function migrator<DB>(db: Kysely<DB>, schema: string | undefined): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

/**
 * The names of the migrations not yet applied, oldest first, without applying any or creating anything (no
 * bookkeeping table yet: all of them are pending).
 *
 * @example
 * await pendingMigrations(db, 'public'); // ['0006-notion-token-lifecycle'] on a database one release behind
 */
export async function pendingMigrations<DB>(db: Kysely<DB>, schema?: string): Promise<string[]> {
  if (await isCurrent(db, schema)) return [];
  const migrations = await migrator(db, schema).getMigrations();
  return migrations.filter((migration) => migration.executedAt === undefined).map((m) => m.name);
}

/**
 * Applies every migration not yet applied, under Kysely's migration lock (so two servers starting together do
 * not both migrate), and returns the names it applied: `[]` when the schema was already current.
 *
 * @param db a Kysely instance; on PostgreSQL it should already carry `withSchema(schema)` so tables land there.
 * @param schema PostgreSQL only: the schema of the bookkeeping tables (created if missing).
 * @example
 * const applied = await migrateToLatest(db, 'public'); // ['0001-initial'] the first time, [] afterwards
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, schema?: string): Promise<string[]> {
  if (await isCurrent(db, schema)) return [];
  const { error, results = [] } = await migrator(db, schema).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `unfurlkit could not migrate its database${failed === undefined ? '' : ` (migration ${failed})`}: ${reason}`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * Whether every migration this version knows, and no other, is recorded as applied: then there is nothing to
 * apply and nothing to check, and a start skips Kysely's migrator (which introspects every table's columns and
 * takes the migration lock: about ten statements, 25–30 ms on PostgreSQL). Anything else (no bookkeeping table
 * yet, a migration pending, one this version does not know) goes to the migrator, which applies, waits for
 * another server's lock, or refuses, as before. Reading the table needs no lock: a migration in progress has
 * not recorded itself yet, so it reads as pending.
 */
async function isCurrent<DB>(db: Kysely<DB>, schema: string | undefined): Promise<boolean> {
  try {
    return await recordsEveryMigration(db, schema);
  } catch {
    return false; // only a shortcut: whatever went wrong, the migrator runs (and reports it) as before
  }
}

async function recordsEveryMigration<DB>(db: Kysely<DB>, schema: string | undefined): Promise<boolean> {
  const qualified = schema === undefined ? MIGRATION_TABLE : `${quoteIdent(schema)}.${MIGRATION_TABLE}`;
  const present =
    sqlDialectOf(db) === 'postgres'
      ? sql<Presence>`select to_regclass(${qualified}) is not null as present`
      : sql<Presence>`select count(*) > 0 as present from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`;
  const { rows } = await present.execute(db);
  if (!rows[0]?.present) return false;
  // Through the query builder, so the schema `db` carries (PostgreSQL) qualifies the table.
  const bookkeeping = db as unknown as Kysely<{ [MIGRATION_TABLE]: { name: string } }>;
  const applied = await bookkeeping.selectFrom(MIGRATION_TABLE).select('name').execute();
  const known = Object.keys(ALL_MIGRATIONS);
  const names = new Set(applied.map((row) => row.name));
  return (
    names.size === known.length && applied.length === known.length && known.every((name) => names.has(name))
  );
}

/** Whether a table exists: a boolean on PostgreSQL, 0 or 1 on SQLite. */
interface Presence {
  present: boolean | number;
}

/** A PostgreSQL identifier, quoted (`to_regclass` reads its argument as SQL: a schema named "a.b" stays one name). */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
