import { randomBytes } from 'node:crypto';
import pg from 'pg';

/*
 * The PostgreSQL the store tests run against, and the per-run schema that isolates them. The server must be
 * running: an unreachable database fails the tests with a message saying so, never skips them (a silent skip
 * would let a PostgreSQL-only bug through).
 */

export const PG_TEST_URL =
  process.env.UNFURLKIT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Bookkeeping tables a reset must keep, or the next open would replay every migration. */
const KEEP = ['unfurlkit_migration', 'unfurlkit_migration_lock'];

/** A schema name no other run (parallel or earlier) uses. */
export const uniqueSchemaName = (purpose: string): string =>
  `unfurlkit_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`;

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${PG_TEST_URL} (${reason}). The store tests need a running server with ` +
        'trust auth and a database "test", or UNFURLKIT_TEST_DATABASE_URL pointing at one.',
      { cause: error },
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Throws a clear error when the test database cannot be reached. */
export async function assertPostgresReachable(): Promise<void> {
  await withClient((client) => client.query('select 1'));
}

export async function createSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`create schema ${pg.escapeIdentifier(schema)}`));
}

/** Empties every table of `schema` but the migration bookkeeping, so each test starts from a clean store. */
export async function truncateSchema(schema: string): Promise<void> {
  await withClient(async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 and table_type = $2',
      [schema, 'BASE TABLE'],
    );
    const tables = rows.map((row) => row.table_name).filter((name) => !KEEP.includes(name));
    if (tables.length === 0) return;
    const qualified = tables.map((t) => `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(t)}`);
    await client.query(`truncate table ${qualified.join(', ')} cascade`);
  });
}

export async function listTables(schema: string): Promise<string[]> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    return rows.map((row) => row.table_name);
  });
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`));
}
