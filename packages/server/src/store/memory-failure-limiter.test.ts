import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './memory-failure-limiter.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('FailureLimiter', () => {
  it('lets a key fail `limit` times, then asks it to wait until its window ends', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 60_000 }, clock.read);
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfter('ip:1', 3)).toBe(0);
      limiter.recordFailure('ip:1');
    }
    expect(limiter.retryAfter('ip:1', 3)).toBe(60);
    clock.now += 20_500;
    expect(limiter.retryAfter('ip:1', 3)).toBe(40);
    expect(limiter.retryAfter('ip:1', 4)).toBe(0);
  });

  it('counts keys separately', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 60_000 }, clock.read);
    limiter.recordFailure('ip:1');
    limiter.recordFailure('ip:1');
    expect(limiter.retryAfter('ip:1', 2)).toBeGreaterThan(0);
    expect(limiter.retryAfter('ip:2', 2)).toBe(0);
    expect(limiter.retryAfter('client:notion', 1)).toBe(0);
  });

  it('forgets failures once the window has passed, and starts a new window on the next failure', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 60_000 }, clock.read);
    limiter.recordFailure('ip:1');
    limiter.recordFailure('ip:1');
    clock.now += 59_999;
    expect(limiter.retryAfter('ip:1', 2)).toBe(1);
    clock.now += 1;
    expect(limiter.retryAfter('ip:1', 2)).toBe(0);
    limiter.recordFailure('ip:1');
    expect(limiter.retryAfter('ip:1', 2)).toBe(0);
    limiter.recordFailure('ip:1');
    expect(limiter.retryAfter('ip:1', 2)).toBe(60);
  });

  it('keeps the window of a key that goes on failing: later failures do not extend it', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 10_000 }, clock.read);
    limiter.recordFailure('ip:1');
    clock.now += 9_000;
    limiter.recordFailure('ip:1');
    expect(limiter.retryAfter('ip:1', 2)).toBe(1);
    clock.now += 1_000;
    expect(limiter.retryAfter('ip:1', 2)).toBe(0);
  });

  it('holds at most maxKeys windows, dropping the least recently failed', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 60_000, maxKeys: 3 }, clock.read);
    for (const key of ['a', 'b', 'c']) limiter.recordFailure(key);
    limiter.recordFailure('a'); // a is now the most recent
    limiter.recordFailure('d'); // evicts b
    expect(limiter.retryAfter('a', 2)).toBeGreaterThan(0);
    expect(limiter.retryAfter('b', 1)).toBe(0);
    expect(limiter.retryAfter('c', 1)).toBeGreaterThan(0);
    expect(limiter.retryAfter('d', 1)).toBeGreaterThan(0);
  });

  it('stays bounded under a flood of distinct keys', () => {
    const clock = manualClock();
    const limiter = new FailureLimiter({ windowMs: 60_000, maxKeys: 100 }, clock.read);
    limiter.recordFailure('ip:attacker');
    for (let i = 0; i < 5_000; i += 1) limiter.recordFailure(`client:${i}`);
    let remembered = 0;
    for (let i = 0; i < 5_000; i += 1) if (limiter.retryAfter(`client:${i}`, 1) > 0) remembered += 1;
    expect(remembered).toBe(100);
    expect(limiter.retryAfter('client:4999', 1)).toBeGreaterThan(0);
    expect(limiter.retryAfter('client:0', 1)).toBe(0);
  });
});
