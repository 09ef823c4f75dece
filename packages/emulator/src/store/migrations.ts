import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
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
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the database to the latest schema, or throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<EmulatorDatabase>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`emulator database migration ${failed} failed`, { cause: error });
  }
}
