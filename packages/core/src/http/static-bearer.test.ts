import { describe, expect, it } from 'vitest';
import { checkStaticBearer } from './static-bearer.js';

describe('checkStaticBearer', () => {
  it('passes the configured token', () => {
    expect(checkStaticBearer('Bearer s3cret-token', 's3cret-token', 'metrics')).toBeUndefined();
  });

  it('answers a challenge without an error code when no Bearer token was sent', () => {
    for (const header of [undefined, '', 'Basic abc', 'Bearer']) {
      expect(checkStaticBearer(header, 's3cret-token', 'unfurlkit')).toEqual({
        error: 'invalid_request',
        challenge: 'Bearer realm="unfurlkit"',
      });
    }
  });

  it('answers invalid_token in the realm given for a wrong token, a prefix or an extension of it', () => {
    for (const token of ['wrong', 's3cret-toke', 's3cret-token-and-more']) {
      expect(checkStaticBearer(`Bearer ${token}`, 's3cret-token', 'metrics')).toEqual({
        error: 'invalid_token',
        challenge: 'Bearer realm="metrics", error="invalid_token"',
      });
    }
  });
});
