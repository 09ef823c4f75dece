import { describe, expect, it } from 'vitest';
import { defaultBurst } from './default-burst.js';

describe('defaultBurst', () => {
  it('is 15 seconds worth of the rate, at least one', () => {
    expect(defaultBurst(180)).toBe(45);
    expect(defaultBurst(600)).toBe(150);
    expect(defaultBurst(1)).toBe(1);
    expect(defaultBurst(0)).toBe(1);
    expect(defaultBurst(7)).toBe(2);
  });
});
