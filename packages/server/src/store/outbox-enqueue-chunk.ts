import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

/** A (connection, uri) pair whose preview should be pushed again. */
export interface ChangedPair {
  connectionId: string;
  uri: string;
}

/**
 * Pairs per statement: two bound parameters each, plus eight shared ones, so 400 stays under the 999 parameters
 * of the most conservative SQLite build (PostgreSQL allows 65,535) and keeps a statement a few kilobytes.
 */
export const ENQUEUE_CHUNK_PAIRS = 400;

/** Code-unit order on (connectionId, uri): the same total order in every process. */
function comparePairs(a: ChangedPair, b: ChangedPair): number {
  if (a.connectionId !== b.connectionId) return a.connectionId < b.connectionId ? -1 : 1;
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return 0;
}

/** The pairs without repeats (a pair listed twice is one change), sorted by `comparePairs`. */
function distinctSorted(pairs: ReadonlyArray<ChangedPair>): ChangedPair[] {
  const sorted = pairs.map(({ connectionId, uri }) => ({ connectionId, uri })).sort(comparePairs);
  return sorted.filter((pair, i) => i === 0 || comparePairs(sorted[i - 1]!, pair) !== 0);
}

/**
 * Records one change for each pair, coalescing into the pair's existing outbox row; returns how many pairs
 * were recorded (distinct pairs of a live connection). The rules, all in the upsert's `DO UPDATE`:
 *
 * - new pair: a pending row, generation 1, attempts 0, enqueued `now` and due `dueAt` (default `now`; later
 *   lets a burst of changes coalesce before the first delivery);
 * - pending row: generation + 1 and attempts 0 (a new change starts a new count), but `next_attempt_at` and
 *   `enqueued_at` stay: a backoff or Retry-After in force is respected, and latency counts from the oldest
 *   undelivered change. A lease in force stays too: the worker's `completeOutbox` then sees the new
 *   generation and leaves the row due instead of deleting it;
 * - failed row: generation + 1 and a fresh start: pending, attempts 0, enqueued `now`, due `dueAt`.
 *
 * Pairs of unknown or revoked connections never reach the table: the rows to insert are selected from a
 * `VALUES` list joined to `notion_connections … WHERE revoked_at IS NULL`, so the filter and the write are
 * one statement. On PostgreSQL that select also takes `FOR SHARE` on the connections it reads, so a
 * concurrent `markNotionConnectionRevoked` or `deleteNotionConnection` (which lock the connection first)
 * waits for this transaction, or this one waits for it and then skips the connection: no row is left behind
 * for a revoked connection, and no foreign-key error surfaces for a deleted one.
 *
 * Thousands of pairs: chunks of `ENQUEUE_CHUNK_PAIRS`, one multi-row statement each, all in one transaction
 * (one commit, one fsync on SQLite). Pairs are deduplicated (PostgreSQL refuses to update a row twice in one
 * statement) and sorted, and each statement writes them in that order (`ORDER BY p.ord`), so concurrent
 * enqueues lock outbox rows in the same order and cannot deadlock one another.
 *
 * @example
 * const pairs = previews.map((p) => ({ connectionId: p.connectionId, uri: p.uri }));
 * const recorded = await enqueueChanges(db, 'postgres', pairs, now);
 */
export async function enqueueChanges(
  db: Kysely<Database>,
  dialect: SqlDialect,
  pairs: ReadonlyArray<ChangedPair>,
  now: number,
  dueAt: number = now,
): Promise<number> {
  const unique = distinctSorted(pairs);
  if (unique.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let recorded = 0;
    for (let start = 0; start < unique.length; start += ENQUEUE_CHUNK_PAIRS) {
      recorded += await enqueueChunk(
        trx,
        dialect,
        unique.slice(start, start + ENQUEUE_CHUNK_PAIRS),
        now,
        dueAt,
      );
    }
    return recorded;
  });
}

async function enqueueChunk(
  trx: Kysely<Database>,
  dialect: SqlDialect,
  chunk: ReadonlyArray<ChangedPair>,
  now: number,
  dueAt: number,
): Promise<number> {
  // `ord` is an inlined integer literal (ours, not input): it orders the writes without costing a parameter.
  const rows = sql.join(chunk.map((pair, i) => sql`(${sql.lit(i)}, ${pair.connectionId}, ${pair.uri})`));
  const result = await trx
    // A CTE with a column list, not `(VALUES …) AS p(…)`: SQLite accepts only the former.
    .with(
      'p(ord, connection_id, uri)',
      () => sql<{ ord: number; connection_id: string; uri: string }>`(values ${rows})`,
    )
    .insertInto('outbox')
    .columns([
      'connection_id',
      'uri',
      'generation',
      'state',
      'attempts',
      'next_attempt_at',
      'enqueued_at',
      'updated_at',
    ])
    .expression((eb) => {
      const at = eb.cast<number>(eb.val(now), 'bigint');
      const due = eb.cast<number>(eb.val(dueAt), 'bigint');
      const live = eb
        .selectFrom('p')
        .innerJoin('notion_connections as c', 'c.id', 'p.connection_id')
        // Also what keeps SQLite's parser from reading `ON CONFLICT` as a join constraint.
        .where('c.revoked_at', 'is', null)
        .select([
          'c.id as connection_id',
          'p.uri',
          sql.lit(1).as('generation'),
          sql.lit('pending').as('state'),
          sql.lit(0).as('attempts'),
          due.as('next_attempt_at'),
          at.as('enqueued_at'),
          at.as('updated_at'),
        ])
        .orderBy('p.ord');
      return dialect === 'postgres' ? live.forShare('c') : live;
    })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'uri']).doUpdateSet((eb) => {
        // Every right-hand side reads the row as it was before this update: `outbox.state` is the old state.
        const freshIfFailed = (column: 'next_attempt_at' | 'enqueued_at') =>
          eb
            .case()
            .when('outbox.state', '=', 'failed')
            .then(eb.ref(`excluded.${column}`))
            .else(eb.ref(`outbox.${column}`))
            .end();
        return {
          generation: eb('outbox.generation', '+', 1),
          state: 'pending',
          attempts: 0,
          next_attempt_at: freshIfFailed('next_attempt_at'),
          enqueued_at: freshIfFailed('enqueued_at'),
          updated_at: eb.ref('excluded.updated_at'),
        };
      }),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
