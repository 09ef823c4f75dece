import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clone, SEED_PLACEHOLDER } from '../../test/fixtures.js';
import { placeholderNames, substitutePlaceholders } from './placeholders.js';

describe('substitutePlaceholders', () => {
  it("fills the seed's placeholder with the captured groups", () => {
    const filled = substitutePlaceholders(clone(SEED_PLACEHOLDER), { itemNo: '23487' });
    expect(filled[0]!.inline).toEqual({ title: { value: 'Acme Item #23487', section: 'title' } });
    expect(filled[1]!.inline).toEqual({ plain_text: { value: '23487', section: 'identifier' } });
    expect(filled[2]).toEqual(SEED_PLACEHOLDER[2]);
  });

  it('substitutes deep in arrays and objects, several times in one string, and leaves other values alone', () => {
    const value = { a: ['$<x>-$<y>-$<x>', { b: '$<y>' }], n: 1, t: true, z: null };
    expect(substitutePlaceholders(value, { x: '1', y: '2' })).toEqual({
      a: ['1-2-1', { b: '2' }],
      n: 1,
      t: true,
      z: null,
    });
  });

  it('does not change its input', () => {
    const value = { title: '$<x>' };
    substitutePlaceholders(value, { x: '1' });
    expect(value).toEqual({ title: '$<x>' });
  });

  it('replaces an unknown or unmatched group by the empty string', () => {
    expect(substitutePlaceholders('#$<missing>#', {})).toBe('##');
    expect(substitutePlaceholders('#$<opt>#', { opt: undefined })).toBe('##');
  });

  it('never reads a group from Object.prototype', () => {
    expect(substitutePlaceholders('[$<constructor>][$<toString>][$<__proto__>][$<valueOf>]', {})).toBe(
      '[][][][]',
    );
  });

  it('reads a group that happens to be named like an Object.prototype member', () => {
    expect(substitutePlaceholders('$<constructor>/$<toString>', { constructor: 'c', toString: 't' })).toBe(
      'c/t',
    );
  });

  it('inserts group values literally: no $& or $<…> inside a value is interpreted', () => {
    expect(substitutePlaceholders('<$<x>>', { x: "$& $1 $' $<y>", y: 'no' })).toBe("<$& $1 $' $<y>>");
  });

  it('reads group names that are any JavaScript identifier, not only ASCII ones', () => {
    expect(substitutePlaceholders('#$<número>/$<π>/$<_a$1>', { número: '5', π: '3', _a$1: 'x' })).toBe(
      '#5/3/x',
    );
    expect(placeholderNames('$<número> $<日付>')).toEqual(['número', '日付']);
  });

  it('leaves text that only looks like a placeholder', () => {
    expect(substitutePlaceholders('$x $<> $<1a> $< x> <x>', { x: 'X', '1a': 'Y' })).toBe(
      '$x $<> $<1a> $< x> <x>',
    );
  });

  it('is the concatenation of literal parts and group values (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z_$][\w$]{0,6}$/);
    const literal = fc.string({ maxLength: 8 }).filter((s) => !s.includes('$'));
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.array(
          fc.oneof(
            literal.map((text) => ({ text })),
            name.map((group) => ({ group })),
          ),
          { maxLength: 8 },
        ),
        (groups, parts) => {
          const template = parts.map((p) => ('text' in p ? p.text : `$<${p.group}>`)).join('');
          const expected = parts
            .map((p) => ('text' in p ? p.text : Object.hasOwn(groups, p.group) ? groups[p.group] : ''))
            .join('');
          expect(substitutePlaceholders(template, groups)).toBe(expected);
          // So no $<known> is left behind unless a group's own value wrote it.
          const output = substitutePlaceholders({ deep: [template] }, groups).deep[0]!;
          if (!Object.values(groups).some((v) => v.includes('$')))
            expect(output).not.toMatch(/\$<[A-Za-z_$][\w$]*>/);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('placeholderNames', () => {
  it('lists the groups a value refers to, deep, once each, in order', () => {
    expect(placeholderNames(SEED_PLACEHOLDER)).toEqual(['itemNo']);
    expect(placeholderNames({ a: '$<b> $<a>', c: ['$<b>', { d: '$<c>' }], e: 1 })).toEqual(['b', 'a', 'c']);
    expect(placeholderNames('no placeholders $ < >')).toEqual([]);
    expect(placeholderNames(null)).toEqual([]);
  });

  it('agrees with substitutePlaceholders: every listed name is substituted (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 3 }),
        (json, names) => {
          const value = [json, names.map((n) => `x$<${n}>y`)];
          const found = placeholderNames(value);
          for (const n of names) expect(found).toContain(n);
          const groups = Object.fromEntries(found.map((n) => [n, '#']));
          expect(placeholderNames(substitutePlaceholders(value, groups))).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
