import type { Kysely } from 'kysely';

/*
 * Limits shared by every instance on one database (PostgreSQL; a SQLite server is one process and keeps them in
 * memory, the tables stay empty there):
 *
 * - `rate_buckets`: one token bucket per (scope, key), the numbers of core's `BucketState`, read and written
 *   under the row's lock, so instances take tokens one at a time from the same bucket (push pacing per
 *   connection and per integration). `paused_until` null: never paused.
 * - `failure_windows`: the token endpoint's failed requests per key (an IP, the client) in a fixed window that
 *   ends at `expires_at`, counted by one atomic upsert.
 *
 * Same rules as `0001-initial`: dialect-neutral, `bigint` epoch-ms times, no database defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_buckets')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('units', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_slot', 'bigint', (c) => c.notNull())
    .addColumn('paused_until', 'bigint')
    .addColumn('reduced_per_minute', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_buckets_pkey', ['scope', 'key'])
    .execute();
  await db.schema
    .createTable('failure_windows')
    .addColumn('key', 'text', (c) => c.notNull().primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('failure_windows').execute();
  await db.schema.dropTable('rate_buckets').execute();
}
