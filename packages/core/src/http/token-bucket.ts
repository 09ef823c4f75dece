/**
 * Token buckets, one per key: a bucket refills continuously at `perMinute` and holds at most `burst` tokens, so
 * short bursts go out at once and the average never exceeds the configured rate. The server paces its PATCHes to
 * Notion with them (SPEC §4, §7.3: one per connection and one for the whole integration).
 */
export interface RateSetting {
  /** Average requests per minute; 0 turns the limit off. */
  perMinute: number;
  /** Requests that may go at once after a quiet period. */
  burst: number;
}

/**
 * Tokens are counted in units of 1/60,000 of a token: a minute has 60,000 ms, so refilling `perMinute` tokens a
 * minute adds exactly `perMinute` units a millisecond. Integer arithmetic: no float drift making a wait one
 * millisecond short or long.
 */
const UNITS_PER_TOKEN = 60_000;

/**
 * One key's bucket as plain numbers, to keep it outside the process (`TokenBuckets.snapshot`, `restore`): several
 * processes sharing one limit keep it in a database row and run the same arithmetic on it, one at a time.
 */
export interface BucketState {
  /** Tokens held, in units of 1/60,000 of a token. */
  units: number;
  updatedAt: number;
  /** The last slot handed out by `takeOrSlot` (epoch ms). */
  lastSlot: number;
  /** No token before this time (epoch ms; -Infinity: never paused): the other side said "not before" (`pause`). */
  pausedUntil: number;
  /** The rate this key's last pause fell back to (per minute; 0: none), and from when it climbs back. */
  reducedPerMinute: number;
}

type Bucket = BucketState;

/**
 * After a pause, a key's rate climbs back linearly from where it fell to the configured rate, gaining the whole
 * configured rate over this long (from half the rate: half of it). Long enough that a burst which met the other
 * side's limit does not meet it again at once; short enough that a passing limit costs a minute at most.
 */
export const PAUSE_RECOVERY_MS = 60_000;

