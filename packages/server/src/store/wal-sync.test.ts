import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { GroupCommit } from './group-commit.js';
import { createSqliteDialect } from './sqlite-dialect.js';
import { WalSync } from './wal-sync.js';

let dir: string;
let db: Kysely<Database>;
let wal: WalSync;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-wal-sync-'));
  db = new Kysely<Database>({ dialect: createSqliteDialect(join(dir, 'w.db')) });
  await sql`create table t (k integer primary key)`.execute(db);
  wal = new WalSync(db);
});
afterEach(async () => {
  await wal.close();
  await db.destroy();
  await rm(dir, { recursive: true, force: true });
});

const insert = (trx: Kysely<Database>, k: number) =>
  sql`insert into t (k) values (${k})`.execute(trx).then(() => k * 10);
const count = async (on: Kysely<Database> = db) =>
  (await sql<{ n: number }>`select count(*) as n from t`.execute(on)).rows[0]!.n;
const synchronous = async () =>
  (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous;

describe('WalSync on a SQLite file', () => {
  it('commits the write and answers its result; the connection is back on FULL', async () => {
    expect(await wal.transaction((trx) => insert(trx, 1))).toBe(10);
    expect(await count()).toBe(1);
    expect(await synchronous()).toBe(2);
    // A second connection (another process would be the same) sees it: committed, not only in this connection.
    const other = new Kysely<Database>({ dialect: createSqliteDialect(join(dir, 'w.db')) });
    try {
      expect(await count(other)).toBe(1);
    } finally {
      await other.destroy();
    }
  });

  it('rolls back a failing write, rejects with its error, and restores FULL', async () => {
    await insert(db, 5);
    const failing = wal.transaction(async (trx) => {
      await insert(trx, 6);
      await insert(trx, 5); // the primary key taken: fails
    });
    await expect(failing).rejects.toThrow(/UNIQUE/);
    expect(await count()).toBe(1);
    expect(await synchronous()).toBe(2);
    expect(await wal.transaction((trx) => insert(trx, 7))).toBe(70);
  });

  it('lets no other statement run on the connection while it commits under NORMAL', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inside!: () => void;
    const started = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const writing = wal.transaction(async (trx) => {
      await insert(trx, 1);
      inside();
      await held;
      return insert(trx, 2);
    });
    await started;
    // Asked while the transaction holds the connection: must see FULL and both rows, never NORMAL or half of it.
    const seen = Promise.all([synchronous(), count()]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await writing;
    expect(await seen).toEqual([2, 2]);
  });

  it('runs many concurrent transactions, each committed; the barrier resolves after them', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, k) => wal.transaction((trx) => insert(trx, k))),
    );
    expect(results).toEqual(Array.from({ length: 40 }, (_, k) => k * 10));
    await wal.barrier();
    expect(await count()).toBe(40);
  });

  it('serves GroupCommit as its transaction: batches land, each caller its own result', async () => {
    const writes = new GroupCommit(db, insert, {
      aloneInTransaction: true,
      transaction: (run) => wal.transaction(run),
    });
    const settled = await Promise.allSettled([1, 2, 2, 3].map((k) => writes.run(k)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count()).toBe(3);
    expect(await synchronous()).toBe(2);
  });
});

describe('WalSync without a file', () => {
  it('runs plain transactions on an in-memory database', async () => {
    const memory = new Kysely<Database>({ dialect: createSqliteDialect(':memory:') });
    const memoryWal = new WalSync(memory);
    try {
      await sql`create table t (k integer primary key)`.execute(memory);
      expect(await memoryWal.transaction((trx) => insert(trx, 3))).toBe(30);
      await memoryWal.barrier();
      expect(await count(memory)).toBe(1);
    } finally {
      await memoryWal.close();
      await memory.destroy();
    }
  });
});
