import { compiledOnce } from '@unfurlkit/core/kysely';
import type { Kysely } from 'kysely';
import type { Database, OutboxTable } from './database.js';
import { GroupCommit } from './group-commit.js';
import { sql } from './kysely/kysely-runtime.js';
import type { SqlDialect } from './kysely/sql-dialect.js';
import { byClaimOrder, firstClaimable, rowid } from './outbox-claim-order.js';
import { distinctSorted, ENQUEUE_CHUNK_PAIRS, enqueueChunk } from './outbox-enqueue-chunk.js';
import type {
  AttemptOutcome,
  ChangedPair,
  ClaimedOutboxRow,
  LeasedKey,
  OutboxRow,
  OutboxStore,
} from './outbox-store.js';
import { fromClaimedOutboxRow, fromOutboxRow } from './row-mapping.js';
import { withoutFsync } from './without-fsync.js';

interface Completion {
  row: LeasedKey & { generation: number };
  now: number;
  options: { dueAt?: number } | undefined;
}

/**
 * The outbox on SQLite and PostgreSQL: enqueueing and claiming, what a worker reports back, and what a person
 * sees and retries. The one place where the dialects differ is row locking (`FOR UPDATE SKIP LOCKED`,
 * `FOR SHARE`), which only PostgreSQL has and only it needs.
 *
 * Every report is guarded by `lease_id = ?`: a worker whose lease passed and was taken over by another
 * changes nothing, so a slow worker can never delete, reschedule or park a row someone else now holds.
 *
 * @example
 * const outbox = new KyselyOutboxStore(db, sqlDialectOf(db));
 * const rows = await outbox.claimDue(now, 20, { id: randomUUID(), until: now + 60_000 });
 */
