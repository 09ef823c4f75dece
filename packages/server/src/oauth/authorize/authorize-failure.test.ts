import { describe, expect, it } from 'vitest';
import { authorizeFailurePage } from './authorize-failure.js';

describe('authorizeFailurePage', () => {
  it('keeps the rate limit status and its message', () => {
    expect(authorizeFailurePage({ statusCode: 429, message: 'try again in 20 seconds.' })).toEqual({
      status: 429,
      title: 'Too many requests',
      message: 'try again in 20 seconds.',
      unexpected: false,
    });
  });

  it('shows an unreadable or oversized form as the client error it is, without echoing the parser', () => {
    const malformed = authorizeFailurePage({ statusCode: 400, message: 'Body is not valid JSON: {"x' });
    expect(malformed).toMatchObject({ status: 400, unexpected: false });
    expect(malformed.message).not.toContain('{"x');
    expect(authorizeFailurePage({ statusCode: 413, message: 'too large' })).toMatchObject({ status: 413 });
  });

  it('shows our own failure as a 500 page whose cause only the log sees', () => {
    const page = authorizeFailurePage({ message: 'database is locked' });
    expect(page).toMatchObject({ status: 500, unexpected: true });
    expect(page.message).not.toContain('database');
  });
});
