import { TokenBuckets } from '@unfurlkit/core/http';
import { z } from 'zod';

/**
 * Notion's per-connection rate limit (SPEC §7.3: 180 requests a minute per connection, bursts allowed), as a
 * token bucket: it holds `burst` requests and refills at `perMinute / 60` a second. Time comes from the
 * injected clock, so tests drain and refill it without waiting.
 */
export const rateLimitSettingsSchema = z.object({
  perMinute: z.number().positive().max(1_000_000),
  /** Bucket size; defaults to ten seconds' worth (30 at 180/min). */
  burst: z.number().int().positive().max(1_000_000).optional(),
});
export type RateLimitSettingsInput = z.input<typeof rateLimitSettingsSchema>;

export interface RateLimitSettings {
  perMinute: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 180;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The limit as the emulator's settings and control API speak it, over core's `TokenBuckets` (the same bucket the
 * integration server paces its PATCHes with): whole seconds to wait, and settings that can change at run time.
 */
export class RateLimiter {
  private settings: RateLimitSettings;
  private buckets: TokenBuckets;

  constructor(
    input: RateLimitSettingsInput,
    private readonly clock: () => number,
  ) {
    this.settings = RateLimiter.resolve(input);
    this.buckets = new TokenBuckets(this.settings, clock);
  }

  private static resolve(input: RateLimitSettingsInput): RateLimitSettings {
    const parsed = rateLimitSettingsSchema.parse(input);
    return {
      perMinute: parsed.perMinute,
      burst: parsed.burst ?? Math.max(1, Math.ceil(parsed.perMinute / 6)),
    };
  }

  get(): RateLimitSettings {
    return this.settings;
  }

  /** New limits apply from now on; buckets start full again. */
  set(input: RateLimitSettingsInput): RateLimitSettings {
    this.settings = RateLimiter.resolve(input);
    this.buckets = new TokenBuckets(this.settings, this.clock);
    return this.settings;
  }

  /** Takes one request from `key`'s bucket, or says how many whole seconds until one is available. */
  take(key: string): RateLimitDecision {
    const waitMs = this.buckets.take(key);
    if (waitMs === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1_000)) };
  }

  forget(key: string): void {
    this.buckets.forget(key);
  }
}
