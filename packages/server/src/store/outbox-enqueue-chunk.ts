import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { sql } from './kysely/kysely-runtime.js';
import type { SqlDialect } from './kysely/sql-dialect.js';
import type { ChangedPair } from './outbox-store.js';

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

/**
 * The pairs without repeats (a pair listed twice is one change), sorted by `comparePairs`: PostgreSQL refuses to
 * update a row twice in one statement, and a shared order keeps concurrent enqueues from deadlocking.
 *
 * @example
 * distinctSorted([{ connectionId: 'b', uri: 'x' }, { connectionId: 'a', uri: 'y' }, { connectionId: 'b', uri: 'x' }]);
 * // → [{ connectionId: 'a', uri: 'y' }, { connectionId: 'b', uri: 'x' }]
 */
export function distinctSorted(pairs: ReadonlyArray<ChangedPair>): ChangedPair[] {
  const sorted = pairs.map(({ connectionId, uri }) => ({ connectionId, uri })).sort(comparePairs);
  return sorted.filter((pair, i) => i === 0 || comparePairs(sorted[i - 1]!, pair) !== 0);
}

/**
 * One statement of `enqueueChanges` (`KyselyOutboxStore`): records a change for each pair of `chunk` (at most
 * `ENQUEUE_CHUNK_PAIRS`, distinct and sorted), coalescing into existing rows, skipping pairs whose connection is
 * unknown or revoked; returns how many pairs were recorded. Run it inside the enqueue's transaction.
 *
 * @example
 * const recorded = await enqueueChunk(trx, 'sqlite', distinctSorted(pairs), now, now);
 */
export async function enqueueChunk(
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
          first_failed_at: null,
          next_attempt_at: freshIfFailed('next_attempt_at'),
          enqueued_at: freshIfFailed('enqueued_at'),
          updated_at: eb.ref('excluded.updated_at'),
        };
      }),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}
