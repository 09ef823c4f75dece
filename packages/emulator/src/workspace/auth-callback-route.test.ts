import { describe, expect, it } from 'vitest';
import { repeatedCallbackParameters } from './auth-callback-route.js';

describe('repeatedCallbackParameters', () => {
  it('names the callback parameters given more than once', () => {
    expect(repeatedCallbackParameters({ state: ['a', 'b'], code: 'c' })).toEqual(['state']);
    expect(repeatedCallbackParameters({ code: ['c', 'd'], error: ['x', 'y'] })).toEqual(['code', 'error']);
  });

  it('ignores single values and parameters the callback does not read', () => {
    expect(repeatedCallbackParameters({ state: 'a', code: 'c', other: ['1', '2'] })).toEqual([]);
  });
});
