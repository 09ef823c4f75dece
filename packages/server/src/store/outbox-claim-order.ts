import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, OutboxTable } from './database.js';
import { fromClaimedOutboxRow } from './row-mapping.js';
import type { SqlDialect } from './sql-dialect.js';
import type { ClaimedOutboxRow } from './store.js';

/**
 * The `n` rows a worker may take at `now`, oldest due time first: pending, due, and not leased, or leased by a
 * worker whose lease passed. The rest of the order only makes ties deterministic.
 */
function firstClaimable<O>(
  query: SelectQueryBuilder<Database, 'outbox', O>,
  now: number,
  n: number,
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

/** The same order in JavaScript, for the rows RETURNING gives back in no particular order. */
const byClaimOrder = (a: OutboxTable, b: OutboxTable): number =>
  a.next_attempt_at - b.next_attempt_at ||
  a.enqueued_at - b.enqueued_at ||
  (a.connection_id === b.connection_id ? 0 : a.connection_id < b.connection_id ? -1 : 1) ||
  (a.uri === b.uri ? 0 : a.uri < b.uri ? -1 : 1);

/** SQLite's implicit key of every (non-`WITHOUT ROWID`) table: the cheapest way to name the rows to update. */
const rowid = sql<number>`rowid`;

/**
 * Leases up to `limit` claimable rows, oldest `next_attempt_at` first, in one statement, and returns them
 * leased, in that order. Two workers never get the same row, whichever process they run in:
 *
 * - PostgreSQL: `WITH due AS MATERIALIZED (SELECT … ORDER BY … LIMIT n FOR UPDATE SKIP LOCKED) UPDATE outbox
 *   … FROM due … RETURNING`. A row another claim has locked is skipped, not waited for; a row another claim
 *   leased and committed since this statement's snapshot is re-checked once locked, and dropped (its lease is
 *   in force now). `MATERIALIZED` runs the locking select exactly once, however the planner joins it.
 * - SQLite: `UPDATE outbox … WHERE rowid IN (SELECT rowid … ORDER BY … LIMIT n) RETURNING`. SQLite runs one
 *   writer at a time (across processes too), and the select and the update are one statement.
 *
 * The lease is `lease.id` until `lease.until`; `updated_at` becomes `now`.
 *
 * @example
 * const rows = await claimDueOutbox(db, 'sqlite', now, 20, { id: randomUUID(), until: now + 60_000 });
 */
export async function claimDueOutbox(
  db: Kysely<Database>,
  dialect: SqlDialect,
  now: number,
  limit: number,
  lease: { id: string; until: number },
): Promise<ClaimedOutboxRow[]> {
  const n = Math.floor(limit);
  // SQLite reads `LIMIT -1` as "no limit": a non-positive limit must mean none, not all.
  if (!(n >= 1)) return [];
  const leased = { lease_id: lease.id, lease_until: lease.until, updated_at: now };

  const rows =
    dialect === 'postgres'
      ? await db
          .with(
            (cte) => cte('due').materialized(),
            (qc) =>
              firstClaimable(qc.selectFrom('outbox').select(['outbox.connection_id', 'outbox.uri']), now, n)
                .forUpdate()
                .skipLocked(),
          )
          .updateTable('outbox')
          .set(leased)
          .from('due')
          .whereRef('outbox.connection_id', '=', 'due.connection_id')
          .whereRef('outbox.uri', '=', 'due.uri')
          .returningAll('outbox')
          .execute()
      : await db
          .updateTable('outbox')
          .set(leased)
          .where((eb) =>
            eb(rowid, 'in', firstClaimable(eb.selectFrom('outbox').select(rowid.as('rowid')), now, n)),
          )
          .returningAll()
          .execute();

  // RETURNING promises no order.
  return rows.sort(byClaimOrder).map(fromClaimedOutboxRow);
}
