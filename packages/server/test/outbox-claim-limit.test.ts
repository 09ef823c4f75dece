import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withStatementCache } from '@unfurlkit/core/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/store/database.js';
import { KyselyIntegrationStore } from '../src/store/kysely-store.js';
import { migrateDatabase } from '../src/store/migrate-database.js';
import { aConnectionInput, T0 } from './store-fixtures.js';

/*
 * SQLite's outbox claim carries its limit in the SQL text, not as a bound parameter. SQLite plans a bound LIMIT as
 * the constant it was bound to and prepares the statement again every time that parameter is bound again, so a
 * bound limit would cost a parse and a plan at every claim (BENCHMARKS.md, eighth round). The claims' behaviour is
 * the store contract's (store.test.ts); this file checks what the database is given, on a real SQLite file.
 */

describe('SQLite outbox claim: the limit is part of the statement', () => {
  let dir = '';
  /** What Kysely's dialect asked to prepare, and what reached SQLite (the statement cache's misses). */
  let asked: string[] = [];
  let prepared: string[] = [];
  let db: Kysely<Database>;
  let store: KyselyIntegrationStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'unfurlkit-claim-limit-'));
    const file = path.join(dir, 'store.db');
    await migrateDatabase(`sqlite:${file}`);
    const sqlite = new BetterSqlite3(file);
    asked = [];
    prepared = [];
    const cached = withStatementCache({
      prepare: (sql: string) => {
        prepared.push(sql);
        return sqlite.prepare(sql);
      },
      close: () => sqlite.close(),
    });
    const database = {
      prepare: (sql: string) => {
        asked.push(sql);
        return cached.prepare(sql);
      },
      close: () => cached.close(),
    };
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: database as unknown as BetterSqlite3.Database }),
    });
    store = new KyselyIntegrationStore(db);
  });

  afterEach(async () => {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  const claims = (texts: string[]) => texts.filter((sql) => /^update "outbox"/.test(sql));

  it('writes each limit into the SQL, and reuses one statement per limit', async () => {
    const connection = await store.connections.upsert(aConnectionInput(), T0);
    const pairs = Array.from({ length: 12 }, (_, i) => ({
      connectionId: connection.id,
      uri: `https://acme.test/items/${i}`,
    }));
    expect(await store.outbox.enqueueChanges(pairs, T0)).toBe(12);

    const sizes: number[] = [];
    for (const [limit, worker] of [
      [2, 'a'],
      [5, 'b'],
      [2, 'c'],
      [5.9, 'd'],
    ] as const) {
      const rows = await store.outbox.claimDue(T0, limit, { id: worker, until: T0 + 60_000 });
      sizes.push(rows.length);
    }
    expect(sizes).toEqual([2, 5, 2, 3]); // 12 rows: the last claim takes what is left of its 5

    const limitOf = (sql: string) => sql.match(/ limit (\S+)\)/i)?.[1];
    expect(claims(asked).map(limitOf)).toEqual(['2', '5', '2', '5']);
    // One statement per limit, prepared once and reused from the cache.
    expect(claims(prepared).map(limitOf)).toEqual(['2', '5']);
    expect(claims(asked).some((sql) => /limit \?/i.test(sql))).toBe(false);
  });

  it('claims nothing for a limit below 1, without asking the database', async () => {
    expect(await store.outbox.claimDue(T0, 0, { id: 'a', until: T0 + 1 })).toEqual([]);
    expect(await store.outbox.claimDue(T0, -1, { id: 'a', until: T0 + 1 })).toEqual([]);
    expect(claims(asked)).toEqual([]);
  });
});
