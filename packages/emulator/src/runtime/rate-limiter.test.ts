import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows a burst, then refills at perMinute/60 a second, per key', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 180, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 334;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('says how many whole seconds to wait at slow rates, and defaults the burst to 10 s worth', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 6, burst: 1 }, () => now);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 9_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(new RateLimiter({ perMinute: 180 }, () => 0).get()).toEqual({ perMinute: 180, burst: 30 });
  });
});
