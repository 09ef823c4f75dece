import type { Kysely } from 'kysely';

/*
 * The first schema. Dialect-neutral on purpose (one file for SQLite and PostgreSQL): text ids and hashes,
 * `bigint` epoch-ms times, no database defaults, no enums. A released migration's effect never changes (its code
 * may be tidied, statement for statement): change the schema with a new numbered file.
 *
 * `Kysely<unknown>`: a migration must not depend on today's `Database` type, which will move on after it.
 */

/*
 * `up` runs these in this order, which is the order of the released file's statements: a database migrated by
 * either version has the same tables, constraints and indexes, created in the same order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createConsentTables(db);
  await createConnectionTables(db);
  await createGrantTables(db);
  await createPreviewTables(db);
  await createLookupIndexes(db);
}

/** Consent requests (`ConsentStore`). */
async function createConsentTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('authorization_requests')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('state', 'text')
    .addColumn('notion_code_key_id', 'text', (c) => c.notNull())
    .addColumn('notion_code_sealed', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
}

/** Notion connections (`ConnectionStore`). */
async function createConnectionTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notion_connections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('workspace_name', 'text')
    .addColumn('workspace_icon', 'text')
    .addColumn('access_token_key_id', 'text', (c) => c.notNull())
    .addColumn('access_token_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // The upsert's conflict target: one row per person per Notion bot, so reconnecting keeps the id.
    .addUniqueConstraint('notion_connections_account_bot_key', ['account_id', 'bot_id'])
    .execute();
}

/** Grants, their codes and tokens (`GrantStore`). */
async function createGrantTables(db: Kysely<unknown>): Promise<void> {
  // No foreign key to notion_connections: a grant outlives its connection as a (revoked) record, and deleting a
  // connection must not fail or silently erase grants the server has not revoked yet.
  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('account_name', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('authorization_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('grants.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('grants.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('grants.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
}

/** The preview registry (`PreviewStore`). */
async function createPreviewTables(db: Kysely<unknown>): Promise<void> {
  // The primary key (connection_id, uri) serves "previews of a connection"; the uri index serves the fan-out.
  await db.schema
    .createTable('previews')
    .addColumn('connection_id', 'text', (c) =>
      c.notNull().references('notion_connections.id').onDelete('cascade'),
    )
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_unfurled_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('previews_pkey', ['connection_id', 'uri'])
    .execute();
}

/** The secondary indexes of all the tables above, after them all (as the released file created them). */
async function createLookupIndexes(db: Kysely<unknown>): Promise<void> {
  // One index per lookup the store makes that no primary key serves: revocation by grant and by connection,
  // the preview fan-out by uri, and purgeExpired's range scans.
  const indexes: ReadonlyArray<[name: string, table: string, column: string]> = [
    ['previews_uri_idx', 'previews', 'uri'],
    ['grants_connection_id_idx', 'grants', 'connection_id'],
    ['authorization_codes_grant_id_idx', 'authorization_codes', 'grant_id'],
    ['access_tokens_grant_id_idx', 'access_tokens', 'grant_id'],
    ['refresh_tokens_grant_id_idx', 'refresh_tokens', 'grant_id'],
    ['authorization_requests_expires_at_idx', 'authorization_requests', 'expires_at'],
    ['authorization_codes_expires_at_idx', 'authorization_codes', 'expires_at'],
    ['access_tokens_expires_at_idx', 'access_tokens', 'expires_at'],
    ['refresh_tokens_expires_at_idx', 'refresh_tokens', 'expires_at'],
  ];
  for (const [name, table, column] of indexes) {
    await db.schema.createIndex(name).on(table).column(column).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Children before parents, so foreign keys never block a drop; indexes go with their tables.
  for (const table of [
    'previews',
    'refresh_tokens',
    'access_tokens',
    'authorization_codes',
    'grants',
    'notion_connections',
    'authorization_requests',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
