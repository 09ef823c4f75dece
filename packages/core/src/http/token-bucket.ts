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

interface Bucket {
  units: number;
  updatedAt: number;
  /** The last slot handed out by `takeOrSlot` (epoch ms). */
  lastSlot: number;
}

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
   * milliseconds until one will be.
   */
  take(key: string): number {
    const { perMinute, burst } = this.setting;
    if (perMinute <= 0) return 0;
    const now = this.clock();
    const full = burst * UNITS_PER_TOKEN;
    const bucket = this.#buckets.get(key) ?? { units: full, updatedAt: now, lastSlot: 0 };
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
   * Like `take`, but when no token is free, returns the delay to a slot of the caller's own: successive callers
   * get successive slots one refill interval apart. A backlog of K rows on one connection then comes due one row
   * per token, each finding its token refilled, instead of all K coming due (and being claimed) at every token.
   */
  takeOrSlot(key: string): number {
    const wait = this.take(key);
    if (wait === 0) return 0;
    const now = this.clock();
    const bucket = this.#buckets.get(key)!;
    const interval = Math.ceil(UNITS_PER_TOKEN / this.setting.perMinute);
    const slot = Math.max(now + wait, bucket.lastSlot + interval);
    bucket.lastSlot = slot;
    return slot - now;
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
