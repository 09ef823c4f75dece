import type { RateSetting } from '@unfurlkit/core/http';

/*
 * Where the server's limits keep their state: in the process's memory on SQLite (one process), in the database
 * on PostgreSQL, so that every instance sharing it counts against the same limits (docs/deployment.md).
 */

/**
 * Token buckets for one scope (e.g. "connection"), one per key; the operations and answers of core's
 * `TokenBuckets`, asynchronous because the buckets may live in the database.
 */
export interface RateBuckets {
  /** 0: a token was taken, go now. Otherwise the ms until one will be (nothing taken). */
  take(key: string): Promise<number>;
  /** Like `take`, but a refusal hands out a slot of the caller's own (`TokenBuckets.takeOrSlot`). */
  takeOrSlot(key: string): Promise<number>;
  /** A slot for a caller whose key is busy, at least `atLeastMs` away; takes no token. */
  slot(key: string, atLeastMs: number): Promise<number>;
  /** The other side said "not before `untilMs`" (a 429 with Retry-After). */
  pause(key: string, untilMs: number): Promise<void>;
  /** Milliseconds until `key`'s pause ends; 0 when not paused. */
  pausedFor(key: string): Promise<number>;
}

/** Failed requests per key in fixed windows (the token endpoint's brute-force limits). */
export interface FailureCounter {
  /** Seconds until `key` may try again, or 0 when it has failed fewer than `limit` times in its window. */
  retryAfter(key: string, limit: number): Promise<number>;
  recordFailure(key: string): Promise<void>;
}

export interface LimitStore {
  /** True when the limits hold across every process sharing the database; false: this process only. */
  readonly shared: boolean;
  /** The buckets of `scope` (a name kept apart from other scopes) at `setting`'s rate. */
  rateBuckets(scope: string, setting: RateSetting, clock: () => number): RateBuckets;
  /** A failure counter whose windows last `windowMs`; `scope` keeps counters of different uses apart. */
  failureCounter(scope: string, windowMs: number, clock: () => number): FailureCounter;
}
