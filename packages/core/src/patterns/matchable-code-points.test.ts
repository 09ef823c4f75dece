import { type AST, RegExpParser } from '@eslint-community/regexpp';
import { describe, expect, it } from 'vitest';
import { type CodePointSet, intersects, matchableCodePoints } from './matchable-code-points.js';

function atomOf(source: string, unicode: boolean): AST.Node {
  const ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, {
    unicode,
    unicodeSets: false,
  });
  return ast.alternatives[0]!.elements[0]!;
}

const has = (set: CodePointSet, codePoint: number) => intersects(set, [[codePoint, codePoint]]);

const ATOMS = [
  '.',
  '\\d',
  '\\D',
  '\\w',
  '\\W',
  '\\s',
  '\\S',
  '[^/]',
  '[a-c\\s]',
  '[^\\w-]',
  '[^\\S]',
  'x',
  '\\u2028',
];

describe('matchableCodePoints', () => {
  // Soundness is all the proof needs: every character the engine matches is in the set. Checked against the
  // engine for every code unit of the BMP (lone surrogates included) and a sample of astral code points.
  it.each(ATOMS.flatMap((atom) => ['', 's', 'u', 'us'].map((flags) => [atom, flags] as const)))(
    'holds every character %s matches under /%s/',
    (atom, flags) => {
      const set = matchableCodePoints(atomOf(atom, flags.includes('u')), flags.includes('s'))!;
      expect(set).toBeDefined();
      const regex = new RegExp(`^${atom}$`, flags);
      const missed: number[] = [];
      for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += codePoint < 0x10000 ? 1 : 0x101) {
        if (regex.test(String.fromCodePoint(codePoint)) && !has(set, codePoint)) missed.push(codePoint);
      }
      expect(missed).toEqual([]);
    },
  );

  it('is exact for \\s, so that \\S, its complement, also holds all it matches', () => {
    const set = matchableCodePoints(atomOf('\\s', true), false)!;
    const wrong: number[] = [];
    for (let codePoint = 0; codePoint < 0x10000; codePoint++) {
      if (has(set, codePoint) !== /^\s$/u.test(String.fromCodePoint(codePoint))) wrong.push(codePoint);
    }
    expect(wrong).toEqual([]);
  });

  it('reads no unicode property, and no class holding one', () => {
    expect(matchableCodePoints(atomOf('\\p{L}', true), false)).toBeUndefined();
    expect(matchableCodePoints(atomOf('[a\\p{L}]', true), false)).toBeUndefined();
  });

  it('finds overlaps between sets of several ranges', () => {
    expect(
      intersects(
        [
          [0, 5],
          [10, 20],
        ],
        [
          [6, 9],
          [21, 30],
        ],
      ),
    ).toBe(false);
    expect(
      intersects(
        [
          [0, 5],
          [10, 20],
        ],
        [
          [6, 9],
          [20, 30],
        ],
      ),
    ).toBe(true);
    expect(intersects([], [[0, 0x10ffff]])).toBe(false);
  });
});
