import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAUSE_RECOVERY_MS, TokenBuckets } from './token-bucket.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  const clock = { now: start, reads: 0, read: () => clock.now };
  clock.read = () => {
    clock.reads += 1;
    return clock.now;
  };
  return clock;
}

describe('TokenBuckets', () => {
  it('lets a burst through at once, then paces at the rate', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 3 }, clock.read);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    // 60 a minute: one token a second.
    expect(buckets.take('a')).toBe(1_000);
    clock.now += 400;
    expect(buckets.take('a')).toBe(600);
    clock.now += 599;
    expect(buckets.take('a')).toBe(1);
    clock.now += 1;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1_000);
  });

  it('takes nothing when it refuses: waiting the answer once is enough', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, clock.read);
    expect(buckets.take('a')).toBe(0);
    // Asking again and again while empty must not push the next token further away.
    for (let i = 0; i < 5; i++) expect(buckets.take('a')).toBe(1_000);
    clock.now += 1_000;
    expect(buckets.take('a')).toBe(0);
  });

  it('refills continuously, but never beyond the burst', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 120, burst: 4 }, clock.read);
    for (let i = 0; i < 4; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    // An hour of quiet refills to the burst, not to 7,200.
    clock.now += 3_600_000;
    for (let i = 0; i < 4; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    // Half a token's time twice over makes one whole token.
    clock.now += 250;
    expect(buckets.take('a')).toBe(250);
    clock.now += 250;
    expect(buckets.take('a')).toBe(0);
  });

  it('keeps one bucket per key', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, clock.read);
    expect(buckets.take('alice')).toBe(0);
    expect(buckets.take('alice')).toBe(1_000);
    expect(buckets.take('bob')).toBe(0);
    expect(buckets.take('bob')).toBe(1_000);
  });

  it('perMinute 0 is unlimited, and does not even read the clock', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 0, burst: 1 }, clock.read);
    for (let i = 0; i < 10_000; i++) expect(buckets.take(`k${i % 3}`)).toBe(0);
    expect(clock.reads).toBe(0);
  });

  it('a clock stepping backwards does not drain the bucket', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, clock.read);
    expect(buckets.take('a')).toBe(0);
    // Date.now() is not monotonic: an NTP step of an hour back must not cost an hour of silence.
    clock.now -= 3_600_000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeLessThanOrEqual(1_000);
  });

  it('the wait it returns is exact: a token is there after it, not one millisecond before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6_000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 40 }),
        (perMinute, burst, steps) => {
          const clock = manualClock();
          const buckets = new TokenBuckets({ perMinute, burst }, clock.read);
          for (const step of steps) {
            clock.now += step;
            let wait = buckets.take('k');
            let guard = 0;
            while (wait === 0 && guard++ < burst + 1) wait = buckets.take('k');
            expect(wait).toBeGreaterThan(0);
            expect(wait).toBeLessThanOrEqual(Math.ceil(60_000 / perMinute));
            if (wait > 1) {
              clock.now += wait - 1;
              expect(buckets.take('k')).toBeGreaterThan(0);
              clock.now += 1;
            } else clock.now += wait;
            expect(buckets.take('k')).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets more through than burst + rate × time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 }),
        (perMinute, burst, steps) => {
          const clock = manualClock();
          const start = clock.now;
          const buckets = new TokenBuckets({ perMinute, burst }, clock.read);
          let granted = 0;
          for (const step of steps) {
            clock.now += step;
            if (buckets.take('k') === 0) granted += 1;
          }
          expect(granted).toBeLessThanOrEqual(burst + Math.floor(((clock.now - start) * perMinute) / 60_000));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps at most maxKeys buckets, forgetting the one used longest ago', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, clock.read, 2);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('b')).toBe(0);
    // Touching "a" (even a refused take) makes "b" the least recently used.
    expect(buckets.take('a')).toBe(1_000);
    expect(buckets.take('c')).toBe(0);
    // "b" was evicted: it starts again with a full bucket. "a" and "c" are still remembered (empty).
    expect(buckets.take('b')).toBe(0);
    // Remembering "b" again evicted "a" (least recently used now), so "a" is full again; "c" is not.
    expect(buckets.take('c')).toBe(1_000);
    expect(buckets.take('b')).toBe(1_000);
  });

  it('holds memory flat under many distinct keys', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, clock.read, 100);
    for (let i = 0; i < 10_000; i++) buckets.take(`key-${i}`);
    // The last 100 keys are remembered (empty); the first ones were forgotten (full again).
    expect(buckets.take('key-9999')).toBe(1_000);
    expect(buckets.take('key-9900')).toBe(1_000);
    expect(buckets.take('key-0')).toBe(0);
  });
});

