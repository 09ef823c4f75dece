import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import type { Database } from './database.js';
import { createSqliteDialect } from './sqlite-dialect.js';

let dir: string;
let db: Kysely<Database>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-compiled-once-'));
  db = new Kysely<Database>({ dialect: createSqliteDialect(join(dir, 'c.db')) });
  await sql`create table grants (id text primary key, account_id text, account_name text)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('compiledOnce on SQLite', () => {
  it('runs the statement compiled once with each call’s values, by name, whatever their order', async () => {
    let builds = 0;
    const insert = compiledOnce((named) => {
      builds += 1;
      return db.insertInto('grants').values({
        account_name: named('name'),
        id: named('id'),
        account_id: named('account'),
      } as never);
    });
    await insert(db, { id: 'g1', account: 'a1', name: 'One' });
    await insert(db, { name: 'Two', account: 'a2', id: 'g2' });
    const { rows } = await sql<{
      id: string;
      account_id: string;
      account_name: string;
    }>`select id, account_id, account_name from grants order by id`.execute(db);
    expect(rows).toEqual([
      { id: 'g1', account_id: 'a1', account_name: 'One' },
      { id: 'g2', account_id: 'a2', account_name: 'Two' },
    ]);
    expect(builds).toBe(1);
  });

  it('reports how many rows a write changed', async () => {
    await sql`insert into grants (id, account_id, account_name) values ('g1', 'a1', 'One')`.execute(db);
    const rename = compiledOnce((named) =>
      db
        .updateTable('grants')
        .set({ account_name: named('name') })
        .where('id', '=', named<string>('id')),
    );
    expect((await rename(db, { name: 'Uno', id: 'g1' })).numAffectedRows).toBe(1n);
    expect((await rename(db, { name: 'Uno', id: 'nope' })).numAffectedRows).toBe(0n);
  });

  it('refuses a statement with a value not given as a placeholder', async () => {
    const wrong = compiledOnce((named) =>
      db
        .updateTable('grants')
        .set({ account_name: named('name') })
        .where('id', '=', 'literal'),
    );
    await expect(async () => wrong(db, { name: 'x' })).rejects.toThrow(/not given as a placeholder/);
  });
});
