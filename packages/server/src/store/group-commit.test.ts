import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { GroupCommit } from './group-commit.js';
import { createSqliteDialect } from './sqlite-dialect.js';

let dir: string;
let db: Kysely<Database>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-group-commit-'));
  db = new Kysely<Database>({ dialect: createSqliteDialect(join(dir, 'g.db')) });
  await sql`create table t (k integer primary key)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

const insert = (trx: Kysely<Database>, k: number) =>
  sql`insert into t (k) values (${k})`.execute(trx).then(() => k * 10);
const count = async () => (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n;

describe('GroupCommit on SQLite', () => {
  it('gives each concurrent caller its own result, and every write lands', async () => {
    const writes = new GroupCommit(db, insert);
    const results = await Promise.all(Array.from({ length: 30 }, (_, k) => writes.run(k)));
    expect(results).toEqual(Array.from({ length: 30 }, (_, k) => k * 10));
    expect(await count()).toBe(30);
  });

  it('one failing write in a batch fails alone: its neighbours land', async () => {
    await sql`insert into t (k) values (5)`.execute(db);
    const writes = new GroupCommit(db, insert);
    const settled = await Promise.allSettled([4, 5, 6, 7].map((k) => writes.run(k)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await count()).toBe(4);
  });
});
