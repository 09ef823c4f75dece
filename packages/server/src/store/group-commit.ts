import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { withoutFsync } from './without-fsync.js';

interface Queued<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs one small write per caller, but commits the writes that queue up while one is being committed together,
 * in one transaction: on SQLite with `synchronous = FULL` each commit is an fsync, and concurrent callers (the
 * outbox worker's deliveries) otherwise pay one each. Each caller gets its own result, as if run alone. A lone
 * write runs as before (alone, in a transaction of its own if asked); if a batch's transaction fails, each of its
 * writes is run again alone, so one bad write cannot fail its neighbours.
 *
 * For SQLite (one connection, writes serialised anyway); on a database with row locks, batching writes in a new
 * order could deadlock against other transactions.
 *
 * @example
 * const completions = new GroupCommit(db, (trx, row) => completeOne(trx, row));
 * await completions.run(row);
 */
export class GroupCommit<T, R> {
  readonly #db: Kysely<Database>;
  readonly #write: (db: Kysely<Database>, item: T) => Promise<R>;
  #queue: Array<Queued<T, R>> = [];
  #writing = false;

  readonly #aloneInTransaction: boolean;
  readonly #withoutFsync: boolean;

  /**
   * `aloneInTransaction`: a write of several statements that must be atomic runs in a transaction of its own
   * when it comes alone (in a batch, the batch's transaction holds it). `withoutFsync`: writes whose loss in a
   * power cut is harmless commit without waiting for the disk (`withoutFsync`, without-fsync.ts).
   */
  constructor(
    db: Kysely<Database>,
    write: (db: Kysely<Database>, item: T) => Promise<R>,
    options: { aloneInTransaction?: boolean; withoutFsync?: boolean } = {},
  ) {
    this.#db = db;
    this.#write = write;
    this.#aloneInTransaction = options.aloneInTransaction ?? false;
    this.#withoutFsync = options.withoutFsync ?? false;
  }

  run(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#writing) return;
      this.#writing = true;
      // better-sqlite3 commits synchronously, blocking the event loop: nothing can join a commit under way.
      // Writing after the current I/O phase instead lets every caller woken in it (each a PATCH answered) join.
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      await (this.#withoutFsync ? this.#unsynced(batch) : this.#commit(batch, this.#db));
    }
    this.#writing = false;
  }

  /** The batch on the held connection at `synchronous = NORMAL`; if that cannot be set up, each write fails. */
  async #unsynced(batch: Array<Queued<T, R>>): Promise<void> {
    try {
      await withoutFsync(this.#db, (connection) => this.#commit(batch, connection));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  /** Never rejects: each entry is settled with its own result or error. */
  #commit(batch: Array<Queued<T, R>>, db: Kysely<Database>): Promise<void> {
    return batch.length === 1 ? this.#alone(batch[0]!, db) : this.#together(batch, db);
  }

  async #alone(entry: Queued<T, R>, db: Kysely<Database>): Promise<void> {
    try {
      entry.resolve(
        this.#aloneInTransaction
          ? await db.transaction().execute((trx) => this.#write(trx, entry.item))
          : await this.#write(db, entry.item),
      );
    } catch (error) {
      entry.reject(error);
    }
  }

  async #together(batch: Array<Queued<T, R>>, db: Kysely<Database>): Promise<void> {
    let results: R[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const done: R[] = [];
        for (const entry of batch) done.push(await this.#write(trx, entry.item));
        return done;
      });
    } catch {
      for (const entry of batch) await this.#alone(entry, db);
      return;
    }
    for (const [index, entry] of batch.entries()) entry.resolve(results[index]!);
  }
}
