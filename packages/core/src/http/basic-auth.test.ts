import { describe, expect, it } from 'vitest';
import { basicAuthReadings, parseBasicAuth } from './basic-auth.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;

describe('parseBasicAuth', () => {
  it('reads the id and secret', () => {
    expect(parseBasicAuth(basic('notion:s3cret'))).toEqual({ id: 'notion', secret: 's3cret' });
  });

  it('splits at the first colon, so a secret may hold colons, and may be empty', () => {
    expect(parseBasicAuth(basic('notion:a:b:c'))).toEqual({ id: 'notion', secret: 'a:b:c' });
    expect(parseBasicAuth(basic('notion:'))).toEqual({ id: 'notion', secret: '' });
  });

  it('accepts the scheme in any case and surrounding spaces', () => {
    const encoded = Buffer.from('notion:s3cret').toString('base64');
    expect(parseBasicAuth(`basic ${encoded}`)?.id).toBe('notion');
    expect(parseBasicAuth(`BASIC   ${encoded}  `)?.id).toBe('notion');
  });

  it('returns the values raw: no url-decoding', () => {
    expect(parseBasicAuth(basic('a%20b:c%3Ad+e'))).toEqual({ id: 'a%20b', secret: 'c%3Ad+e' });
  });

  it('ignores a header without a colon, another scheme, a malformed value or none', () => {
    expect(parseBasicAuth(basic('no-colon-here'))).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth('Basic not*base64!')).toBeUndefined();
    expect(parseBasicAuth('Basic\tbm90aW9uOnM=')).toBeUndefined();
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('')).toBeUndefined();
  });
});

describe('basicAuthReadings', () => {
  it('adds the form-urlencoded reading of RFC 6749 §2.3.1 after the raw one', () => {
    expect(basicAuthReadings({ id: 'notion%2Dlink', secret: 'a%2Bb+c%25' })).toEqual([
      { id: 'notion%2Dlink', secret: 'a%2Bb+c%25' },
      { id: 'notion-link', secret: 'a+b c%' },
    ]);
  });

  it('keeps only the raw reading when decoding changes nothing or fails', () => {
    expect(basicAuthReadings({ id: 'notion', secret: 's3cret' })).toEqual([
      { id: 'notion', secret: 's3cret' },
    ]);
    expect(basicAuthReadings({ id: 'notion', secret: '100%' })).toEqual([{ id: 'notion', secret: '100%' }]);
    expect(basicAuthReadings({ id: '%E0%A4%A', secret: 's' })).toEqual([{ id: '%E0%A4%A', secret: 's' }]);
  });
});
