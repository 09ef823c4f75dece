import { describe, expect, it } from 'vitest';
import {
  credentialConflict,
  credentialsVerify,
  effectiveCredentials,
  readPresentedCredentials,
} from './client-credentials.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('readPresentedCredentials', () => {
  it('reads client_secret_basic', () => {
    expect(readPresentedCredentials(basic('notion:s3cret'), {})).toEqual({
      basic: { id: 'notion', secret: 's3cret' },
    });
  });

  it('splits Basic at the first colon, so a secret may hold colons', () => {
    expect(readPresentedCredentials(basic('notion:a:b:c'), {}).basic).toEqual({
      id: 'notion',
      secret: 'a:b:c',
    });
    expect(readPresentedCredentials(basic('notion:'), {}).basic).toEqual({ id: 'notion', secret: '' });
  });

  it('accepts the scheme in any case and surrounding whitespace', () => {
    const encoded = Buffer.from('notion:s3cret').toString('base64');
    expect(readPresentedCredentials(`basic ${encoded}`, {}).basic?.id).toBe('notion');
    expect(readPresentedCredentials(`BASIC   ${encoded}  `, {}).basic?.id).toBe('notion');
  });

  it('ignores a Basic header without a colon, another scheme or a malformed value', () => {
    expect(readPresentedCredentials(basic('no-colon-here'), {})).toEqual({});
    expect(readPresentedCredentials('Bearer abc', {})).toEqual({});
    expect(readPresentedCredentials('Basic not*base64!', {})).toEqual({});
    expect(readPresentedCredentials(undefined, {})).toEqual({});
  });

  it('reads client_secret_post, ignoring values that are not strings', () => {
    expect(readPresentedCredentials(undefined, { client_id: 'notion', client_secret: 's' })).toEqual({
      post: { id: 'notion', secret: 's' },
    });
    expect(readPresentedCredentials(undefined, { client_id: 'notion' })).toEqual({
      post: { id: 'notion', secret: undefined },
    });
    expect(readPresentedCredentials(undefined, { client_id: ['a', 'b'], client_secret: 42 })).toEqual({});
  });

  it('reads both methods when both are used', () => {
    expect(readPresentedCredentials(basic('a:b'), { client_id: 'a', client_secret: 'b' })).toEqual({
      basic: { id: 'a', secret: 'b' },
      post: { id: 'a', secret: 'b' },
    });
  });
});

describe('credentialConflict', () => {
  it('is undefined with one method, or two that agree', () => {
    expect(credentialConflict({ basic: { id: 'a', secret: 'b' } })).toBeUndefined();
    expect(credentialConflict({ post: { id: 'a', secret: 'b' } })).toBeUndefined();
    expect(
      credentialConflict({ basic: { id: 'a', secret: 'b' }, post: { id: 'a', secret: 'b' } }),
    ).toBeUndefined();
    expect(credentialConflict({ basic: { id: 'a', secret: 'b' }, post: { id: 'a' } })).toBeUndefined();
    expect(credentialConflict({})).toBeUndefined();
  });

  it('names the parameter that disagrees', () => {
    expect(credentialConflict({ basic: { id: 'a', secret: 'b' }, post: { id: 'x', secret: 'b' } })).toMatch(
      /^client_id in the body differs/,
    );
    expect(credentialConflict({ basic: { id: 'a', secret: 'b' }, post: { secret: 'c' } })).toMatch(
      /^client_secret in the body differs/,
    );
  });
});

describe('credentialsVerify', () => {
  const client = { clientId: 'notion', clientSecret: 'right-secret' };
  it('accepts the right id and secret from Basic or the body, Basic first', () => {
    expect(credentialsVerify({ basic: { id: 'notion', secret: 'right-secret' } }, client)).toBe(true);
    expect(credentialsVerify({ post: { id: 'notion', secret: 'right-secret' } }, client)).toBe(true);
    expect(
      credentialsVerify(
        { basic: { id: 'notion', secret: 'wrong' }, post: { id: 'notion', secret: 'right-secret' } },
        client,
      ),
    ).toBe(false);
  });

  it('refuses a public client_id alone, a wrong secret, or nothing', () => {
    expect(credentialsVerify({ post: { id: 'notion' } }, client)).toBe(false);
    expect(credentialsVerify({ post: { id: 'notion', secret: 'guess' } }, client)).toBe(false);
    expect(credentialsVerify({ post: { id: 'other', secret: 'right-secret' } }, client)).toBe(false);
    expect(credentialsVerify({}, client)).toBe(false);
  });
});

describe('RFC 6749 §2.3.1: form-urlencoded Basic credentials', () => {
  const client = { clientId: 'notion-link', clientSecret: 'a+b c%/d' };
  const encoded = { id: 'notion%2Dlink', secret: 'a%2Bb+c%25%2Fd' };

  it('accepts the encoded and the raw form of the same credentials', () => {
    expect(credentialsVerify({ basic: encoded }, client)).toBe(true);
    expect(credentialsVerify({ basic: { id: 'notion-link', secret: 'a+b c%/d' } }, client)).toBe(true);
    expect(credentialsVerify({ basic: { id: 'notion%2Dlink', secret: 'wrong' } }, client)).toBe(false);
  });

  it('hands on the reading that matched, or the raw one when none did', () => {
    expect(effectiveCredentials({ basic: encoded }, client)).toEqual({
      id: 'notion-link',
      secret: 'a+b c%/d',
    });
    // A client whose raw secret happens to look encoded is still matched raw.
    expect(
      effectiveCredentials({ basic: encoded }, { clientId: encoded.id, clientSecret: encoded.secret }),
    ).toEqual(encoded);
    expect(effectiveCredentials({ basic: { id: 'x%2D', secret: 'y' } }, client)).toEqual({
      id: 'x%2D',
      secret: 'y',
    });
    expect(effectiveCredentials({ post: { id: 'p' } }, client)).toEqual({ id: 'p' });
    expect(effectiveCredentials({}, client)).toBeUndefined();
  });

  it('sees no conflict between an encoded Basic header and the same values in the body', () => {
    expect(
      credentialConflict({ basic: encoded, post: { id: 'notion-link', secret: 'a+b c%/d' } }),
    ).toBeUndefined();
    expect(credentialConflict({ basic: encoded, post: { id: 'notion-link', secret: 'other' } })).toMatch(
      /^client_secret/,
    );
  });
});
