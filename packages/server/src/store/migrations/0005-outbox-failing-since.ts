import type { Kysely } from 'kysely';

/**
 * The outbox's retry budget becomes a time (`UPDATES_MAX_AGE`) instead of a count: each row records when its
 * current run of failures began (`first_failed_at`, epoch ms; null while it has not failed since its last change,
 * retry or delivery). Nullable, no default: existing rows start with no failure on record, which gives every row
 * pending at upgrade a full budget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('first_failed_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('first_failed_at').execute();
}
