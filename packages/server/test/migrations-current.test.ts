import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import {
  assertPostgresReachable,
  dropSchema,
  listTables,
  PG_TEST_URL,
  uniqueSchemaName,
} from './postgres-test-schema.js';

/*
 * A start on a database whose recorded migrations are exactly this version's skips Kysely's migrator (its
 * table introspection and its lock): seen from outside, a bookkeeping lock table dropped by hand is not made
 * again. Anything else still goes through the migrator, which applies, or refuses what it does not know.
 */

const LOCK_TABLE = 'unfurlkit_migration_lock';

describe('a start on a current SQLite database', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'unfurlkit-current-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const tables = (file: string): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare("select name from sqlite_master where type = 'table'").all() as Array<{
        name: string;
      }>;
      return rows.map((row) => row.name);
    } finally {
      db.close();
    }
  };
  const run = (file: string, statement: string): void => {
    const db = new Database(file);
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
  };

  it('runs no migrator: a dropped lock table stays dropped, and the store works', async () => {
    const file = path.join(dir, 'current.db');
    await (await openStore(`sqlite:${file}`)).close();
    run(file, `drop table ${LOCK_TABLE}`);
    const store = await openStore(`sqlite:${file}`);
    try {
      expect(await store.outbox.count()).toEqual({ pending: 0, failed: 0 });
    } finally {
      await store.close();
    }
    expect(tables(file)).not.toContain(LOCK_TABLE);
    expect(tables(file)).toContain('outbox');
  });

  it('a database with a migration this version does not know goes to the migrator, which refuses it', async () => {
    const file = path.join(dir, 'newer.db');
    await (await openStore(`sqlite:${file}`)).close();
    run(file, "insert into unfurlkit_migration (name, timestamp) values ('9999-from-a-newer-version', 'x')");
    await expect(openStore(`sqlite:${file}`)).rejects.toThrow(/could not migrate its database/);
  });
});

describe('a start on a current PostgreSQL schema', () => {
  const plain = uniqueSchemaName('current');
  // Quotes and a dot in the name: the existence check must read it as one identifier.
  const odd = `${uniqueSchemaName('Current')}."Odd"`;
  beforeAll(async () => {
    await assertPostgresReachable();
  });
  afterAll(async () => {
    await dropSchema(plain);
    await dropSchema(odd);
  });

  async function sql(statement: string): Promise<void> {
    const client = new pg.Client({ connectionString: PG_TEST_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  }
  const quoted = (schema: string) => pg.escapeIdentifier(schema);

  it.each([
    ['a plain schema name', plain],
    ['a name with quotes and a dot', odd],
  ])('runs no migrator (%s): a dropped lock table stays dropped', async (_, schema) => {
    await (await openStore(PG_TEST_URL, { schema })).close();
    await sql(`drop table ${quoted(schema)}.${LOCK_TABLE}`);
    const store = await openStore(PG_TEST_URL, { schema });
    try {
      expect(await store.outbox.count()).toEqual({ pending: 0, failed: 0 });
    } finally {
      await store.close();
    }
    const tables = await listTables(schema);
    expect(tables).not.toContain(LOCK_TABLE);
    expect(tables).toContain('outbox');
  });

  it('a schema with a migration this version does not know goes to the migrator, which refuses it', async () => {
    await sql(
      `insert into ${quoted(plain)}.unfurlkit_migration (name, timestamp) values ('9999-from-a-newer-version', 'x')`,
    );
    await expect(openStore(PG_TEST_URL, { schema: plain })).rejects.toThrow(/could not migrate its database/);
  });
});