describe('TokenBuckets.forget', () => {
  it('gives the key a full bucket again and leaves the others as they were', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, clock.read);
    expect([buckets.take('a'), buckets.take('b')]).toEqual([0, 0]);
    buckets.forget('a');
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('b')).toBe(1_000);
  });
});

describe('TokenBuckets.takeOrSlot', () => {
  it('hands a backlog successive slots one refill interval apart, each finding its token', () => {
    let now = 1_000_000;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, () => now);
    expect(buckets.takeOrSlot('c')).toBe(0);
    // Three more rows claimed at the same instant: slots at +1 s, +2 s, +3 s.
    expect([buckets.takeOrSlot('c'), buckets.takeOrSlot('c'), buckets.takeOrSlot('c')]).toEqual([
      1_000, 2_000, 3_000,
    ]);
    for (const slot of [1_000, 2_000, 3_000]) {
      now = 1_000_000 + slot;
      expect(buckets.takeOrSlot('c')).toBe(0);
    }
  });

  it('starts from the next token again once the slots are in the past', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1 }, () => now);
    buckets.takeOrSlot('c');
    expect(buckets.takeOrSlot('c')).toBe(1_000);
    now = 10_000;
    expect(buckets.takeOrSlot('c')).toBe(0);
    expect(buckets.takeOrSlot('c')).toBe(1_000);
  });
});

describe('TokenBuckets.pause', () => {
  it('gives no token before the pause ends, one when it ends, then half the rate without a burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    expect(buckets.take('c')).toBe(0);
    buckets.pause('c', 2_000);
    expect(buckets.pausedFor('c')).toBe(2_000);
    expect(buckets.take('c')).toBe(2_000);
    now = 1_500;
    expect(buckets.take('c')).toBe(500);
    now = 2_000;
    expect(buckets.pausedFor('c')).toBe(0);
    expect(buckets.take('c')).toBe(0);
    // 60 a minute now (half of 120), climbing back: the next token is about a second away, not half a second.
    const wait = buckets.take('c');
    expect(wait).toBeGreaterThan(900);
    expect(wait).toBeLessThanOrEqual(1_000);
  });

  it('climbs back to the configured rate and burst within the recovery time', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    buckets.pause('c', 1_000);
    now = 1_000 + PAUSE_RECOVERY_MS;
    // Recovered: a full burst is available again after a quiet period.
    now += 60_000;
    for (let i = 0; i < 10; i++) expect(buckets.take('c')).toBe(0);
    expect(buckets.take('c')).toBe(500);
  });

  it('halves the rate once per burst of refusals: refusals during a pause only extend it', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    buckets.pause('c', 1_000);
    buckets.pause('c', 2_000);
    buckets.pause('c', 1_500);
    expect(buckets.take('c')).toBe(2_000);
    now = 2_000;
    expect(buckets.take('c')).toBe(0);
    // Still 60 a minute (halved once), not 30.
    expect(buckets.take('c')).toBeLessThanOrEqual(1_000);
  });

  it('pauses a key even when the rate limit is off, then goes one per pause length', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 0, burst: 1 }, () => now);
    expect(buckets.take('c')).toBe(0);
    buckets.pause('c', 3_000);
    expect(buckets.take('c')).toBe(3_000);
    expect(buckets.take('other')).toBe(0);
    now = 3_000;
    expect(buckets.take('c')).toBe(0);
    const wait = buckets.take('c');
    expect(wait).toBeGreaterThan(2_500);
    expect(wait).toBeLessThanOrEqual(3_000);
    // Long after: off again.
    now = 3_000 + 10 * PAUSE_RECOVERY_MS;
    for (let i = 0; i < 100; i++) expect(buckets.take('c')).toBe(0);
  });

  it('hands a backlog slots from the end of the pause, one reduced interval apart', () => {
    const now = 0;
    const buckets = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    buckets.pause('c', 5_000);
    const slots = [buckets.takeOrSlot('c'), buckets.takeOrSlot('c'), buckets.takeOrSlot('c')];
    expect(slots[0]).toBe(5_000);
    expect(slots[1]).toBe(6_000);
    expect(slots[2]).toBe(7_000);
  });

  it('ignores a pause that has already ended', () => {
    let now = 10_000;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => now);
    buckets.pause('c', 9_000);
    buckets.pause('c', 10_000);
    expect([buckets.take('c'), buckets.take('c')]).toEqual([0, 0]);
    now += 0;
  });
});

