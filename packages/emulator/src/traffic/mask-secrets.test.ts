import { describe, expect, it } from 'vitest';
import { maskBody, maskHeaders } from './mask-secrets.js';

describe('masking secrets for the traffic log', () => {
  it('keeps the scheme of Authorization and hides cookies', () => {
    expect(
      maskHeaders({ Authorization: 'Bearer abc', cookie: 'a=b', 'content-type': 'application/json' }),
    ).toEqual({
      authorization: 'Bearer [REDACTED]',
      cookie: '[REDACTED]',
      'content-type': 'application/json',
    });
  });

  it('masks secret keys deep in JSON and in form bodies; keeps other text', () => {
    expect(
      maskBody('{"a":{"access_token":"x","list":[{"refresh_token":"y"}]},"code":"z","uri":"u"}'),
    ).toEqual({
      a: { access_token: '[REDACTED]', list: [{ refresh_token: '[REDACTED]' }] },
      code: '[REDACTED]',
      uri: 'u',
    });
    expect(
      maskBody(
        'grant_type=authorization_code&code=c&client_secret=s&client_id=i',
        'application/x-www-form-urlencoded',
      ),
    ).toEqual({
      grant_type: 'authorization_code',
      code: '[REDACTED]',
      client_secret: '[REDACTED]',
      client_id: 'i',
    });
    expect(maskBody('<html>')).toBe('<html>');
    expect(maskBody('')).toBe('');
  });
});
