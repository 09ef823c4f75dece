import { describe, expect, it } from 'vitest';
import { safeEqual } from './safe-equal.js';

describe('safeEqual', () => {
  it('is true for equal strings and false otherwise', () => {
    expect(safeEqual('our-client-secret', 'our-client-secret')).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('our-client-secret', 'our-client-secreT')).toBe(false);
  });

  it('compares strings of different lengths without throwing', () => {
    expect(safeEqual('short', 'a much longer string')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
    expect(safeEqual('prefix', 'prefix-and-more')).toBe(false);
  });
});
