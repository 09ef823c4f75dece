import { type BucketState, type RateSetting, TokenBuckets } from '@unfurlkit/core/http';
import type { Kysely, Transaction } from 'kysely';
import type { Database, RateBucketsTable } from './database.js';
import { sql } from './kysely/kysely-runtime.js';
import type { FailureCounter, LimitStore, RateBuckets } from './limit-store.js';

/**
 * Limits in the database, shared by every instance on it (PostgreSQL).
 *
 * Rate buckets: each operation reads the bucket's row under its lock (`SELECT … FOR UPDATE`), runs core's
 * `TokenBuckets` arithmetic on it and writes it back, in one short transaction, so instances take tokens one at a
 * time from one bucket and the pacing rules (burst, slots, pauses and their recovery) are the very ones a single
 * process applies. A row lock, not an advisory lock: it goes with the transaction whatever happens to the session.
 *
 * Failure windows: one atomic upsert per failure (a new window when the old one has ended), one read per check.
 *
 * Times come from each instance's clock: instances on one database must keep their clocks in step (NTP), as they
 * already must for token expiry. A clock a little behind only makes its instance a little stricter.
 */
export class KyselyLimitStore implements LimitStore {
  readonly shared = true;

  constructor(private readonly db: Kysely<Database>) {}

  rateBuckets(scope: string, setting: RateSetting, clock: () => number): RateBuckets {
    const run = <T>(key: string, op: (buckets: TokenBuckets) => T) =>
      withSharedBucket(this.db, { scope, key, setting, clock }, op);
    // Limit off: nothing to take unless a 429 paused the key, so one plain read decides in the common case (no
    // row), without a transaction.
    const takeOrZero = async (key: string, op: (buckets: TokenBuckets) => number) => {
      if (setting.perMinute <= 0 && !(await this.#hasBucket(scope, key))) return 0;
      return run(key, op);
    };
    return {
      take: (key) => takeOrZero(key, (b) => b.take(key)),
      takeOrSlot: (key) => takeOrZero(key, (b) => b.takeOrSlot(key)),
      slot: (key, atLeastMs) => run(key, (b) => b.slot(key, atLeastMs)),
      pause: (key, untilMs) => run(key, (b) => b.pause(key, untilMs)),
      pausedFor: async (key) => {
        const row = await this.db
          .selectFrom('rate_buckets')
          .select('paused_until')
          .where('scope', '=', scope)
          .where('key', '=', key)
          .executeTakeFirst();
        return row?.paused_until == null ? 0 : Math.max(0, row.paused_until - clock());
      },
    };
  }

  async #hasBucket(scope: string, key: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('rate_buckets')
      .select('scope')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row !== undefined;
  }

  failureCounter(scope: string, windowMs: number, clock: () => number): FailureCounter {
    const db = this.db;
    return {
      async retryAfter(key, limit) {
        const now = clock();
        const row = await db
          .selectFrom('failure_windows')
          .select(['failures', 'expires_at'])
          .where('key', '=', `${scope}:${key}`)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (!row || row.failures < limit) return 0;
        return Math.max(1, Math.ceil((row.expires_at - now) / 1000));
      },
      async recordFailure(key) {
        const now = clock();
        // One statement: two instances counting at once both count (the row lock orders them). A window that has
        // ended starts again at 1.
        await db
          .insertInto('failure_windows')
          .values({ key: `${scope}:${key}`, failures: 1, expires_at: now + windowMs })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              failures: sql`case when failure_windows.expires_at <= ${now} then 1 else failure_windows.failures + 1 end`,
              expires_at: sql`case when failure_windows.expires_at <= ${now} then ${now + windowMs}::bigint else failure_windows.expires_at end`,
            }),
          )
          .execute();
      },
    };
  }
}

interface BucketAddress {
  scope: string;
  key: string;
  setting: RateSetting;
  clock: () => number;
}

/**
 * Runs `op` on the bucket of `address`, as stored, and stores what it left, under the row's lock. A bucket seen
 * for the first time is inserted; if another instance inserted it meanwhile, the insert does nothing and the
 * whole operation runs again on that row (once: the row exists then).
 */
async function withSharedBucket<T>(
  db: Kysely<Database>,
  address: BucketAddress,
  op: (buckets: TokenBuckets) => T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const outcome = await db.transaction().execute((trx) => bucketTransaction(trx, address, op));
    if (outcome.stored || attempt >= 1) return outcome.result;
  }
}

async function bucketTransaction<T>(
  trx: Transaction<Database>,
  { scope, key, setting, clock }: BucketAddress,
  op: (buckets: TokenBuckets) => T,
): Promise<{ result: T; stored: boolean }> {
  const row = await trx
    .selectFrom('rate_buckets')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
  const buckets = new TokenBuckets(setting, clock, 1);
  if (row) buckets.restore(key, stateOf(row));
  const result = op(buckets);
  const next = buckets.snapshot(key);
  // Nothing to keep (limit off, never paused): the row, if any, stays as it was.
  if (!next) return { result, stored: true };
  const values = columnsOf(next);
  if (row) {
    await trx
      .updateTable('rate_buckets')
      .set(values)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
    return { result, stored: true };
  }
  const inserted = await trx
    .insertInto('rate_buckets')
    .values({ scope, key, ...values })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  return { result, stored: Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 };
}

function stateOf(row: RateBucketsTable): BucketState {
  return {
    units: row.units,
    updatedAt: row.updated_at,
    lastSlot: row.last_slot,
    pausedUntil: row.paused_until ?? Number.NEGATIVE_INFINITY,
    reducedPerMinute: row.reduced_per_minute,
  };
}

function columnsOf(state: BucketState): Omit<RateBucketsTable, 'scope' | 'key'> {
  return {
    // Whole units: the arithmetic is integer already; a NaN or fraction must never reach a bigint column.
    units: Math.round(state.units),
    updated_at: Math.round(state.updatedAt),
    last_slot: Math.round(state.lastSlot),
    paused_until: Number.isFinite(state.pausedUntil) ? Math.round(state.pausedUntil) : null,
    reduced_per_minute: Math.round(state.reducedPerMinute),
  };
}
