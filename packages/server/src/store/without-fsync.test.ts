import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { GroupCommit } from './group-commit.js';
import { createSqliteDialect } from './sqlite-dialect.js';
import { withoutFsync } from './without-fsync.js';

let dir: string;
let db: Kysely<Database>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-without-fsync-'));
  db = new Kysely<Database>({ dialect: createSqliteDialect(join(dir, 'w.db')) });
  await sql`create table t (k integer primary key)`.execute(db);
});
afterEach(async () => {
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

const level = async (on: Kysely<Database> = db) =>
  (await sql<{ synchronous: number }>`pragma synchronous`.execute(on)).rows[0]!.synchronous;
const count = async () => (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n;

describe('withoutFsync on SQLite', () => {
  it('runs the write at NORMAL and gives the connection back at FULL', async () => {
    expect(await level()).toBe(2);
    const during = await withoutFsync(db, async (connection) => {
      await sql`insert into t (k) values (1)`.execute(connection);
      return level(connection);
    });
    expect(during).toBe(1);
    expect(await level()).toBe(2);
    expect(await count()).toBe(1);
  });

  it('restores FULL when the write fails, and the failure reaches the caller', async () => {
    const failing = withoutFsync(db, (connection) =>
      sql`insert into nowhere (k) values (1)`.execute(connection),
    );
    await expect(failing).rejects.toThrow(/nowhere/);
    expect(await level()).toBe(2);
  });

  it('holds the connection: a write from elsewhere meanwhile is committed at FULL, after it', async () => {
    let inside = 0;
    const relaxed = withoutFsync(db, async (connection) => {
      await sql`insert into t (k) values (1)`.execute(connection);
      inside = await level(connection);
    });
    const durable = level(db);
    await relaxed;
    expect(inside).toBe(1);
    expect(await durable).toBe(2);
  });

  it('leaves a connection already at NORMAL as it is', async () => {
    await sql`pragma synchronous = normal`.execute(db);
    await withoutFsync(db, (connection) => sql`insert into t (k) values (1)`.execute(connection));
    expect(await level()).toBe(1);
  });

  it('a group commit without fsync lands every write, each with its result, and leaves FULL', async () => {
    const writes = new GroupCommit(
      db,
      (trx, k: number) => sql`insert into t (k) values (${k})`.execute(trx).then(() => k * 10),
      { withoutFsync: true },
    );
    const results = await Promise.all(Array.from({ length: 20 }, (_, k) => writes.run(k)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, k) => k * 10));
    expect(await count()).toBe(20);
    expect(await level()).toBe(2);
  });
});
