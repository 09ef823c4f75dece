/**
 * One pending update of one preview: "re-resolve `uri` for the person of `connectionId` and PATCH Notion".
 * At most one row per (connection, uri): repeated changes coalesce into it, bumping `generation`, so the worker
 * always sends the latest state and a burst of edits costs one PATCH, not one per edit.
 */
export interface OutboxRow {
  connectionId: string;
  uri: string;
  /** Bumped by every change; a delivery completes the row only if no change arrived while it was in flight. */
  generation: number;
  /** `failed`: retries exhausted or refused for good; kept for a person to see and retry. */
  state: 'pending' | 'failed';
  /** Failed attempts of the current episode (reset by a new change, a retry, or Notion's return after an outage). */
  attempts: number;
  /**
   * When the current episode's first failed attempt was (null: none since the last change, retry or delivery).
   * The retry budget runs from here: a row is parked once a failure comes `UPDATES_MAX_AGE` after it.
   */
  firstFailedAt: number | null;
  /** Not before this time (backoff, Retry-After). */
  nextAttemptAt: number;
  /** Set while a worker holds the row; another worker may take it once this passes (a crashed worker). */
  leaseId: string | null;
  leaseUntil: number | null;
  lastStatus: number | null;
  lastError: string | null;
  /** When the oldest undelivered change of this row was enqueued (delivery latency). */
  enqueuedAt: number;
  updatedAt: number;
}

/** A row a worker has claimed: the lease it must present to complete or reschedule it. */
export type ClaimedOutboxRow = OutboxRow & { leaseId: string; leaseUntil: number };

/** A (connection, uri) pair whose preview should be pushed again: an outbox row's key. */
export interface ChangedPair {
  connectionId: string;
  uri: string;
}

/** The (connection, uri) key and the lease a worker holds on it. */
export interface LeasedKey extends ChangedPair {
  leaseId: string;
}

/** The outcome of a failed attempt, as a worker reports it. */
export interface AttemptOutcome {
  attempts: number;
  /** The episode's first failure, to record (null clears it); absent: left as it is. */
  firstFailedAt?: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

/**
 * The outbox of pushed updates (SPEC §4). Every report after a claim is guarded by the lease: a worker whose
 * lease passed and was taken over changes nothing.
 */
export interface OutboxStore {
  /**
   * Records a change for each pair: inserts a pending row (generation 1, due `dueAt`, default `now`), or bumps the generation of
   * the existing one: a `failed` row becomes pending again with attempts 0 and due `now`; a pending row keeps
   * its `nextAttemptAt` (a Retry-After in force is respected) and its `enqueuedAt`. Pairs whose connection is
   * unknown or revoked are skipped. Returns how many pairs were recorded.
   */
  enqueueChanges(
    pairs: ReadonlyArray<ChangedPair>,
    now: number,
    options?: { dueAt?: number },
  ): Promise<number>;
  /**
   * Atomically leases up to `limit` pending rows that are due (`nextAttemptAt <= now`) and not leased (or whose
   * lease passed), oldest `nextAttemptAt` first, setting `leaseId`/`leaseUntil`. Safe with several workers in
   * several processes (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claimDue(now: number, limit: number, lease: { id: string; until: number }): Promise<ClaimedOutboxRow[]>;
  /**
   * After a 2xx: deletes the row if it still holds `leaseId` and `generation` (nothing changed meanwhile) and
   * returns true. If a newer change arrived, releases the lease, leaving the row pending and due at `dueAt`
   * (default `now`), and returns false. With a stale lease (another worker took the row over): no-op, false.
   */
  complete(
    row: LeasedKey & { generation: number },
    now: number,
    options?: { dueAt?: number },
  ): Promise<boolean>;
  /** Releases the lease with a new due time and the attempt's outcome (only if `leaseId` still holds). */
  reschedule(row: LeasedKey, outcome: AttemptOutcome & { nextAttemptAt: number }, now: number): Promise<void>;
  /** Parks the row as `failed` and releases the lease (only if `leaseId` still holds). */
  fail(row: LeasedKey, outcome: AttemptOutcome, now: number): Promise<void>;
  /**
   * Gives a claimed row back untouched (a worker shutting down before it could deliver): the lease goes, so
   * the row is claimable again at once, by any worker. No-op with a stale lease.
   */
  release(row: LeasedKey, now: number): Promise<void>;
  /** Drops the pair's row (the preview was deleted); true when there was one. */
  delete(connectionId: string, uri: string): Promise<boolean>;
  /** A failed row becomes pending and due `now`, attempts 0; true when there was a failed row. */
  retry(connectionId: string, uri: string, now: number): Promise<boolean>;
  /**
   * `retry` for every failed row, or those of one connection, or those parked (`updatedAt`) at or after `since`;
   * returns how many were queued again.
   */
  retryFailed(filter: { connectionId?: string; since?: number }, now: number): Promise<number>;
  /**
   * Notion is back after an outage: every pending row with failures on record starts a fresh episode (attempts
   * 0, no first failure) and, if it was backing off, is due `now`. An outage of Notion as a whole spends no
   * row's budget. Rows waiting for a rate (no failure on record) keep their due time. Returns how many changed.
   */
  renewBudgets(now: number): Promise<number>;
  list(filter: { state?: OutboxRow['state']; limit: number }): Promise<OutboxRow[]>;
  count(): Promise<{ pending: number; failed: number }>;
}
