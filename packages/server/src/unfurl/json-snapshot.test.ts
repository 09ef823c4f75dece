import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSnapshot, matchesJsonSnapshot } from './json-snapshot.js';

/** Values JSON text cannot tell apart from others, or writes differently from how they look. */
const awkwardValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      undefined,
      null,
      Number.NaN,
      -0,
      0,
      Number.POSITIVE_INFINITY,
      true,
      false,
      '',
      '0',
      '__proto__',
    ),
    fc.string({ maxLength: 4 }),
    fc.integer({ min: -3, max: 3 }),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '1', '0', 'toJSON'), tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('matchesJsonSnapshot', () => {
  it('matches a value against the snapshot of its own text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(matchesJsonSnapshot(value, jsonSnapshot(JSON.stringify(value)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never matches a value whose JSON text differs from the snapshot’s', () => {
    fc.assert(
      fc.property(awkwardValue, awkwardValue, (remembered, later) => {
        const text = JSON.stringify(remembered);
        if (typeof text !== 'string') return;
        if (matchesJsonSnapshot(later, jsonSnapshot(text))) expect(JSON.stringify(later)).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses what JSON would write differently, even when it looks the same', () => {
    const snapshot = jsonSnapshot('{"a":1,"b":[null]}');
    expect(matchesJsonSnapshot({ a: 1, b: [null] }, snapshot)).toBe(true);
    expect(matchesJsonSnapshot({ b: [null], a: 1 }, snapshot)).toBe(false); // another key order, another text
    expect(matchesJsonSnapshot({ a: 1, b: [undefined] }, snapshot)).toBe(false); // also written null: refused
    expect(matchesJsonSnapshot({ a: 1, b: [null], c: undefined }, snapshot)).toBe(false);
    const inherited = Object.assign(Object.create({ b: [null] }), { a: 1 });
    expect(matchesJsonSnapshot(inherited, snapshot)).toBe(false);
    const withToJson = { a: 1, b: [null], toJSON: () => ({ a: 2 }) };
    expect(matchesJsonSnapshot(withToJson, jsonSnapshot('{"a":1,"b":[null]}'))).toBe(false);
    expect(matchesJsonSnapshot(new Date(0), jsonSnapshot(JSON.stringify(new Date(0))))).toBe(false);
  });
});
