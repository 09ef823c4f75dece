import { type RateSetting, TokenBuckets } from '@unfurlkit/core/http';
import type { FailureCounter, LimitStore, RateBuckets } from './limit-store.js';
import { FailureLimiter } from './memory-failure-limiter.js';

/** Limits in this process's memory: right for one process (SQLite), per process when there are several. */
export class MemoryLimitStore implements LimitStore {
  readonly shared = false;

  rateBuckets(_scope: string, setting: RateSetting, clock: () => number): RateBuckets {
    const buckets = new TokenBuckets(setting, clock);
    return {
      take: async (key) => buckets.take(key),
      takeOrSlot: async (key) => buckets.takeOrSlot(key),
      slot: async (key, atLeastMs) => buckets.slot(key, atLeastMs),
      pause: async (key, untilMs) => buckets.pause(key, untilMs),
      pausedFor: async (key) => buckets.pausedFor(key),
    };
  }

  failureCounter(_scope: string, windowMs: number, clock: () => number): FailureCounter {
    const limiter = new FailureLimiter({ windowMs }, clock);
    return {
      retryAfter: async (key, limit) => limiter.retryAfter(key, limit),
      recordFailure: async (key) => limiter.recordFailure(key),
    };
  }
}
