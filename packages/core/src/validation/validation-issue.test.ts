import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssues, formatJsonPath, IssueList, type JsonPath } from './validation-issue.js';

/** The reader of the notation, written independently of the formatter: `$`, `.name`, `[0]`, `["any"]`. */
function parseJsonPath(text: string): JsonPath {
  expect(text.startsWith('$')).toBe(true);
  const path: Array<string | number> = [];
  let rest = text.slice(1);
  while (rest.length > 0) {
    const dotted = /^\.([A-Za-z_$][\w$]*)/.exec(rest);
    const indexed = /^\[(\d+)\]/.exec(rest);
    if (dotted) {
      path.push(dotted[1]!);
      rest = rest.slice(dotted[0].length);
    } else if (indexed) {
      path.push(Number(indexed[1]));
      rest = rest.slice(indexed[0].length);
    } else {
      expect(rest.startsWith('["')).toBe(true);
      // The shortest prefix that is a JSON string followed by "]".
      let end = 2;
      for (;;) {
        end = rest.indexOf('"]', end);
        expect(end).toBeGreaterThan(0);
        try {
          path.push(JSON.parse(rest.slice(1, end + 1)) as string);
          break;
        } catch {
          end += 1;
        }
      }
      rest = rest.slice(end + 2);
    }
  }
  return path;
}

describe('formatJsonPath', () => {
  it.each([
    [[], '$'],
    [[2, 'inline', 'date', 'value'], '$[2].inline.date.value'],
    [['operations', 0, 'set', 1, 'inline', 'title'], '$.operations[0].set[1].inline.title'],
    [['a b'], '$["a b"]'],
    [['0'], '$["0"]'],
    [[''], '$[""]'],
    [['src-url'], '$["src-url"]'],
    [['é'], '$["é"]'],
    [['quote"d'], '$["quote\\"d"]'],
    [['$ref', '_x', 'a1'], '$.$ref._x.a1'],
  ] as Array<[JsonPath, string]>)('formats %j as %s', (path, text) => {
    expect(formatJsonPath(path)).toBe(text);
  });

  it('round-trips through a reader of the notation (property)', () => {
    const segment = fc.oneof(
      fc.nat({ max: 1_000 }),
      fc.string({ maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (path) => {
        const text = formatJsonPath(path);
        expect(parseJsonPath(text)).toEqual(path);
      }),
      { numRuns: 200 },
    );
  });

  it('formats distinct paths differently (property)', () => {
    const segment = fc.oneof(fc.nat({ max: 20 }), fc.constantFrom('0', 'a', 'a.b', '', '[0]', '"'));
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(formatJsonPath(a)).not.toBe(formatJsonPath(b));
      }),
      { numRuns: 200 },
    );
  });
});

describe('formatIssues', () => {
  it('writes one line per issue: severity, path, message', () => {
    expect(
      formatIssues([
        { severity: 'error', code: 'x', path: [0, 'id'], message: 'an attribute id cannot be empty' },
        { severity: 'warning', code: 'missing_dev', path: [], message: 'no dev' },
      ]),
    ).toBe('error $[0].id: an attribute id cannot be empty\nwarning $: no dev');
    expect(formatIssues([])).toBe('');
  });
});

describe('IssueList', () => {
  it('keeps errors and warnings apart and is ok only without errors', () => {
    const list = new IssueList();
    expect(list.ok).toBe(true);
    list.warn(['a'], 'w', 'warned');
    expect(list.ok).toBe(true);
    list.report(false, ['b'], 'r', 'reported leniently');
    expect(list.ok).toBe(true);
    list.report(true, ['c'], 'r', 'reported strictly');
    expect(list.ok).toBe(false);
    expect(list.warnings.map((i) => i.path)).toEqual([['a'], ['b']]);
    expect(list.errors).toEqual([
      { severity: 'error', code: 'r', path: ['c'], message: 'reported strictly' },
    ]);
  });
});
