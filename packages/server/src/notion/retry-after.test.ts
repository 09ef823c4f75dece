import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

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
