import { describe, expect, it } from 'vitest';
import { isValidUri } from './valid-uri.js';

describe('isValidUri', () => {
  it('accepts an http(s) link, again and again', () => {
    for (let i = 0; i < 3; i++) expect(isValidUri('https://acme.com/items/23487')).toBe(true);
  });

  it('refuses what uriSchema refuses, every time', () => {
    for (const uri of ['', 'not a url', 'ftp://acme.com/x', `https://acme.com/${'x'.repeat(5_000)}`]) {
      expect(isValidUri(uri)).toBe(false);
      expect(isValidUri(uri)).toBe(false);
    }
  });
});
