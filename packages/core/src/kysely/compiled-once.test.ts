import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledOnce } from './index.js';

interface Database {
  t: { k: string; state: string; at: number };
}

let dir: string;
let db: Kysely<Database>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-compiled-once-'));
  db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new Sqlite(join(dir, 'c.db')) }) });
  await sql`create table t (k text primary key, state text not null, at integer not null)`.execute(db);
  await sql`insert into t values ('a', 'pending', 1), ('b', 'pending', 5), ('c', 'failed', 1), ('d', 'pending', 9)`.execute(
    db,
  );
});
afterEach(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe('compiledOnce', () => {
  const due = () =>
    compiledOnce(['now', 'limit'], (v) =>
      (db as unknown as Kysely<{ t: { k: string; state: string; at: number } }>)
        .selectFrom('t')
        .select('k')
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('at', '<=', v.now), eb('at', '=', v.now)]))
        .orderBy('k')
        .limit(v.limit),
    );

  it('runs each call with its own values, a value used twice in both places, constants as compiled', async () => {
    const query = due();
    expect((await query(db, { now: 5, limit: 10 })).rows).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect((await query(db, { now: 9, limit: 2 })).rows).toEqual([{ k: 'a' }, { k: 'b' }]);
    expect((await query(db, { now: 9, limit: 10 })).rows).toEqual([{ k: 'a' }, { k: 'b' }, { k: 'd' }]);
    expect((await query(db, { now: 0, limit: 10 })).rows).toEqual([]);
  });

  it('refuses a builder that leaves a value out of the query', async () => {
    const query = compiledOnce(['k', 'unused'], (v) =>
      (db as unknown as Kysely<{ t: { k: string } }>).selectFrom('t').select('k').where('k', '=', v.k),
    );
    await expect(query(db, { k: 'a', unused: 1 })).rejects.toThrow(/unused/);
  });
});
