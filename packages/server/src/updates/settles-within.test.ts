import { describe, expect, it } from 'vitest';
import { settlesWithin } from './settles-within.js';

describe('settlesWithin', () => {
  it('is true for work that settles in time, resolved or rejected', async () => {
    expect(await settlesWithin(Promise.resolve(1), 1_000)).toBe(true);
    expect(await settlesWithin(Promise.allSettled([Promise.reject(new Error('x'))]), 1_000)).toBe(true);
  });

  it('is false for work still pending when the bound passes', async () => {
    expect(await settlesWithin(new Promise(() => {}), 5)).toBe(false);
  });

  it('waits without a bound when given Infinity', async () => {
    let settle = () => {};
    const work = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const waited = settlesWithin(work, Number.POSITIVE_INFINITY);
    setTimeout(() => settle(), 5);
    expect(await waited).toBe(true);
  });
});
