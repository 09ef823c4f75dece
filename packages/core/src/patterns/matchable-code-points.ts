import type { AST } from '@eslint-community/regexpp';

/**
 * Code points as sorted, disjoint, non-adjacent inclusive ranges over [0, 0x10FFFF]. Used by the linear-match
 * proof to tell whether two parts of a pattern can match the same character.
 */
export type CodePointSet = ReadonlyArray<readonly [number, number]>;

const MAX_CODE_POINT = 0x10ffff;

const DIGIT: CodePointSet = [[0x30, 0x39]];
const WORD: CodePointSet = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** ECMAScript's WhiteSpace and LineTerminator, which is what \s matches (the Zs list is Unicode's since 6.3). */
const SPACE: CodePointSet = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: CodePointSet = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const EVERYTHING: CodePointSet = [[0, MAX_CODE_POINT]];

/**
 * The code points a one-character atom of a pattern without the `i` flag can match, or undefined when the
 * element is not such an atom (or is one this does not read: `\p{…}`, classes of the `v` flag). Never smaller
 * than the truth: complements are taken over every code point, so without the `u` flag, where the engine
 * compares code units, they still hold every unit the engine could match.
 */
export function matchableCodePoints(element: AST.Node, dotAll: boolean): CodePointSet | undefined {
  switch (element.type) {
    case 'Character':
      return [[element.value, element.value]];
    case 'CharacterSet':
      if (element.kind === 'any') return dotAll ? EVERYTHING : complement(LINE_TERMINATORS);
      if (element.kind === 'property') return undefined;
      return escapeSet(element.kind, element.negate);
    case 'CharacterClass':
      return element.unicodeSets ? undefined : classSet(element.elements, element.negate);
    default:
      return undefined;
  }
}

/** Whether any code point is in both sets. */
export function intersects(a: CodePointSet, b: CodePointSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLow, aHigh] = a[i]!;
    const [bLow, bHigh] = b[j]!;
    if (aLow <= bHigh && bLow <= aHigh) return true;
    if (aHigh < bHigh) i++;
    else j++;
  }
  return false;
}

function escapeSet(kind: 'digit' | 'space' | 'word', negate: boolean): CodePointSet {
  const set = kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
  return negate ? complement(set) : set;
}

function classSet(elements: readonly AST.CharacterClassElement[], negate: boolean): CodePointSet | undefined {
  const ranges: Array<readonly [number, number]> = [];
  for (const element of elements) {
    if (element.type === 'Character') ranges.push([element.value, element.value]);
    else if (element.type === 'CharacterClassRange') ranges.push([element.min.value, element.max.value]);
    else if (element.type === 'CharacterSet' && element.kind !== 'property')
      ranges.push(...escapeSet(element.kind, element.negate));
    else return undefined;
  }
  const set = normalise(ranges);
  return negate ? complement(set) : set;
}

function normalise(ranges: ReadonlyArray<readonly [number, number]>): CodePointSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [low, high] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && low <= previous[1] + 1) previous[1] = Math.max(previous[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

function complement(set: CodePointSet): CodePointSet {
  const result: Array<[number, number]> = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}