/**
 * A token bucket per key, with an injected clock and a bounded number of keys.
 *
 * @example
 * const buckets = new TokenBuckets({ perMinute: 180, burst: 45 }, Date.now);
 * const waitMs = buckets.take(connectionId); // 0: go now
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly setting: RateSetting,
    private readonly clock: () => number,
    private readonly maxKeys = 100_000,
  ) {}

  /**
   * Takes a token for `key` if one is available and returns 0; otherwise takes nothing and returns the
   * milliseconds until one will be. A paused key (`pause`) has none before its pause ends, whatever the rate.
   */
  take(key: string): number {
    const existing = this.#buckets.get(key);
    // Limit off and never paused: nothing to keep, not even the time.
    if (existing === undefined && this.setting.perMinute <= 0) return 0;
    const now = this.clock();
    if (existing && now < existing.pausedUntil) return existing.pausedUntil - now;
    const perMinute = this.#rateOf(existing, now);
    if (perMinute <= 0) return 0;
    const full = this.#burstOf(existing) * UNITS_PER_TOKEN;
    const bucket = existing ?? {
      units: full,
      updatedAt: now,
      lastSlot: 0,
      pausedUntil: Number.NEGATIVE_INFINITY,
      reducedPerMinute: 0,
    };
    // A clock stepping backwards (Date.now() is not monotonic) refills nothing, and drains nothing either.
    bucket.units = Math.min(full, bucket.units + Math.max(0, now - bucket.updatedAt) * perMinute);
    bucket.updatedAt = now;
    this.#remember(key, bucket);
    if (bucket.units >= UNITS_PER_TOKEN) {
      bucket.units -= UNITS_PER_TOKEN;
      return 0;
    }
    return Math.ceil((UNITS_PER_TOKEN - bucket.units) / perMinute);
  }

  /**
   * The other side refused `key` until `untilMs` (an HTTP 429 with `Retry-After`): no token before then, one
   * token at `untilMs`, and from there a slower rate, with no burst, that climbs back to the configured one over
   * {@link PAUSE_RECOVERY_MS}. The slower rate is half the rate in force (the configured one was too fast for the
   * other side), or, when this limit is off, one request per pause length (the other side's own pace, as far as
   * its `Retry-After` tells). Refusals of requests that were already in flight when the first one came extend the
   * pause but do not halve the rate again: they are the same burst.
   *
   * @example
   * buckets.pause(connectionId, Date.now() + 2_000); // after "429, Retry-After: 2"
   */
  pause(key: string, untilMs: number): void {
    const now = this.clock();
    if (!(untilMs > now)) return;
    const bucket = this.#buckets.get(key) ?? {
      units: 0,
      updatedAt: now,
      lastSlot: 0,
      pausedUntil: Number.NEGATIVE_INFINITY,
      reducedPerMinute: 0,
    };
    if (now >= bucket.pausedUntil) {
      const current = this.#rateOf(bucket, now);
      bucket.reducedPerMinute =
        current > 0
          ? Math.max(1, Math.floor(current / 2))
          : Math.max(1, Math.floor(60_000 / (untilMs - now)));
    }
    bucket.pausedUntil = Math.max(bucket.pausedUntil, untilMs);
    bucket.units = UNITS_PER_TOKEN;
    bucket.updatedAt = bucket.pausedUntil;
    this.#remember(key, bucket);
  }

  /**
   * A slot for a caller that cannot go now whatever the bucket holds (its key is busy): at least `atLeastMs`
   * away, after the pause if one is in force, and one refill interval after the last slot handed out, so a
   * backlog waiting on a busy key comes back one by one at the key's rate. Takes no token.
   */
  slot(key: string, atLeastMs: number): number {
    const now = this.clock();
    const bucket = this.#buckets.get(key) ?? {
      units: this.setting.burst * UNITS_PER_TOKEN,
      updatedAt: now,
      lastSlot: 0,
      pausedUntil: Number.NEGATIVE_INFINITY,
      reducedPerMinute: 0,
    };
    const perMinute = this.#rateOf(bucket, now);
    const interval = perMinute > 0 ? Math.ceil(UNITS_PER_TOKEN / perMinute) : 0;
    // Not before the bucket's next token either (read, not taken): the row would only wait again then.
    let tokenWait = 0;
    if (perMinute > 0) {
      const full = this.#burstOf(bucket) * UNITS_PER_TOKEN;
      const units = Math.min(full, bucket.units + Math.max(0, now - bucket.updatedAt) * perMinute);
      if (units < UNITS_PER_TOKEN) tokenWait = Math.ceil((UNITS_PER_TOKEN - units) / perMinute);
    }
    const earliest = Math.max(now + Math.max(0, atLeastMs, tokenWait), bucket.pausedUntil);
    const slot = Math.max(earliest, bucket.lastSlot + interval);
    bucket.lastSlot = slot;
    this.#remember(key, bucket);
    return slot - now;
  }

  /** Milliseconds until `key`'s pause ends (0 when it is not paused); takes nothing. */
  pausedFor(key: string): number {
    const bucket = this.#buckets.get(key);
    return bucket ? Math.max(0, bucket.pausedUntil - this.clock()) : 0;
  }

  /**
   * Like `take`, but when no token is free, returns the delay to a slot of the caller's own: successive callers
   * get successive slots one refill interval apart. A backlog of K rows on one connection then comes due one row
   * per token, each finding its token refilled, instead of all K coming due (and being claimed) at every token.
   */
  takeOrSlot(key: string): number {
    const wait = this.take(key);
    if (wait === 0) return 0;
    const now = this.clock();
    const bucket = this.#buckets.get(key)!;
    const perMinute = this.#rateOf(bucket, now);
    const interval = perMinute > 0 ? Math.ceil(UNITS_PER_TOKEN / perMinute) : 0;
    const slot = Math.max(now + wait, bucket.lastSlot + interval);
    bucket.lastSlot = slot;
    return slot - now;
  }

  /**
   * The rate in force for a bucket: the configured one, or after a pause the reduced one climbing back to it.
   * Whole requests per minute, at least 1 while reduced.
   */
  #rateOf(bucket: Bucket | undefined, now: number): number {
    const configured = this.setting.perMinute;
    if (!bucket || bucket.reducedPerMinute === 0) return Math.max(0, configured);
    const target = configured > 0 ? configured : 60_000;
    const regained = Math.floor((Math.max(0, now - bucket.pausedUntil) * target) / PAUSE_RECOVERY_MS);
    const rate = bucket.reducedPerMinute + regained;
    if (rate < target) return rate;
    // Recovered: back to the configured behaviour (burst included) for good, until the next pause.
    bucket.reducedPerMinute = 0;
    return Math.max(0, configured);
  }

  /** A recovering bucket holds one token at most: a burst is what met the other side's limit. */
  #burstOf(bucket: Bucket | undefined): number {
    return bucket && bucket.reducedPerMinute > 0 ? 1 : this.setting.burst;
  }

  /** A copy of `key`'s bucket, or undefined when it has none (a full bucket, never paused). */
  snapshot(key: string): BucketState | undefined {
    const bucket = this.#buckets.get(key);
    return bucket ? { ...bucket } : undefined;
  }

  /** Puts `key`'s bucket as a `snapshot` left it (taken here or in another process with the same setting). */
  restore(key: string, state: BucketState): void {
    this.#remember(key, { ...state });
  }

  /** Drops `key`'s bucket: its next request finds a full one (a connection that was removed and made again). */
  forget(key: string): void {
    this.#buckets.delete(key);
  }

  #remember(key: string, bucket: Bucket): void {
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    // Oldest-used first: an evicted bucket was idle longest, so it would have refilled anyway.
    while (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}
