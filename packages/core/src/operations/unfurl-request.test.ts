import { describe, expect, it } from 'vitest';
import { unfurlRequestSchema, uriSchema } from './unfurl-request.js';

describe('unfurlRequestSchema (SPEC §3)', () => {
  it('reads {"uri": …}', () => {
    expect(unfurlRequestSchema.parse({ uri: 'https://acme.com/items/23487' })).toEqual({
      uri: 'https://acme.com/items/23487',
    });
  });

  it('checks only the shape: any non-empty string passes (the uri itself is answered with a 400 operation)', () => {
    expect(unfurlRequestSchema.safeParse({ uri: 'not a url' }).success).toBe(true);
  });

  it.each([{}, { uri: '' }, { uri: 1 }, null, 'https://acme.com'])('refuses %j', (body) => {
    expect(unfurlRequestSchema.safeParse(body).success).toBe(false);
  });
});

describe('uriSchema', () => {
  it.each(['https://acme.com/items/1', 'http://localhost:3000/items/1', 'https://acme.com/a?b=c#d'])(
    'accepts %s',
    (uri) => {
      expect(uriSchema.safeParse(uri).success).toBe(true);
    },
  );

  it.each([
    '',
    'acme.com/items/1',
    '/items/1',
    'ftp://acme.com/items/1',
    'javascript:alert(1)',
    'file:///etc/passwd',
    `https://acme.com/${'a'.repeat(1_984)}`,
  ])('refuses %j', (uri) => {
    expect(uriSchema.safeParse(uri).success).toBe(false);
  });

  it('accepts exactly 2,000 characters', () => {
    const uri = `https://acme.com/${'a'.repeat(1_983)}`;
    expect(uri).toHaveLength(2_000);
    expect(uriSchema.safeParse(uri).success).toBe(true);
  });
});
