import type { Kysely } from 'kysely';

/**
 * Notion's token lifecycle: a connection keeps Notion's refresh token (sealed, as the access token: `*_key_id`,
 * `*_sealed`), when its access token expires (`access_token_expires_at`, epoch ms; null: never), and a refresh
 * lease (`refresh_lease_until`, epoch ms) so that only one process at a time refreshes a connection's token,
 * also across instances sharing the database (`ConnectionStore.claimRefresh`). All nullable, no default:
 * existing rows have no refresh token and a token that never expires, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const table = () => db.schema.alterTable('notion_connections');
  await table().addColumn('refresh_token_key_id', 'text').execute();
  await table().addColumn('refresh_token_sealed', 'text').execute();
  await table().addColumn('access_token_expires_at', 'bigint').execute();
  await table().addColumn('refresh_lease_until', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const table = () => db.schema.alterTable('notion_connections');
  await table().dropColumn('refresh_lease_until').execute();
  await table().dropColumn('access_token_expires_at').execute();
  await table().dropColumn('refresh_token_sealed').execute();
  await table().dropColumn('refresh_token_key_id').execute();
}
