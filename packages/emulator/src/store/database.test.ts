import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './database.js';

/*
 * The statement cache (`@unfurlkit/core/sqlite`) on a real better-sqlite3 database under Kysely, as the emulator
 * and the server use it: a reused statement gives each query its own parameters and results, reads and writes
 * alike, and past the cache's size the oldest texts are prepared again, still correctly.
 */
describe('openDatabase: prepared statements reused', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prepares each SQL text once and answers every query with its own parameters', async () => {
    const db = openDatabase('memory');
    await sql`create table items (id integer primary key, label text not null)`.execute(db);
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const items = () => db.withTables<{ items: { id: number; label: string } }>();
    for (let id = 1; id <= 50; id++) {
      await items()
        .insertInto('items')
        .values({ id, label: `item ${id}` })
        .execute();
    }
    for (let id = 1; id <= 50; id++) {
      const row = await items().selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
      expect(row).toEqual({ id, label: `item ${id}` });
    }
    // One insert text and one select text, each prepared once for 100 queries.
    expect(prepare).toHaveBeenCalledTimes(2);
    await db.destroy();
  });

  it('stays correct past the cache: 300 distinct texts, then the first ones again', async () => {
    const db = openDatabase('memory');
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const texts = Array.from({ length: 300 }, (_, index) => index);
    for (const n of texts) {
      const { rows } = await sql<{ n: number }>`select ${sql.lit(n)} as n`.execute(db);
      expect(rows).toEqual([{ n }]);
    }
    const again = async (some: number[]) => {
      for (const n of some) {
        const { rows } = await sql<{ n: number }>`select ${sql.lit(n)} as n`.execute(db);
        expect(rows).toEqual([{ n }]);
      }
    };
    // The last texts are still kept: nothing prepared again.
    await again(texts.slice(-10));
    expect(prepare).toHaveBeenCalledTimes(300);
    // The first ones were dropped (256 kept) and are prepared again, still answering correctly.
    await again(texts.slice(0, 10));
    expect(prepare).toHaveBeenCalledTimes(310);
    await db.destroy();
  });
});
