/**
 * Token buckets pacing the PATCHes to Notion (SPEC §4, §7.3): one per connection and one for the whole
 * integration. A bucket refills continuously at `perMinute` and holds at most `burst` tokens, so short bursts go
 * out at once and the average never exceeds the configured rate.
 */
export interface RateSetting {
  /** Average requests per minute; 0 turns the limit off. */
  perMinute: number;
  /** Requests that may go at once after a quiet period. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

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
    const perMs = perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.#remember(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perMs);
  }

  #remember(key: string, bucket: Bucket): void {
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    // Oldest-used first: an evicted bucket was idle longest, so it would have refilled anyway.
    while (this.#buckets.size > this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value!);
  }
}

/** The burst that goes with a rate when none is configured: 15 seconds' worth, at least one. */
export function defaultBurst(perMinute: number): number {
  return Math.max(1, Math.ceil(perMinute / 4));
}
