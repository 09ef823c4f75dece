import { describe, expect, it } from 'vitest';
import { INTEGRATION_SCOPE_WINDOW_MS, rateLimitScope, recentRefusals } from './rate-limit-scope.js';

const at = (connectionId: string, t: number) => ({ connectionId, at: t });

describe('rateLimitScope', () => {
  it('is the connection’s limit when only it (however often) was refused', () => {
    expect(rateLimitScope([at('a', 0), at('a', 5), at('a', 10)], 10)).toBe('connection');
    expect(rateLimitScope([at('a', 0), at('b', 5)], 10)).toBe('connection');
  });

  it('is the integration’s limit when three connections were refused within the window', () => {
    expect(rateLimitScope([at('a', 0), at('b', 5), at('c', 10)], 10)).toBe('integration');
  });

  it('forgets refusals older than the window', () => {
    const late = INTEGRATION_SCOPE_WINDOW_MS + 1;
    expect(rateLimitScope([at('a', 0), at('b', late), at('c', late)], late)).toBe('connection');
    expect(recentRefusals([at('a', 0), at('b', late)], late)).toEqual([at('b', late)]);
  });
});
