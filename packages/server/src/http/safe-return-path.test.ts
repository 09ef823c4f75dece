import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './safe-return-path.js';

const ORIGIN = 'https://acme.example';

/** What a browser does with a Location header holding `path`, on a page of ORIGIN. */
const followed = (path: string) => new URL(path, `${ORIGIN}/login`);

/** The promise of safeReturnPath, checked on every output. */
function expectLocal(result: string): void {
  expect(result.startsWith('/')).toBe(true);
  expect(result[1]).not.toBe('/');
  expect(result[1]).not.toBe('\\');
  expect(/\p{Cc}/u.test(result)).toBe(false);
  expect(followed(result).origin).toBe(ORIGIN);
}

/** Pieces that make URLs ambiguous: slashes, backslashes, dot segments, encodings, schemes, hosts. */
const PATH_PIECES = ['/', '\\', '.', '..', '%2e', '%2E', '%2f', '%5c'];
const OTHER_PIECES = [
  ':',
  '@',
  '?',
  '#',
  '&',
  '%0d%0a',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u0000',
  '\u200b',
  'evil.example',
  'http:',
  'https:',
  'javascript:',
  'notion',
  'authorize',
];
// Path pieces weigh more, so dot segments next to slashes (`/.//host`) come up within a few hundred runs.
const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...PATH_PIECES), weight: 4 },
  { arbitrary: fc.constantFrom(...OTHER_PIECES), weight: 1 },
);
const tricky = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const slashFirst = tricky.map((rest) => `/${rest}`);

describe('safeReturnPath', () => {
  it('keeps a local path with its query and fragment', () => {
    expect(safeReturnPath('/notion/authorize?client_id=a&state=x%20y#top')).toBe(
      '/notion/authorize?client_id=a&state=x%20y#top',
    );
    expect(safeReturnPath('/')).toBe('/');
  });

  it.each([
    ['//evil.example'],
    ['//evil.example/notion/authorize'],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['https://evil.example'],
    ['http://evil.example/'],
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['evil.example'],
    ['\\\\evil.example'],
    [' /notion'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/notion\r\nSet-Cookie: a=b'],
    ['/notion\u0000'],
    ['/\u007f'],
    ['/.//evil.example'],
    ['/./\\evil.example'],
    ['/a/..//evil.example'],
    ['/%2e//evil.example'],
    ['/%2E%2E//evil.example'],
    ['/././/evil.example/path?x=1'],
    [''],
  ])('refuses %j', (input) => {
    expect(safeReturnPath(input, '/home')).toBe('/home');
  });

  it('keeps an encoded CR LF encoded, so it cannot split a header', () => {
    const result = safeReturnPath('/%0d%0aSet-Cookie:%20a=b');
    expect(result).toBe('/%0d%0aSet-Cookie:%20a=b');
    expect(result).not.toMatch(/[\r\n]/);
  });

  it('refuses what is not a string, and overly long values', () => {
    for (const value of [undefined, null, 42, ['/a'], { toString: () => '/a' }])
      expect(safeReturnPath(value)).toBe('/');
    expect(safeReturnPath(`/${'a'.repeat(4_000)}`)).toBe('/');
    expect(safeReturnPath(`/${'a'.repeat(3_000)}`)).toBe(`/${'a'.repeat(3_000)}`);
  });

  it('always answers a single-slash path on this origin (property)', () => {
    const input = fc.oneof(
      { arbitrary: slashFirst, weight: 4 },
      { arbitrary: tricky, weight: 1 },
      { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
      { arbitrary: fc.webUrl(), weight: 1 },
      { arbitrary: fc.webPath(), weight: 1 },
    );
    fc.assert(
      fc.property(input, (value) => {
        expectLocal(safeReturnPath(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps ordinary local paths (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 5 }), (segments) => {
        const path = `/${segments.join('/')}`;
        expect(safeReturnPath(path, '/fallback')).toBe(path);
      }),
      { numRuns: 100 },
    );
  });
});
