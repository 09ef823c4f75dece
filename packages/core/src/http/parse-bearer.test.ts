import { describe, expect, it } from 'vitest';
import { parseBearer } from './parse-bearer.js';

describe('parseBearer', () => {
  it('reads the token of a Bearer header, the scheme in any case', () => {
    expect(parseBearer('Bearer ufk_at_abc-._~+/==')).toBe('ufk_at_abc-._~+/==');
    expect(parseBearer('bearer   tok  ')).toBe('tok');
  });

  it('refuses none, another scheme, a missing token and characters outside b64token', () => {
    expect(parseBearer(undefined)).toBeUndefined();
    expect(parseBearer('')).toBeUndefined();
    expect(parseBearer('Basic abc')).toBeUndefined();
    expect(parseBearer('Bearer')).toBeUndefined();
    expect(parseBearer('Bearer a b')).toBeUndefined();
    expect(parseBearer('Bearer a"b')).toBeUndefined();
  });
});
