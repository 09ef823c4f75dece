import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { CompiledQuery } from './kysely/kysely-runtime.js';

/** `PRAGMA synchronous` levels by number: 0 off, 1 normal, 2 full, 3 extra. */
const NORMAL = 1;
/** Compiled once: this runs with every claim and every batch of completions. */
const READ_LEVEL = CompiledQuery.raw('pragma synchronous') as CompiledQuery<{ synchronous: number }>;
const SET_LEVEL = [0, 1, 2, 3].map((level) => CompiledQuery.raw(`pragma synchronous = ${level}`));
/**
 * Each database's own level, read at its first relaxed write: the server sets it once when it opens the file
 * (sqlite-dialect.ts) and only this function changes it after, always back.
 */
const ownLevel = new WeakMap<Kysely<Database>, number>();

/**
 * SQLite: runs `write` on the store's one connection (held, so nothing else runs meanwhile) with
 * `synchronous = NORMAL`, then restores the connection's own level. For writes whose loss in a power cut is
 * harmless and which the outbox worker commits several times a second: a claim (lost, the row is simply claimed
 * again) and a completion (lost, the row is delivered once more with the same state). In WAL mode a NORMAL commit
 * still survives a crash of the process; only a power cut can undo it, and only until the next FULL commit (any
 * enqueue, token, grant), whose fsync carries every frame before it.
 *
 * Why: each fsync blocks the event loop (better-sqlite3 is synchronous) for about as long as a whole delivery's
 * CPU, and every delivery costs a claim and a completion. A connection already at NORMAL or OFF is left as it is.
 * Not inside a transaction (SQLite refuses to change the level there): `write` may open its own.
 *
 * @example
 * const rows = await withoutFsync(db, (conn) => conn.updateTable('outbox').set(leased).returningAll().execute());
 */
export function withoutFsync<R>(
  db: Kysely<Database>,
  write: (connection: Kysely<Database>) => Promise<R>,
): Promise<R> {
  return db.connection().execute(async (connection) => {
    let level = ownLevel.get(db);
    if (level === undefined) {
      const { rows } = await connection.executeQuery(READ_LEVEL);
      level = rows[0]?.synchronous ?? NORMAL;
      ownLevel.set(db, level);
    }
    const restore = SET_LEVEL[level];
    if (level <= NORMAL || restore === undefined) return write(connection);
    await connection.executeQuery(SET_LEVEL[NORMAL]!);
    try {
      return await write(connection);
    } finally {
      await connection.executeQuery(restore);
    }
  });
}
