import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { EmulatorDatabase } from './database.js';

/**
 * Versioned schema changes, applied in order at start-up. Never edit a released migration: add the next one.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('external_key', 'text', (c) => c.notNull())
        .addColumn('external_name', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('notion_token_hash', 'text', (c) => c.unique())
        .addColumn('integration_access_token', 'text')
        .addColumn('integration_refresh_token', 'text')
        .addColumn('integration_expires_at', 'integer')
        .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addUniqueConstraint('connections_person_key', ['person', 'external_key'])
        .execute();
      await db.schema
        .createTable('authorizations')
        .addColumn('state', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('session_id', 'text')
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('code_used_at', 'integer')
        .addColumn('state_used_at', 'integer')
        .addColumn('connection_id', 'text')
        .execute();
      await db.schema
        .createTable('previews')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('person', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text')
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('previews_person').on('previews').column('person').execute();
      await db.schema
        .createTable('external_objects')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attributes', 'text')
        .addColumn('error', 'text')
        .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('failure', 'text')
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('external_objects_pk', ['connection_id', 'uri'])
        .execute();
    },
  },
  '002_notion_token_lifecycle': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('connections').addColumn('notion_token_expires_at', 'integer').execute();
      await db.schema.alterTable('connections').addColumn('notion_token_issued_at', 'integer').execute();
      await db.schema.alterTable('connections').addColumn('notion_refresh_token_hash', 'text').execute();
      await db.schema
        .alterTable('connections')
        .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('connections_refresh_token')
        .unique()
        .on('connections')
        .column('notion_refresh_token_hash')
        .execute();
      await db.schema.alterTable('authorizations').addColumn('exchange_problem', 'text').execute();
    },
  },
  '003_several_integrations': {
    async up(db: Kysely<unknown>) {
      await severalIntegrations(db);
    },
  },
};

/** Every row of the single-integration era belongs to the integration whose id is `default`. */
const FIRST_INTEGRATION_ID = 'default';

/**
 * Several integrations in one emulator: connections, connect attempts and previews say which integration they
 * belong to. A person's account is unique per integration, so the connections table is rebuilt (SQLite cannot
 * change a unique constraint in place); the stored single settings object becomes a list of one.
 */
async function severalIntegrations(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connections_v3')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull().defaultTo(FIRST_INTEGRATION_ID))
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('external_key', 'text', (c) => c.notNull())
    .addColumn('external_name', 'text', (c) => c.notNull())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    .addColumn('notion_token_hash', 'text', (c) => c.unique())
    .addColumn('integration_access_token', 'text')
    .addColumn('integration_refresh_token', 'text')
    .addColumn('integration_expires_at', 'integer')
    .addColumn('warnings', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'integer', (c) => c.notNull())
    .addColumn('notion_token_expires_at', 'integer')
    .addColumn('notion_token_issued_at', 'integer')
    .addColumn('notion_refresh_token_hash', 'text')
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('connections_integration_person_key', ['integration_id', 'person', 'external_key'])
    .execute();
  const columns = sql.raw(
    'id, person, external_key, external_name, bot_id, notion_token_hash, integration_access_token, ' +
      'integration_refresh_token, integration_expires_at, warnings, created_at, updated_at, ' +
      'notion_token_expires_at, notion_token_issued_at, notion_refresh_token_hash, pending',
  );
  await sql`INSERT INTO connections_v3 (${columns}) SELECT ${columns} FROM connections`.execute(db);
  await db.schema.dropTable('connections').execute();
  await db.schema.alterTable('connections_v3').renameTo('connections').execute();
  await db.schema
    .createIndex('connections_refresh_token')
    .unique()
    .on('connections')
    .column('notion_refresh_token_hash')
    .execute();
  await db.schema
    .alterTable('authorizations')
    .addColumn('integration_id', 'text', (c) => c.notNull().defaultTo(FIRST_INTEGRATION_ID))
    .execute();
  // Null: no integration's rule matched the link (a plain link card). Every older preview had a match.
  await db.schema.alterTable('previews').addColumn('integration_id', 'text').execute();
  await sql`UPDATE previews SET integration_id = ${FIRST_INTEGRATION_ID}`.execute(db);
  await sql`UPDATE meta SET value = json_object('integrations', json_array(json_set(value, '$.id', ${FIRST_INTEGRATION_ID})))
    WHERE key = 'settings' AND json_type(value, '$.integrations') IS NULL`.execute(db);
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the database to the schema of migration `name` (tests build an older database with it). */
export async function migrateUpTo(db: Kysely<EmulatorDatabase>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw new Error(`emulator database migration to ${name} failed`, { cause: error });
}

/** Brings the database to the latest schema, or throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<EmulatorDatabase>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`emulator database migration ${failed} failed`, { cause: error });
  }
}