export class KyselyOutboxStore implements OutboxStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: SqlDialect;

  /**
   * SQLite: completions that arrive while one is being written go together in one transaction (one commit), each
   * with its own result, as if run one by one (`GroupCommit`). Committed without an fsync: a completion undone by
   * a power cut only sends its row's state once more (without-fsync.ts).
   */
  readonly #completions: GroupCommit<Completion, boolean>;

  /** The claim's statement, compiled once (it runs several times a second while the outbox drains). */
  readonly #claimPostgres = compiledOnce(['leaseId', 'leaseUntil', 'now', 'limit'], (v) =>
    this.#db
      .with(
        (cte) => cte('due').materialized(),
        (qc) =>
          firstClaimable(
            qc.selectFrom('outbox').select(['outbox.connection_id', 'outbox.uri']),
            v.now,
            v.limit,
          )
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('outbox')
      .set({ lease_id: v.leaseId, lease_until: v.leaseUntil, updated_at: v.now })
      .from('due')
      .whereRef('outbox.connection_id', '=', 'due.connection_id')
      .whereRef('outbox.uri', '=', 'due.uri')
      .returningAll('outbox'),
  );

  /** SQLite's claim statements, by limit (`sqliteClaimWithLimit`). */
  readonly #claimSqliteByLimit = new Map<number, ReturnType<typeof sqliteClaimWithLimit>>();

  #claimSqlite(
    db: Kysely<Database>,
    values: { leaseId: string; leaseUntil: number; now: number; limit: number },
  ) {
    let claim = this.#claimSqliteByLimit.get(values.limit);
    if (claim === undefined) {
      claim = sqliteClaimWithLimit(this.#db, values.limit);
      this.#claimSqliteByLimit.set(values.limit, claim);
    }
    return claim(db, values);
  }

  /** A completion's delete, compiled once: one per delivery. */
  readonly #deleteCompleted = compiledOnce(['connectionId', 'uri', 'leaseId', 'generation'], (v) =>
    this.#db
      .deleteFrom('outbox')
      .where('connection_id', '=', v.connectionId)
      .where('uri', '=', v.uri)
      .where('lease_id', '=', v.leaseId)
      .where('generation', '=', v.generation),
  );

  constructor(db: Kysely<Database>, dialect: SqlDialect) {
    this.#db = db;
    this.#dialect = dialect;
    this.#completions = new GroupCommit(db, (trx, completion) => this.#complete(trx, completion), {
      withoutFsync: true,
    });
  }

  /**
   * Records one change for each pair, coalescing into the pair's existing outbox row; returns how many pairs
   * were recorded (distinct pairs of a live connection). The rules, all in the upsert's `DO UPDATE`:
   *
   * - new pair: a pending row, generation 1, attempts 0, enqueued `now` and due `dueAt` (default `now`; later
   *   lets a burst of changes coalesce before the first delivery);
   * - pending row: generation + 1 and attempts 0 (a new change starts a new count), but `next_attempt_at` and
   *   `enqueued_at` stay: a backoff or Retry-After in force is respected, and latency counts from the oldest
   *   undelivered change. A lease in force stays too: the worker's `complete` then sees the new generation and
   *   leaves the row due instead of deleting it;
   * - failed row: generation + 1 and a fresh start: pending, attempts 0, enqueued `now`, due `dueAt`.
   *
   * Pairs of unknown or revoked connections never reach the table: the rows to insert are selected from a
   * `VALUES` list joined to `notion_connections … WHERE revoked_at IS NULL`, so the filter and the write are
   * one statement. On PostgreSQL that select also takes `FOR SHARE` on the connections it reads, so a
   * concurrent `connections.markRevoked` or `connections.delete` (which lock the connection first) waits for
   * this transaction, or this one waits for it and then skips the connection: no row is left behind for a
   * revoked connection, and no foreign-key error surfaces for a deleted one.
   *
   * Thousands of pairs: chunks of `ENQUEUE_CHUNK_PAIRS`, one multi-row statement each, all in one transaction
   * (one commit, one fsync on SQLite). Pairs are deduplicated (PostgreSQL refuses to update a row twice in one
   * statement) and sorted, and each statement writes them in that order (`ORDER BY p.ord`), so concurrent
   * enqueues lock outbox rows in the same order and cannot deadlock one another.
   */
  async enqueueChanges(
    pairs: ReadonlyArray<ChangedPair>,
    now: number,
    options?: { dueAt?: number },
  ): Promise<number> {
    const dueAt = options?.dueAt ?? now;
    const unique = distinctSorted(pairs);
    if (unique.length === 0) return 0;
    return this.#db.transaction().execute(async (trx) => {
      let recorded = 0;
      for (let start = 0; start < unique.length; start += ENQUEUE_CHUNK_PAIRS) {
        const chunk = unique.slice(start, start + ENQUEUE_CHUNK_PAIRS);
        recorded += await enqueueChunk(trx, this.#dialect, chunk, now, dueAt);
      }
      return recorded;
    });
  }

  /**
   * Leases up to `limit` claimable rows, oldest `next_attempt_at` first, in one statement, and returns them
   * leased, in that order. Two workers never get the same row, whichever process they run in:
   *
   * - PostgreSQL: `WITH due AS MATERIALIZED (SELECT … ORDER BY … LIMIT n FOR UPDATE SKIP LOCKED) UPDATE outbox
   *   … FROM due … RETURNING`. A row another claim has locked is skipped, not waited for; a row another claim
   *   leased and committed since this statement's snapshot is re-checked once locked, and dropped (its lease is
   *   in force now). `MATERIALIZED` runs the locking select exactly once, however the planner joins it.
   * - SQLite: `UPDATE outbox … WHERE rowid IN (SELECT rowid … ORDER BY … LIMIT n) RETURNING`. SQLite runs one
   *   writer at a time (across processes too), and the select and the update are one statement. Committed
   *   without an fsync: a lease undone by a power cut leaves its row claimable, as a crash does (without-fsync.ts).
   *
   * The lease is `lease.id` until `lease.until`; `updated_at` becomes `now`.
   */
  async claimDue(
    now: number,
    limit: number,
    lease: { id: string; until: number },
  ): Promise<ClaimedOutboxRow[]> {
    const n = Math.floor(limit);
    // SQLite reads `LIMIT -1` as "no limit": a non-positive limit must mean none, not all.
    if (!(n >= 1)) return [];
    const values = { leaseId: lease.id, leaseUntil: lease.until, now, limit: n };
    const { rows } =
      this.#dialect === 'postgres'
        ? await this.#claimPostgres(this.#db, values)
        : await withoutFsync(this.#db, (db) => this.#claimSqlite(db, values));

    // RETURNING promises no order.
    return rows.sort(byClaimOrder).map(fromClaimedOutboxRow);
  }

  /**
   * After a 2xx. Deletes the row if the worker still holds it and no change arrived meanwhile (same
   * `generation`): true. Otherwise, if the lease still holds, a change arrived in flight: the row stays,
   * released, pending and due at `dueAt` (default `now`), with the episode's attempts and last outcome cleared
   * (this delivery succeeded) and `enqueued_at = now` (what it delivered is done; the newer change arrived
   * during the flight): false. With a stale lease nothing changes: false.
   *
   * Two statements without a transaction: between them the row can only gain a generation (an enqueue) or lose
   * the lease (a claim after it passed), and the release re-checks the lease.
   */
  complete(
    row: LeasedKey & { generation: number },
    now: number,
    options?: { dueAt?: number },
  ): Promise<boolean> {
    // PostgreSQL: one statement each, as ever (several instances; a batch could lock rows in a new order).
    if (this.#dialect === 'postgres') return this.#complete(this.#db, { row, now, options });
    return this.#completions.run({ row, now, options });
  }

  /** One completion, on `db` (the database, or the transaction of a batch). */
  async #complete(db: Kysely<Database>, { row, now, options }: Completion): Promise<boolean> {
    const deleted = await this.#deleteCompleted(db, {
      connectionId: row.connectionId,
      uri: row.uri,
      leaseId: row.leaseId,
      generation: row.generation,
    });
    if ((deleted.numAffectedRows ?? 0n) > 0n) return true;

    // A newer change arrived during the delivery: send it after `dueAt`, letting further changes join it.
    await this.#settleLease(
      row,
      {
        attempts: 0,
        first_failed_at: null,
        last_status: null,
        last_error: null,
        next_attempt_at: options?.dueAt ?? now,
        enqueued_at: now,
      },
      now,
      db,
    );
    return false;
  }

  /**
   * After a failed attempt to be retried: releases the lease, records the outcome and the next due time. The
   * row stays pending. No-op with a stale lease.
   */
  async reschedule(
    row: LeasedKey,
    outcome: AttemptOutcome & { nextAttemptAt: number },
    now: number,
  ): Promise<void> {
    await this.#settleLease(
      row,
      {
        next_attempt_at: outcome.nextAttemptAt,
        attempts: outcome.attempts,
        ...firstFailure(outcome),
        last_status: outcome.lastStatus,
        last_error: outcome.lastError,
      },
      now,
    );
  }

  /**
   * Retries exhausted or refused for good: parks the row as `failed` (kept for a person to see and retry),
   * releases the lease and records the outcome. `next_attempt_at` stays as it was: a failed row is never
   * claimed, and both ways out of `failed` (a new change, `retry`) set it. No-op with a stale lease.
   */
  async fail(row: LeasedKey, outcome: AttemptOutcome, now: number): Promise<void> {
    await this.#settleLease(
      row,
      {
        state: 'failed',
        attempts: outcome.attempts,
        ...firstFailure(outcome),
        last_status: outcome.lastStatus,
        last_error: outcome.lastError,
      },
      now,
    );
  }

  /** Releases `row`'s lease with `changes`, only if the lease still holds (a stale worker's report is a no-op). */
  async release(row: LeasedKey, now: number): Promise<void> {
    await this.#settleLease(row, {}, now);
  }

  async #settleLease(
    row: LeasedKey,
    changes: Partial<
      Pick<
        OutboxTable,
        | 'state'
        | 'next_attempt_at'
        | 'attempts'
        | 'first_failed_at'
        | 'last_status'
        | 'last_error'
        | 'enqueued_at'
      >
    >,
    now: number,
    db: Kysely<Database> = this.#db,
  ): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ ...changes, lease_id: null, lease_until: null, updated_at: now })
      .where('connection_id', '=', row.connectionId)
      .where('uri', '=', row.uri)
      .where('lease_id', '=', row.leaseId)
      .execute();
  }

  /**
   * Drops the pair's row, whatever its state or lease (the preview is gone: nothing to push). True when there
   * was one. A worker holding it then finds its reports are no-ops.
   */
  async delete(connectionId: string, uri: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('outbox')
      .where('connection_id', '=', connectionId)
      .where('uri', '=', uri)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * A person's "retry": a failed row becomes pending, due `now`, attempts 0. Its last status and error stay
   * until the next attempt replaces them, and so does `enqueued_at` (its change is still the undelivered one).
   * True when there was a failed row; a pending row is left alone (it is already on its way).
   */
  async retry(connectionId: string, uri: string, now: number): Promise<boolean> {
    const result = await this.#requeue(now)
      .where('connection_id', '=', connectionId)
      .where('uri', '=', uri)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * `retry` in bulk (`unfurlkit updates retry --all`, `--connection`, `--since`): one statement over the failed
   * rows the filter names. A failed row's `updated_at` is when it was parked: nothing else writes a failed row.
   */
  async retryFailed(filter: { connectionId?: string; since?: number }, now: number): Promise<number> {
    let query = this.#requeue(now);
    if (filter.connectionId !== undefined) query = query.where('connection_id', '=', filter.connectionId);
    if (filter.since !== undefined) query = query.where('updated_at', '>=', filter.since);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** A person's retry of failed rows: pending, due `now`, a fresh episode; the caller narrows the rows. */
  #requeue(now: number) {
    return this.#db
      .updateTable('outbox')
      .set({
        state: 'pending',
        attempts: 0,
        first_failed_at: null,
        next_attempt_at: now,
        lease_id: null,
        lease_until: null,
        updated_at: now,
      })
      .where('state', '=', 'failed');
  }

  /**
   * After an outage of Notion as a whole (the circuit breaker closes): pending rows with failures on record start
   * a fresh episode, due now if they were backing off. One statement; a row leased meanwhile is included (its
   * worker's report then writes its own outcome over this). Rows without failures (waiting for a rate) keep
   * their due time.
   */
  async renewBudgets(now: number): Promise<number> {
    const result = await this.#db
      .updateTable('outbox')
      .set((eb) => ({
        attempts: 0,
        first_failed_at: null,
        next_attempt_at: eb
          .case()
          .when('next_attempt_at', '>', now)
          .then(eb.cast<number>(eb.val(now), 'bigint'))
          .else(eb.ref('next_attempt_at'))
          .end(),
        updated_at: now,
      }))
      .where('state', '=', 'pending')
      .where('first_failed_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Up to `limit` rows, optionally of one state, longest-waiting first (`enqueued_at`; ties by connection and
   * uri): for a person looking at what is stuck. A non-positive limit lists nothing.
   */
  async list(filter: { state?: OutboxRow['state']; limit: number }): Promise<OutboxRow[]> {
    const n = Math.floor(filter.limit);
    if (!(n >= 1)) return [];
    let query = this.#db.selectFrom('outbox').selectAll();
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    const found = await query
      .orderBy('enqueued_at')
      .orderBy('connection_id')
      .orderBy('uri')
      .limit(n)
      .execute();
    return found.map(fromOutboxRow);
  }

  /** How many rows are pending (including leased ones) and how many failed. */
  async count(): Promise<{ pending: number; failed: number }> {
    const counts = await this.#db
      .selectFrom('outbox')
      .select((eb) => ['state', eb.fn.countAll().as('count')])
      .groupBy('state')
      .execute();
    // Kysely types count(*) loosely (string | number | bigint); both drivers here return a number.
    const of = (state: OutboxRow['state']) => Number(counts.find((c) => c.state === state)?.count ?? 0);
    return { pending: of('pending'), failed: of('failed') };
  }
}

/** The `first_failed_at` change of a report: none when the worker did not say. */
const firstFailure = (outcome: AttemptOutcome): { first_failed_at?: number | null } =>
  outcome.firstFailedAt === undefined ? {} : { first_failed_at: outcome.firstFailedAt };

/**
 * SQLite's claim for one limit, with the limit written into the SQL (`LIMIT 16`, not `LIMIT ?`). Why: SQLite (3.53,
 * the one better-sqlite3 builds) plans a bound LIMIT as the constant it was bound to and marks the statement to be prepared again
 * whenever that parameter is bound again, which is every run: a cached statement then cost a parse and a plan each
 * time, about half of the claim's time in the database. A worker's limits are its free slots, so a store holds
 * at most `UPDATES_CONCURRENCY` of these.
 */
function sqliteClaimWithLimit(db: Kysely<Database>, limit: number) {
  return compiledOnce(['leaseId', 'leaseUntil', 'now'], (v) =>
    db
      .updateTable('outbox')
      .set({ lease_id: v.leaseId, lease_until: v.leaseUntil, updated_at: v.now })
      .where((eb) =>
        eb(
          rowid,
          'in',
          firstClaimable(eb.selectFrom('outbox').select(rowid.as('rowid')), v.now, sql.lit(limit)),
        ),
      )
      .returningAll(),
  );
}