describe('TokenBuckets.slot', () => {
  it('hands rows waiting on a busy key successive slots at the rate, taking no token', () => {
    const now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 5 }, () => now);
    expect([buckets.slot('c', 10), buckets.slot('c', 10), buckets.slot('c', 10)]).toEqual([
      1_000, 2_000, 3_000,
    ]);
    // The burst is still whole.
    for (let i = 0; i < 5; i++) expect(buckets.take('c')).toBe(0);
  });

  it('is at least the given wait, and after a pause', () => {
    const buckets = new TokenBuckets({ perMinute: 0, burst: 1 }, () => 0);
    expect(buckets.slot('c', 250)).toBe(250);
    buckets.pause('c', 5_000);
    expect(buckets.slot('d', 250)).toBe(250);
    expect(buckets.slot('c', 250)).toBeGreaterThanOrEqual(5_000);
  });
});

describe('TokenBuckets.slot after a take', () => {
  it('is no earlier than the next token: the first row waiting on a busy key comes back when it can go', () => {
    let now = 100_000;
    const buckets = new TokenBuckets({ perMinute: 1, burst: 1 }, () => now);
    expect(buckets.take('c')).toBe(0);
    expect(buckets.slot('c', 10)).toBe(60_000);
    expect(buckets.slot('c', 10)).toBe(120_000);
    now += 60_000;
    expect(buckets.take('c')).toBe(0);
  });
});

describe('TokenBuckets.snapshot and restore', () => {
  it('carry a bucket to another instance: the two together let through what one would', () => {
    let now = 0;
    const one = new TokenBuckets({ perMinute: 60, burst: 2 }, () => now);
    const other = new TokenBuckets({ perMinute: 60, burst: 2 }, () => now);
    expect(one.snapshot('c')).toBeUndefined();
    expect(one.take('c')).toBe(0);
    other.restore('c', one.snapshot('c')!);
    expect(other.take('c')).toBe(0);
    one.restore('c', other.snapshot('c')!);
    // Two tokens taken in all: the burst is spent on both sides.
    expect(one.take('c')).toBe(1_000);
    now = 1_000;
    expect(one.take('c')).toBe(0);
  });

  it('keep a pause and its reduced rate', () => {
    let now = 0;
    const one = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    one.pause('c', 2_000);
    const other = new TokenBuckets({ perMinute: 120, burst: 10 }, () => now);
    other.restore('c', one.snapshot('c')!);
    expect(other.pausedFor('c')).toBe(2_000);
    now = 2_000;
    expect(other.take('c')).toBe(0);
    expect(other.take('c')).toBeGreaterThan(900);
  });

  it('a snapshot is a copy: changing the bucket later does not change it', () => {
    const buckets = new TokenBuckets({ perMinute: 60, burst: 2 }, () => 0);
    buckets.take('c');
    const before = buckets.snapshot('c')!;
    buckets.take('c');
    expect(buckets.snapshot('c')!.units).toBeLessThan(before.units);
  });
});
