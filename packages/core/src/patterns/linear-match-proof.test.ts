import { RegExpParser } from '@eslint-community/regexpp';
import { describe, expect, it } from 'vitest';
import { ACME_PATTERN } from '../../test/fixtures.js';
import { provablyLinear } from './linear-match-proof.js';

/** Parses as screenPattern does; `flags` are the analysed ones (no `d`, no `v`) unless `parseAsV`. */
function proven(source: string, flags = '', parseAsV = false): boolean {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, {
    unicode: flags.includes('u') && !parseAsV,
    unicodeSets: parseAsV,
  });
  return provablyLinear(ast, flags);
}

describe('provablyLinear', () => {
  it.each([
    ['^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$', ''],
    ['^https:\\/\\/acme\\.com\\/p\\/(?<id>[^/]+)\\/x$', ''],
    [ACME_PATTERN, ''],
    [ACME_PATTERN, 'u'],
    ['^https://[a-z]+\\.example\\.com/(?<a>[^/?#]+)/(?<b>[^/?#]+)$', 'us'],
    ['^$', ''],
    ['^a*b*$', ''], // the walk from a* reaches $ through b*
    ['^a*ba*$', ''],
    ['^a*b+a$', ''], // the walk from a* stops at b+, which must match once
    ['^a*b?c$', ''],
    ['^a{2}a$', ''], // a fixed count has no choice to take back
    ['^\\d{3}\\d+$', ''],
    ['^a{1,3}b$', ''],
    ['^\\w+-\\w+$', ''],
    ['^(?:(?<x>[a-c]+))\\/(d*)$', ''], // groups that only capture are opened, however nested
    ['^\\u{1F600}+x$', 'u'],
  ])('proves %s /%s/ linear', (source, flags) => {
    expect(proven(source, flags)).toBe(true);
  });

  it.each([
    ['^https://[a-z]+\\.example\\.com/(?<a>[^/?#]+)(?:/(?<b>[^/?#]+))?$', ''], // a repeated group
    ['^(a+)+$', ''],
    ['^\\d+\\d+$', ''],
    ['^\\d+\\d?$', ''],
    ['^[^/]+.*$', ''],
    ['^a*a$', ''],
    ['^a*b?a$', ''], // b? may match nothing, so a* meets the final a
    ['^a{1,3}a$', ''],
    ['^\\w+_\\w+$', ''],
    ['^(a|b)+$', ''],
    ['^(?:a|b)$', ''], // an alternation, even unrepeated
    ['^(?:ab)*$', ''],
    ['^\\w+\\b\\w+$', ''],
    ['^a+?b$', ''],
    ['^\\p{L}+$', 'u'],
    ['^(a)\\1$', ''],
    ['^(?=a)a+$', ''],
    ['^a+$|^b$', ''],
    ['^a^b$', ''],
    ['a+$', ''],
    ['^a+', ''],
    ['^(?i:a*)A*$', ''], // modifiers change what the group matches
  ])('does not prove %s /%s/', (source, flags) => {
    expect(proven(source, flags)).toBe(false);
  });

  it('proves nothing under the i flag, which folds case into every set', () => {
    expect(proven('^a+b$')).toBe(true);
    expect(proven('^a+b$', 'i')).toBe(false);
    expect(proven('^a+b$', 'iu')).toBe(false);
  });

  it('proves nothing parsed with the v flag or under flags other than u and s', () => {
    expect(proven('^[a-z]+\\/$', 'u', true)).toBe(false);
    expect(proven('^[a-z]+\\/$', 'u')).toBe(true);
    expect(proven('^a+b$', 'v')).toBe(false);
    expect(proven('^a+b$', 'm')).toBe(false);
  });

  it('reads the dot as everything but line terminators, and everything with the s flag', () => {
    expect(proven('^.*\\n$')).toBe(true);
    expect(proven('^.*\\n$', 's')).toBe(false);
    expect(proven('^.*\\u2028$', 'u')).toBe(true);
    expect(proven('^.*\\u2028$', 'us')).toBe(false);
    expect(proven('^.*x$')).toBe(false);
  });

  it('reads \\s as white space and line terminators, and \\S as everything else', () => {
    expect(proven('^\\s*\\S+$')).toBe(true);
    expect(proven('^\\s*\\u00a0$')).toBe(false);
    expect(proven('^\\s*\\ufeff$')).toBe(false);
    expect(proven('^\\s+\\u3000$')).toBe(false);
    expect(proven('^\\S*\\u00a0$')).toBe(true);
    expect(proven('^\\S*x$')).toBe(false);
    expect(proven('^[\\s\\d]*\\t$')).toBe(false);
  });

  it('reads a negated class as everything it does not list', () => {
    expect(proven('^[^/]+\\/$')).toBe(true);
    expect(proven('^[^/]+a$')).toBe(false);
    expect(proven('^[^a-z]*[a-z]$')).toBe(true);
    expect(proven('^[^a-z]*[x-z0]$')).toBe(false);
    expect(proven('^[^\\d]*7$')).toBe(true);
    expect(proven('^[^\\D]*7$')).toBe(false);
  });
});
