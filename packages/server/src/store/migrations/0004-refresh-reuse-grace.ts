import type { Kysely } from 'kysely';

/**
 * The refresh-reuse grace window (`REFRESH_REUSE_GRACE_SECONDS`): a rotated refresh token keeps the pair it was
 * exchanged for, sealed, so a retry of the same refresh within the window gets that pair again instead of
 * revoking the grant. Two nullable columns, as every sealed secret (`*_key_id`, `*_sealed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').addColumn('successor_key_id', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('successor_sealed', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').dropColumn('successor_sealed').execute();
  await db.schema.alterTable('refresh_tokens').dropColumn('successor_key_id').execute();
}
