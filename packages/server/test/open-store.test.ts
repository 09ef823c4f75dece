import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isUnfurlkitError } from '@unfurlkit/core';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrations/migrate-to-latest.js';
import { openStore } from '../src/store/open-store.js';
import { createSqliteDialect } from '../src/store/sqlite-dialect.js';
import {
  assertPostgresReachable,
  createSchema,
  dropSchema,
  listTables,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { aConnectionInput, T0 } from './store-fixtures.js';

/* Opening a store: URLs, folders, migrations that run once, and errors a person can act on. */

const TABLES = [
  'access_tokens',
  'authorization_codes',
  'authorization_requests',
  'failure_windows',
  'grants',
  'notion_connections',
  'outbox',
  'previews',
  'rate_buckets',
  'redos_verdicts',
  'refresh_tokens',
  'unfurlkit_migration',
  'unfurlkit_migration_lock',
];

describe('openStore with SQLite', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'unfurlkit-open-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the parent folders of the file', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'unfurlkit.db');
    const store = await openStore(`sqlite:${file}`);
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it('migrates once: reopening the same file keeps the data and applies nothing', async () => {
    const url = `sqlite:${path.join(dir, 'twice.db')}`;
    const first = await openStore(url);
    const connection = await first.connections.upsert(aConnectionInput(), T0);
    await first.close();

    const second = await openStore(url);
    expect(await second.connections.find(connection.id)).toEqual(connection);
    await second.close();

    const db = new Kysely<Database>({ dialect: createSqliteDialect(path.join(dir, 'twice.db')) });
    try {
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('works in memory', async () => {
    const store = await openStore('sqlite::memory:', { newId: () => 'conn-1' });
    expect((await store.connections.upsert(aConnectionInput(), T0)).id).toBe('conn-1');
    await store.close();
  });

  it('refuses a schema option, which only PostgreSQL has', async () => {
    await expect(openStore('sqlite::memory:', { schema: 'x' })).rejects.toSatisfy((error) =>
      isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID'),
    );
  });

  it('says which file it could not open', async () => {
    const blocker = path.join(dir, 'twice.db'); // a file where a folder is needed
    const error = await openStore(`sqlite:${path.join(blocker, 'x.db')}`).catch((e: unknown) => e);
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(blocker);
  });

  it('refuses an unknown scheme before touching anything', async () => {
    const error = await openStore('mongodb://localhost/app').catch((e: unknown) => e);
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('DATABASE_URL');
  });
});

describe('openStore with PostgreSQL', () => {
  const schema = uniqueSchemaName('open_test');
  const searchPathSchema = uniqueSchemaName('open_path');
  beforeAll(async () => {
    await assertPostgresReachable();
  });
  afterAll(async () => {
    await dropSchema(schema);
    await dropSchema(searchPathSchema);
  });

  it('creates the schema it is given, puts every table there, and migrates only once', async () => {
    const store = await openStore(PG_TEST_URL, { schema });
    await store.close();
    expect(await listTables(schema)).toEqual(TABLES);

    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: PG_TEST_URL }) }),
    }).withSchema(schema);
    try {
      expect(await migrateToLatest(db, schema)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('without a schema option, uses the connection’s current schema (search_path)', async () => {
    await createSchema(searchPathSchema);
    const url = `${PG_TEST_URL}?options=${encodeURIComponent(`-c search_path=${searchPathSchema}`)}`;
    const store = await openStore(url);
    await store.close();
    expect(await listTables(searchPathSchema)).toEqual(TABLES);
  });

  it('refuses a connection whose search_path names no existing schema, and says what to do', async () => {
    const url = `${PG_TEST_URL}?options=${encodeURIComponent('-c search_path=no_such_schema_here')}`;
    const error = await openStore(url).catch((e: unknown) => e);
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('no current schema');
  });

  it('says where it could not connect, without the password', async () => {
    const error = await openStore('postgres://app:hunter2@127.0.0.1:1/nothing').catch((e: unknown) => e);
    expect(isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('could not connect to PostgreSQL at postgres://app:***@127.0.0.1:1/nothing');
    expect(message).not.toContain('hunter2');
  });
});
