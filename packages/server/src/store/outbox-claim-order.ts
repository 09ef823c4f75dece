import type { RawBuilder, SelectQueryBuilder } from 'kysely';
import type { Database, OutboxTable } from './database.js';
import { sql } from './kysely/kysely-runtime.js';

/*
 * What a claim takes, and in which order: shared by both dialects' claim statements (`KyselyOutboxStore.claimDue`).
 */

/**
 * The `n` rows a worker may take at `now`, oldest due time first: pending, due, and not leased, or leased by a
 * worker whose lease passed. The rest of the order only makes ties deterministic.
 *
 * @example
 * const due = firstClaimable(db.selectFrom('outbox').select(['outbox.connection_id', 'outbox.uri']), now, 20);
 */
export function firstClaimable<O>(
  query: SelectQueryBuilder<Database, 'outbox', O>,
  now: number,
  n: number | RawBuilder<number>,
): SelectQueryBuilder<Database, 'outbox', O> {
  return (
    query
      .where((eb) =>
        eb.and([
          eb('outbox.state', '=', 'pending'),
          eb('outbox.next_attempt_at', '<=', now),
          // Strictly before: a lease holds through `lease_until` itself; a worker on the boundary keeps it.
          eb.or([eb('outbox.lease_until', 'is', null), eb('outbox.lease_until', '<', now)]),
        ]),
      )
      // `outbox_claim_idx` (state, next_attempt_at, enqueued_at, connection_id, uri) serves the filter and the
      // whole order, so the database reads the first due rows and stops (migration 0003).
      .orderBy('outbox.next_attempt_at')
      .orderBy('outbox.enqueued_at')
      .orderBy('outbox.connection_id')
      .orderBy('outbox.uri')
      .limit(n)
  );
}

/**
 * The same order in JavaScript, for the rows RETURNING gives back in no particular order.
 *
 * @example
 * rows.sort(byClaimOrder);
 */
export const byClaimOrder = (a: OutboxTable, b: OutboxTable): number =>
  a.next_attempt_at - b.next_attempt_at ||
  a.enqueued_at - b.enqueued_at ||
  (a.connection_id === b.connection_id ? 0 : a.connection_id < b.connection_id ? -1 : 1) ||
  (a.uri === b.uri ? 0 : a.uri < b.uri ? -1 : 1);

/** SQLite's implicit key of every (non-`WITHOUT ROWID`) table: the cheapest way to name the rows to update. */
export const rowid = sql<number>`rowid`;
