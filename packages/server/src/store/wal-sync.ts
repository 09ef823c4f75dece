import { type FileHandle, open } from 'node:fs/promises';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.js';

const SYNCHRONOUS_NORMAL = CompiledQuery.raw('pragma synchronous = normal');
const SYNCHRONOUS_FULL = CompiledQuery.raw('pragma synchronous = full');
const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const READ_SETUP = CompiledQuery.raw(
  "select (select file from pragma_database_list where name = 'main') as file, " +
    '(select synchronous from pragma_synchronous) as synchronous',
);
/** Syncs on the thread pool at once (4 threads by default): the rest stays free for other file and DNS work. */
const MAX_SYNCS_IN_FLIGHT = 2;
/** `PRAGMA synchronous` answers 2 for FULL. */
const FULL = 2;

/**
 * SQLite transactions that are as durable as with `synchronous = FULL` (the WAL synced after the commit, before
 * the caller goes on) but whose sync does not block the event loop: better-sqlite3 runs SQLite on the main thread,
 * so with FULL every commit's fsync (about 1 ms on a VM disk) stops every other request. Here the commit runs with
 * `synchronous = NORMAL` (the WAL written, not synced), and `transaction` resolves only after an `fdatasync` of the
 * WAL file that started after the commit, on the thread pool. Each sync covers every commit made before it
 * started; at most two run at once, and commits arriving while two are under way share the next.
 *
 * What a power cut can lose is only what was not answered yet: WAL frames are checksummed in a chain, so a commit
 * whose frames did not reach the disk is dropped on recovery with everything after it, and each later commit on
 * this connection (with FULL, or synced here) syncs all frames before it. Checkpoints sync the WAL first in NORMAL
 * too. A reader on this connection can see a commit before its sync: `barrier()` is how it waits before acting
 * on it.
 *
 * The synchronous level is switched only while this holds the one connection (Kysely's SQLite driver has one,
 * behind a mutex), so no other write commits under NORMAL. A database without a file (`:memory:`) or not opened
 * with FULL runs plain transactions.
 *
 * @example
 * const wal = new WalSync(db);
 * const rotated = await wal.transaction((trx) => rotateIn(trx, rotation)); // committed and on disk
 */
export class WalSync {
  readonly #db: Kysely<Database>;
  #setup: Promise<string | undefined> | undefined;
  #file: Promise<FileHandle> | undefined;
  /** Commits made under NORMAL so far, and how many of them the last finished sync covered. */
  #committed = 0;
  #synced = 0;
  readonly #inFlight = new Set<Promise<void>>();
  #queued: Promise<void> | undefined;
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Runs `write` in a transaction of its own; resolves once it is committed and synced. */
  async transaction<R>(write: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
    this.#setup ??= this.#readSetup();
    const walPath = await this.#setup;
    if (walPath === undefined || this.#closed) return this.#db.transaction().execute(write);
    const result = await this.#commitUnsynced(write);
    this.#committed += 1;
    await this.#syncStartingNow(walPath);
    return result;
  }

  /** `write` in a transaction committed under NORMAL, holding the connection from the switch to the switch back. */
  #commitUnsynced<R>(write: (trx: Kysely<Database>) => Promise<R>): Promise<R> {
    return this.#db.connection().execute(async (connection) => {
      await connection.executeQuery(SYNCHRONOUS_NORMAL);
      try {
        await connection.executeQuery(BEGIN);
        try {
          const written = await write(connection);
          await connection.executeQuery(COMMIT);
          return written;
        } catch (error) {
          await connection.executeQuery(ROLLBACK).catch(() => undefined);
          throw error;
        }
      } finally {
        await connection.executeQuery(SYNCHRONOUS_FULL);
      }
    });
  }

  /** Resolves once every commit made so far is synced: before acting on something a reader saw. */
  async barrier(): Promise<void> {
    if (this.#synced >= this.#committed) return;
    const walPath = await this.#setup;
    if (walPath !== undefined) await this.#syncStartingNow(walPath);
  }

  /** Closes the WAL file's handle (the database itself is closed by its owner). */
  async close(): Promise<void> {
    this.#closed = true;
    const file = this.#file;
    this.#file = undefined;
    await (await file?.catch(() => undefined))?.close();
  }

  /** The WAL's path when this database can use deferred syncs: a file opened with FULL. */
  async #readSetup(): Promise<string | undefined> {
    const { rows } = await this.#db.executeQuery<{ file: string | null; synchronous: number }>(READ_SETUP);
    const row = rows[0];
    if (!row?.file || row.synchronous !== FULL) return undefined;
    return `${row.file}-wal`;
  }

  /**
   * A sync that starts now, or once one of those in flight ends when `MAX_SYNCS_IN_FLIGHT` run (shared by every
   * caller until it starts). Concurrent syncs of one file cost the disk little more than one (the kernel merges
   * their flushes), and a commit need not wait for a sync that started before it to end before its own starts.
   */
  #syncStartingNow(walPath: string): Promise<void> {
    if (this.#inFlight.size < MAX_SYNCS_IN_FLIGHT) return this.#startSync(walPath);
    this.#queued ??= Promise.race(this.#inFlight)
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#startSync(walPath);
      });
    return this.#queued;
  }

  #startSync(walPath: string): Promise<void> {
    const sync: Promise<void> = this.#datasync(walPath, this.#committed).finally(() => {
      this.#inFlight.delete(sync);
    });
    this.#inFlight.add(sync);
    return sync;
  }

  /** One `fdatasync` of the WAL; `covers`: the commits made before it started. */
  async #datasync(walPath: string, covers: number): Promise<void> {
    // Opened after a commit under WAL, so the file exists; the connection keeps it (SQLite removes it only when
    // the last connection closes), so the handle stays on the live WAL.
    this.#file ??= open(walPath, 'r');
    const file = await this.#file.catch((error: unknown) => {
      this.#file = undefined; // tried again by the next sync
      throw error;
    });
    await file.datasync();
    this.#synced = Math.max(this.#synced, covers);
  }
}
