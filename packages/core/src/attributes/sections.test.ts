import { describe, expect, expectTypeOf, it } from 'vitest';
import { SPEC_EMBED_SUBTYPES, SPEC_INLINE_SUBTYPES, SPEC_SECTION_TABLE } from '../../test/fixtures.js';
import {
  EMBED_SUBTYPES,
  INLINE_SUBTYPES,
  isEmbedSubtype,
  isInlineSubtype,
  isSection,
  SECTION_SUBTYPES,
  SECTIONS,
  type SectionOf,
  sectionAllows,
  sectionsFor,
} from './sections.js';

const sorted = (values: readonly string[]) => [...values].sort();

describe('SECTION_SUBTYPES', () => {
  it('is the table of SPEC §7.2, row for row', () => {
    expect(sorted(SECTIONS)).toEqual(sorted(Object.keys(SPEC_SECTION_TABLE)));
    for (const [section, subtypes] of Object.entries(SPEC_SECTION_TABLE)) {
      expect(sorted(SECTION_SUBTYPES[section as keyof typeof SECTION_SUBTYPES]), section).toEqual(
        sorted(subtypes),
      );
    }
  });

  it('lists the subtypes of SPEC §7.1', () => {
    expect(sorted(INLINE_SUBTYPES)).toEqual(sorted(SPEC_INLINE_SUBTYPES));
    expect(sorted(EMBED_SUBTYPES)).toEqual(sorted(SPEC_EMBED_SUBTYPES));
  });
});

describe('sectionAllows and sectionsFor', () => {
  it('agree with the SPEC table for every (section, subtype) pair', () => {
    for (const section of SECTIONS) {
      for (const subtype of [...INLINE_SUBTYPES, ...EMBED_SUBTYPES]) {
        const expected = SPEC_SECTION_TABLE[section]!.includes(subtype);
        expect(sectionAllows(section, subtype), `${subtype} in ${section}`).toBe(expected);
        expect(sectionsFor(subtype).includes(section), `${subtype} in ${section}`).toBe(expected);
      }
    }
  });

  it('gives the sections of a subtype', () => {
    expect(sorted(sectionsFor('image'))).toEqual(['avatar', 'embed', 'entity', 'identifier']);
    expect(sectionsFor('title')).toEqual(['title']);
    expect(sorted(sectionsFor('color'))).toEqual(['background', 'entity']);
  });
});

describe('guards', () => {
  it('isSection accepts the nine sections and nothing inherited', () => {
    for (const section of Object.keys(SPEC_SECTION_TABLE)) expect(isSection(section)).toBe(true);
    for (const other of ['footer', 'Title', '', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isSection(other), other).toBe(false);
    }
  });

  it('isInlineSubtype and isEmbedSubtype split the subtypes', () => {
    for (const subtype of SPEC_INLINE_SUBTYPES) {
      expect(isInlineSubtype(subtype)).toBe(true);
      expect(isEmbedSubtype(subtype)).toBe(false);
    }
    for (const subtype of SPEC_EMBED_SUBTYPES) {
      expect(isEmbedSubtype(subtype)).toBe(true);
      expect(isInlineSubtype(subtype)).toBe(false);
    }
    expect(isInlineSubtype('relation')).toBe(false);
    expect(isEmbedSubtype('relation')).toBe(false);
  });
});

describe('SectionOf (compile-time, checked when the tests are type-checked)', () => {
  it('maps a subtype to the sections that accept it', () => {
    expectTypeOf<SectionOf<'date'>>().toEqualTypeOf<'primary' | 'secondary'>();
    expectTypeOf<SectionOf<'title'>>().toEqualTypeOf<'title'>();
    expectTypeOf<SectionOf<'plain_text'>>().toEqualTypeOf<
      'primary' | 'secondary' | 'identifier' | 'avatar' | 'body'
    >();
    expectTypeOf<SectionOf<'image'>>().toEqualTypeOf<'identifier' | 'entity' | 'avatar' | 'embed'>();
    expectTypeOf<SectionOf<'color'>>().toEqualTypeOf<'entity' | 'background'>();
  });
});
