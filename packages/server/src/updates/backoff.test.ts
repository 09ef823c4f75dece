import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff.js';

const options = { baseMs: 1_000, capMs: 300_000 };

describe('backoffDelay', () => {
  it('doubles its ceiling with each attempt up to the cap (random fixed at its top)', () => {
    const top = () => 0.999_999_999;
    const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, options, top));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000]);
  });

  it('draws uniformly under the ceiling (random fixed at one half)', () => {
    const half = () => 0.5;
    const delays = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, options, half));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 150_000]);
  });

  it('never goes below half the base, even when the draw is 0', () => {
    for (let attempt = 1; attempt <= 10; attempt++) expect(backoffDelay(attempt, options, () => 0)).toBe(500);
  });

  it('stays within [base/2, min(cap, base·2^(attempt-1))] for any draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, draw) => {
          const delay = backoffDelay(attempt, options, () => draw);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(500);
          expect(delay).toBeLessThanOrEqual(Math.min(300_000, 1_000 * 2 ** (attempt - 1)));
        },
      ),
    );
  });

  it('treats attempt 0 or less as the first, and huge attempts as the cap', () => {
    expect(backoffDelay(0, options, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(-3, options, () => 0.999_999)).toBe(1_000);
    expect(backoffDelay(10_000, options, () => 0.999_999_999)).toBe(300_000);
  });

  it('never exceeds the cap, even a cap below half the base', () => {
    const tight = { baseMs: 1_000, capMs: 100 };
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(backoffDelay(attempt, tight, () => 0)).toBeLessThanOrEqual(100);
      expect(backoffDelay(attempt, tight, () => 0.999)).toBeLessThanOrEqual(100);
    }
  });

  it('uses Math.random by default, within the bounds', () => {
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, options);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });

  it('reads an HTTP date, relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:59:00 GMT', now)).toBe(0);
    // The obsolete forms RFC 9110 still asks recipients to accept.
    expect(parseRetryAfter('Thursday, 01-Jan-26 12:00:07 GMT', now)).toBe(7_000);
    expect(parseRetryAfter('Thu Jan  1 12:00:09 2026', now)).toBe(9_000);
  });

  it('is undefined when absent or empty', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('   ', now)).toBeUndefined();
  });

  it('is undefined for junk, including junk that Date.parse would read as some date in 2001', () => {
    for (const junk of ['soon', 'later please', '1.5', '-1', '+3', '2s', '0x10', 'abc 5', '1 2', 'NaN']) {
      expect(parseRetryAfter(junk, now), junk).toBeUndefined();
    }
  });

  it('is undefined for a number of seconds too large to be a time', () => {
    expect(parseRetryAfter('9'.repeat(400), now)).toBeUndefined();
  });

  it('is always a finite, non-negative number of milliseconds or undefined', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const parsed = parseRetryAfter(value, now);
        if (parsed !== undefined) {
          expect(Number.isFinite(parsed)).toBe(true);
          expect(parsed).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
