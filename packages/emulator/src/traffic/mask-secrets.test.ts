import { describe, expect, it } from 'vitest';
import { maskBody, maskHeaders } from './mask-secrets.js';

describe('masking secrets for the traffic log', () => {
  it('keeps the scheme of Authorization and hides cookies', () => {
    expect(
      maskHeaders({ Authorization: 'Bearer abc', cookie: 'a=b', 'content-type': 'application/json' }),
    ).toEqual({
      authorization: 'Bearer [redacted]',
      cookie: '[redacted]',
      'content-type': 'application/json',
    });
  });

  it('masks secret keys deep in JSON and in form bodies; keeps other text', () => {
    expect(
      maskBody('{"a":{"access_token":"x","list":[{"refresh_token":"y"}]},"code":"z","uri":"u"}'),
    ).toEqual({
      a: { access_token: '[redacted]', list: [{ refresh_token: '[redacted]' }] },
      code: '[redacted]',
      uri: 'u',
    });
    expect(
      maskBody(
        'grant_type=authorization_code&code=c&client_secret=s&client_id=i',
        'application/x-www-form-urlencoded',
      ),
    ).toEqual({
      grant_type: 'authorization_code',
      code: '[redacted]',
      client_secret: '[redacted]',
      client_id: 'i',
    });
    expect(maskBody('<html>')).toBe('<html>');
    expect(maskBody('')).toBe('');
  });
});
