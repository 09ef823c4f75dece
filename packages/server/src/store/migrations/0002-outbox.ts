import type { Kysely } from 'kysely';
import { sql } from '../kysely/kysely-runtime.js';

/*
 * Pushed updates (SPEC §4): the outbox of changes still to PATCH to Notion, and a connection's "Notion refused
 * its token" mark. Same rules as `0001-initial`: dialect-neutral, `bigint` epoch-ms times, no database defaults,
 * never edited once released, `Kysely<unknown>` so it cannot drift with today's `Database` type.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  // Set when Notion answers 401 to the connection's token; reconnecting clears it. Nullable, so existing rows
  // need no backfill.
  await db.schema.alterTable('notion_connections').addColumn('revoked_at', 'bigint').execute();

  // One row per (connection, uri) with an undelivered change: changes coalesce into it (`generation`). The
  // primary key is the upsert's conflict target and serves "rows of a connection"; the foreign key removes a
  // connection's rows with it (the store also deletes them explicitly, for a SQLite opened without the pragma).
  await db.schema
    .createTable('outbox')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('notion_connections.id').onDelete('cascade'),
    )
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_id', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('enqueued_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_pkey', ['connection_id', 'uri'])
    // A check rather than an enum type: portable, and a new state is one new migration on both dialects.
    .addCheckConstraint('outbox_state_check', sql`state in ('pending', 'failed')`)
    .execute();

  // outbox.claimDue's scan: pending rows in due order. previews.listOfRule: the fan-out of a changed rule.
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('previews_rule_name_idx').on('previews').column('rule_name').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('previews_rule_name_idx').ifExists().execute();
  await db.schema.dropTable('outbox').ifExists().execute();
  await db.schema.alterTable('notion_connections').dropColumn('revoked_at').execute();
}
