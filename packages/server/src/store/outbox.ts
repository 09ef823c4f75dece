import type { Kysely } from 'kysely';
import type { Database, OutboxTable } from './database.js';
import { fromOutboxRow } from './row-mapping.js';
import type { OutboxRow } from './store.js';

/*
 * The outbox after a claim: what a worker reports back, and what a person sees and retries. Enqueueing and
 * claiming live in `outbox-enqueue.ts` and `outbox-claim.ts`.
 *
 * Every report is guarded by `lease_id = ?`: a worker whose lease passed and was taken over by another
 * changes nothing, so a slow worker can never delete, reschedule or park a row someone else now holds.
 */

/** The (connection, uri) key and the lease a worker holds on it. */
export interface LeasedKey {
  connectionId: string;
  uri: string;
  leaseId: string;
}

/**
 * After a 2xx. Deletes the row if the worker still holds it and no change arrived meanwhile (same
 * `generation`): true. Otherwise, if the lease still holds, a change arrived in flight: the row stays,
 * released, pending and due (no later than `now`), with the episode's attempts and last outcome cleared
 * (this delivery succeeded) and `enqueued_at = now` (what it delivered is done; the newer change arrived
 * during the flight): false. With a stale lease nothing changes: false.
 *
 * Two statements without a transaction: between them the row can only gain a generation (an enqueue) or lose
 * the lease (a claim after it passed), and the release re-checks the lease.
 *
 * @example
 * if (!(await completeOutbox(db, { ...claimed }, now))) log.debug('changed in flight; will send again');
 */
export async function completeOutbox(
  db: Kysely<Database>,
  row: LeasedKey & { generation: number },
  now: number,
  dueAt: number = now,
): Promise<boolean> {
  const deleted = await db
    .deleteFrom('outbox')
    .where('connection_id', '=', row.connectionId)
    .where('uri', '=', row.uri)
    .where('lease_id', '=', row.leaseId)
    .where('generation', '=', row.generation)
    .executeTakeFirst();
  if (deleted.numDeletedRows > 0n) return true;

  await db
    .updateTable('outbox')
    .set(() => ({
      lease_id: null,
      lease_until: null,
      attempts: 0,
      last_status: null,
      last_error: null,
      // A newer change arrived during the delivery: send it after `dueAt`, letting further changes join it.
      next_attempt_at: dueAt,
      enqueued_at: now,
      updated_at: now,
    }))
    .where('connection_id', '=', row.connectionId)
    .where('uri', '=', row.uri)
    .where('lease_id', '=', row.leaseId)
    .execute();
  return false;
}

/**
 * After a failed attempt to be retried: releases the lease, records the outcome and the next due time. The
 * row stays pending. No-op with a stale lease.
 *
 * @example
 * const attempts = claimed.attempts + 1;
 * const nextAttemptAt = now + backoff(attempts);
 * await rescheduleOutbox(db, claimed, { nextAttemptAt, attempts, lastStatus: 503, lastError: 'unavailable' }, now);
 */
export async function rescheduleOutbox(
  db: Kysely<Database>,
  row: LeasedKey,
  outcome: { nextAttemptAt: number; attempts: number; lastStatus: number | null; lastError: string | null },
  now: number,
): Promise<void> {
  await settleLease(
    db,
    row,
    {
      next_attempt_at: outcome.nextAttemptAt,
      attempts: outcome.attempts,
      last_status: outcome.lastStatus,
      last_error: outcome.lastError,
    },
    now,
  );
}

/** Releases `row`'s lease with `changes`, only if the lease still holds (a stale worker's report is a no-op). */
async function settleLease(
  db: Kysely<Database>,
  row: LeasedKey,
  changes: Partial<
    Pick<OutboxTable, 'state' | 'next_attempt_at' | 'attempts' | 'last_status' | 'last_error'>
  >,
  now: number,
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
 * Retries exhausted or refused for good: parks the row as `failed` (kept for a person to see and retry),
 * releases the lease and records the outcome. `next_attempt_at` stays as it was: a failed row is never
 * claimed, and both ways out of `failed` (a new change, `retryOutbox`) set it. No-op with a stale lease.
 *
 * @example
 * const outcome = { attempts: claimed.attempts + 1, lastStatus: 400, lastError: 'validation_error' };
 * await failOutbox(db, claimed, outcome, now);
 */
export async function failOutbox(
  db: Kysely<Database>,
  row: LeasedKey,
  outcome: { attempts: number; lastStatus: number | null; lastError: string | null },
  now: number,
): Promise<void> {
  await settleLease(
    db,
    row,
    {
      state: 'failed',
      attempts: outcome.attempts,
      last_status: outcome.lastStatus,
      last_error: outcome.lastError,
    },
    now,
  );
}

/**
 * Drops the pair's row, whatever its state or lease (the preview is gone: nothing to push). True when there
 * was one. A worker holding it then finds its reports are no-ops.
 *
 * @example
 * await deleteOutbox(db, connectionId, uri);
 */
export async function deleteOutbox(
  db: Kysely<Database>,
  connectionId: string,
  uri: string,
): Promise<boolean> {
  const result = await db
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
 *
 * @example
 * if (!(await retryOutbox(db, connectionId, uri, now))) reply.code(404);
 */
export async function retryOutbox(
  db: Kysely<Database>,
  connectionId: string,
  uri: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({
      state: 'pending',
      attempts: 0,
      next_attempt_at: now,
      lease_id: null,
      lease_until: null,
      updated_at: now,
    })
    .where('connection_id', '=', connectionId)
    .where('uri', '=', uri)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Up to `limit` rows, optionally of one state, longest-waiting first (`enqueued_at`; ties by connection and
 * uri): for a person looking at what is stuck. A non-positive limit lists nothing.
 *
 * @example
 * const stuck = await listOutbox(db, { state: 'failed', limit: 50 });
 */
export async function listOutbox(
  db: Kysely<Database>,
  filter: { state?: OutboxRow['state']; limit: number },
): Promise<OutboxRow[]> {
  const n = Math.floor(filter.limit);
  if (!(n >= 1)) return [];
  let query = db.selectFrom('outbox').selectAll();
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  const found = await query.orderBy('enqueued_at').orderBy('connection_id').orderBy('uri').limit(n).execute();
  return found.map(fromOutboxRow);
}

/**
 * How many rows are pending (including leased ones) and how many failed.
 *
 * @example
 * const { pending, failed } = await countOutbox(db);
 */
export async function countOutbox(db: Kysely<Database>): Promise<{ pending: number; failed: number }> {
  const counts = await db
    .selectFrom('outbox')
    .select((eb) => ['state', eb.fn.countAll().as('count')])
    .groupBy('state')
    .execute();
  // Kysely types count(*) loosely (string | number | bigint); both drivers here return a number.
  const of = (state: OutboxRow['state']) => Number(counts.find((c) => c.state === state)?.count ?? 0);
  return { pending: of('pending'), failed: of('failed') };
}
