import { describe, expect, it } from 'vitest';
import { nestedDeeperThan } from './json-depth.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

describe('nestedDeeperThan', () => {
  it('counts arrays and objects as levels, scalars as none', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan('x', 0)).toBe(false);
    expect(nestedDeeperThan([], 0)).toBe(true);
    expect(nestedDeeperThan(nested(3), 3)).toBe(false);
    expect(nestedDeeperThan(nested(4), 3)).toBe(true);
    expect(nestedDeeperThan({ a: [1, { b: 2 }], c: null }, 3)).toBe(false);
  });

  it('walks 10,000 levels without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(10_000), 100)).toBe(true);
    expect(nestedDeeperThan(nested(10_000), 10_000)).toBe(false);
  });
});
