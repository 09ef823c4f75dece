import type { Kysely, MigrationProvider } from 'kysely';
import { Migrator } from '../kysely/kysely-runtime.js';
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
