import { describe, expect, it } from 'vitest';
import { tokenExpired } from './notion-token-refresh.js';

describe('tokenExpired', () => {
  it('is true from the expiry on, and never for a token without one', () => {
    expect(tokenExpired(1_000, 999)).toBe(false);
    expect(tokenExpired(1_000, 1_000)).toBe(true);
    expect(tokenExpired(1_000, 5_000)).toBe(true);
    expect(tokenExpired(null, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
