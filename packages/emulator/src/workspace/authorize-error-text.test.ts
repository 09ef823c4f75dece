import { AUTHORIZE_ERROR_TEXT } from '@unfurlkit/core';
import { describe, expect, it } from 'vitest';
import { authorizeErrorText } from './complete-authorization.js';

describe('authorizeErrorText', () => {
  it("shows the integration's description instead of the standard text, for known codes too", () => {
    expect(authorizeErrorText('access_denied', 'You declined.')).toBe('You declined.');
    expect(authorizeErrorText('weird_code', 'The moon is down')).toBe('The moon is down');
  });

  it('shows the standard text only without a description, else "unknown error"', () => {
    expect(authorizeErrorText('access_denied', undefined)).toBe(AUTHORIZE_ERROR_TEXT.access_denied);
    expect(authorizeErrorText('access_denied', '  ')).toBe(AUTHORIZE_ERROR_TEXT.access_denied);
    expect(authorizeErrorText('weird_code', undefined)).toBe('unknown error');
  });
});
