import { describe, expect, it } from 'vitest';
import { distinctSorted } from './outbox-enqueue-chunk.js';

describe('distinctSorted', () => {
  it('sorts by connection, then uri, in code-unit order', () => {
    const pairs = [
      { connectionId: 'b', uri: 'https://x.test/1' },
      { connectionId: 'a', uri: 'https://x.test/2' },
      { connectionId: 'a', uri: 'https://x.test/10' },
      { connectionId: 'B', uri: 'https://x.test/1' },
    ];
    expect(distinctSorted(pairs)).toEqual([
      { connectionId: 'B', uri: 'https://x.test/1' },
      { connectionId: 'a', uri: 'https://x.test/10' },
      { connectionId: 'a', uri: 'https://x.test/2' },
      { connectionId: 'b', uri: 'https://x.test/1' },
    ]);
  });

  it('keeps one of each pair listed more than once', () => {
    const pair = { connectionId: 'c', uri: 'https://x.test/1' };
    const other = { connectionId: 'c', uri: 'https://x.test/2' };
    expect(distinctSorted([pair, other, { ...pair }, pair])).toEqual([pair, other]);
  });

  it('returns copies without extra fields, and leaves its input alone', () => {
    const input = [
      { connectionId: 'z', uri: 'u', ruleName: 'item' },
      { connectionId: 'y', uri: 'u' },
    ];
    const before = structuredClone(input);
    const out = distinctSorted(input);
    expect(out).toEqual([
      { connectionId: 'y', uri: 'u' },
      { connectionId: 'z', uri: 'u' },
    ]);
    expect(out[1]).not.toBe(input[0]);
    expect(input).toEqual(before);
  });

  it('returns nothing for nothing', () => {
    expect(distinctSorted([])).toEqual([]);
  });
});
