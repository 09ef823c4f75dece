import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

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
