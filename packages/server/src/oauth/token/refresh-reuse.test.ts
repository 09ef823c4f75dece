import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../crypto/secret-box.js';
import { openRotatedPair, reuseDecision, sealRotatedPair } from './refresh-reuse.js';

const successor = { keyId: 'k1', sealed: 'x' };

describe('reuseDecision', () => {
  it('is a retry within the window, edges included, when the pair was kept', () => {
    expect(reuseDecision({ usedAt: 1_000, successor }, 1_000, 10_000)).toBe('retry');
    expect(reuseDecision({ usedAt: 1_000, successor }, 11_000, 10_000)).toBe('retry');
    expect(reuseDecision({ usedAt: 1_000, successor }, 500, 10_000)).toBe('retry');
  });

  it('is reuse after the window, with nothing kept, or with the window off', () => {
    expect(reuseDecision({ usedAt: 1_000, successor }, 11_001, 10_000)).toBe('reuse');
    expect(reuseDecision({ usedAt: 1_000, successor: null }, 1_000, 10_000)).toBe('reuse');
    expect(reuseDecision({ usedAt: 1_000, successor }, 1_000, 0)).toBe('reuse');
    expect(reuseDecision({ usedAt: null, successor }, 1_000, 10_000)).toBe('reuse');
  });
});

describe('sealRotatedPair / openRotatedPair', () => {
  const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);
  const pair = { accessToken: 'ufk_at_a', refreshToken: 'ufk_rt_b' };

  it('opens the pair on the row it was sealed for, and only there', () => {
    const sealed = sealRotatedPair(box, 'hash-1', pair);
    expect(sealed.sealed).not.toContain('ufk_at_a');
    expect(openRotatedPair(box, 'hash-1', sealed)).toEqual(pair);
    expect(openRotatedPair(box, 'hash-2', sealed)).toBeUndefined();
    expect(openRotatedPair(box, 'hash-1', { keyId: 'k9', sealed: sealed.sealed })).toBeUndefined();
  });
});
