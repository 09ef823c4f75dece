import { existsSync } from 'node:fs';
import { parseDatabaseUrl } from './database-url.js';
import { ALL_MIGRATIONS } from './migrations/all-migrations.js';
import { migrateToLatest, pendingMigrations } from './migrations/migrate-to-latest.js';
import { type OpenDatabaseOptions, openSqliteDatabase, withMigratingPostgres } from './open-database.js';

export interface MigrateDatabaseOptions extends Pick<OpenDatabaseOptions, 'schema' | 'timeoutMs'> {
  /** List the pending migrations instead of applying them. */
  dryRun?: boolean;
}

/**
 * `unfurlkit migrate`: applies the migrations `DATABASE_URL`'s database has not run yet (under the same lock
 * the servers take, so it is safe while they start) and returns their names, oldest first; with `dryRun`,
 * returns the pending names and changes nothing. `[]`: the database is up to date.
 *
 * @example
 * await migrateDatabase('sqlite:./data/unfurlkit.db', { dryRun: true }); // ['0006-notion-token-lifecycle']
 */
export async function migrateDatabase(
  databaseUrl: string,
  options: MigrateDatabaseOptions = {},
): Promise<string[]> {
  const location = parseDatabaseUrl(databaseUrl);
  const run = options.dryRun ? pendingMigrations : migrateToLatest;
  if (location.kind === 'postgres') {
    const { result } = await withMigratingPostgres(location, options, (db, schema) => run(db, schema));
    return result;
  }
  // A dry run must not create the file it inspects: a database that does not exist yet would get them all.
  if (options.dryRun && location.filename !== ':memory:' && !existsSync(location.filename)) {
    return Object.keys(ALL_MIGRATIONS);
  }
  const db = openSqliteDatabase(location, options);
  try {
    return await run(db);
  } finally {
    await db.destroy();
  }
}
