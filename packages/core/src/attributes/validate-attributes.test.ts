import { describe, expect, it } from 'vitest';
import {
  clone,
  DEV,
  GUMROAD_ANSWER,
  rawAttribute,
  SEED_PLACEHOLDER,
  SPEC_EMBED_SUBTYPES,
  SPEC_INLINE_SUBTYPES,
  SPEC_SECTION_TABLE,
  SPEC_UNFURL_ANSWER,
  TITLE,
} from '../../test/fixtures.js';
import { formatJsonPath, type ValidationIssue } from '../validation/validation-issue.js';
import { LIMITS } from './limits.js';
import { validateAttributes } from './validate-attributes.js';

/** `code $.path` per issue: one string says both what and where. */
function located(issues: readonly ValidationIssue[]): string[] {
  return issues.map((issue) => `${issue.code} ${formatJsonPath(issue.path)}`);
}

/** A set with the required title and dev, then `extra` at index 2 onwards. */
function withRequired(...extra: unknown[]): unknown[] {
  return [clone(TITLE), clone(DEV), ...extra];
}

const SECTIONS = Object.keys(SPEC_SECTION_TABLE);
const SUBTYPES = [...SPEC_INLINE_SUBTYPES, ...SPEC_EMBED_SUBTYPES];
const ALLOWED = SECTIONS.flatMap((section) =>
  SPEC_SECTION_TABLE[section]!.map((subtype) => ({ section, subtype })),
);
const DISALLOWED = SECTIONS.flatMap((section) =>
  SUBTYPES.filter((subtype) => !SPEC_SECTION_TABLE[section]!.includes(subtype)).map((subtype) => ({
    section,
    subtype,
  })),
);

describe('validateAttributes: the section × subtype table (SPEC §7.2)', () => {
  it('covers all 9 sections × 11 subtypes between the allowed and the refused cases', () => {
    expect(ALLOWED.length).toBe(21);
    expect(ALLOWED.length + DISALLOWED.length).toBe(9 * 11);
  });

  it.each(ALLOWED)(
    'accepts $subtype in section $section and returns it unchanged',
    ({ section, subtype }) => {
      const attribute = rawAttribute('x', subtype, section);
      const report = validateAttributes(withRequired(attribute), { mode: 'send' });
      expect(report.errors).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.attributes).toHaveLength(3);
      expect(report.attributes[2]).toEqual(attribute);
    },
  );

  it.each(DISALLOWED)(
    'refuses $subtype in section $section, naming the allowed sections',
    ({ section, subtype }) => {
      const report = validateAttributes(withRequired(rawAttribute('x', subtype, section)), { mode: 'send' });
      expect(report.ok).toBe(false);
      const carrier = (SPEC_EMBED_SUBTYPES as readonly string[]).includes(subtype) ? 'embed' : 'inline';
      const issue = report.errors.find((e) => e.code === 'section_not_allowed');
      expect(issue).toBeDefined();
      expect(formatJsonPath(issue!.path)).toBe(`$[2].${carrier}.${subtype}.section`);
      const allowedSections = SECTIONS.filter((s) => SPEC_SECTION_TABLE[s]!.includes(subtype));
      expect(allowedSections.length).toBeGreaterThan(0);
      for (const allowed of allowedSections) expect(issue!.message).toContain(`"${allowed}"`);
      expect(issue!.message).toContain(section);
      // The refused attribute is dropped from the normalised set.
      expect(report.attributes.map((a) => a.id)).not.toContain('x');
    },
  );

  it('refuses an unknown section, saying where the subtype may go', () => {
    const report = validateAttributes(withRequired(rawAttribute('x', 'date', 'footer')), { mode: 'receive' });
    expect(located(report.errors)).toEqual(['unknown_section $[2].inline.date.section']);
    expect(report.errors[0]!.message).toContain('"primary", "secondary"');
  });

  it('refuses a section that is not a string', () => {
    const attribute = rawAttribute('x', 'plain_text', 'body');
    (attribute.inline as { plain_text: { section: unknown } }).plain_text.section = 3;
    const report = validateAttributes(withRequired(attribute), { mode: 'send' });
    expect(located(report.errors)).toEqual(['invalid_type $[2].inline.plain_text.section']);
  });

  it('refuses a prototype name as section', () => {
    const report = validateAttributes(withRequired(rawAttribute('x', 'plain_text', 'constructor')), {
      mode: 'send',
    });
    expect(located(report.errors)).toEqual(['unknown_section $[2].inline.plain_text.section']);
  });
});

describe('validateAttributes: carriers and subtypes', () => {
  it('refuses an unknown inline subtype and lists the known ones', () => {
    const report = validateAttributes(
      withRequired({
        id: 'x',
        name: 'X',
        type: 'inline',
        inline: { number: { value: 3, section: 'primary' } },
      }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['unknown_subtype $[2].inline.number']);
    expect(report.errors[0]!.message).toContain('plain_text');
  });

  it('points an embed subtype used inline at the embed form', () => {
    const report = validateAttributes(
      withRequired({ id: 'x', name: 'X', type: 'inline', inline: { image: { section: 'embed' } } }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['unknown_subtype $[2].inline.image']);
    expect(report.errors[0]!.message).toContain('src_url');
  });

  it('refuses an unknown embed subtype', () => {
    const report = validateAttributes(
      withRequired({
        id: 'x',
        name: 'X',
        type: 'embed',
        embed: { src_url: 'https://acme.com/a.gif', gif: { section: 'embed' } },
      }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['unknown_subtype $[2].embed.gif']);
  });

  it('refuses inline with two subtypes', () => {
    const report = validateAttributes(
      withRequired({
        id: 'x',
        name: 'X',
        type: 'inline',
        inline: {
          plain_text: { value: 'a', section: 'primary' },
          date: { value: '2024-05-01', section: 'primary' },
        },
      }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['subtype_count $[2].inline']);
    expect(report.errors[0]!.message).toContain('found 2');
  });

  it('refuses an empty inline', () => {
    const report = validateAttributes(withRequired({ id: 'x', name: 'X', type: 'inline', inline: {} }), {
      mode: 'send',
    });
    expect(located(report.errors)).toEqual(['subtype_count $[2].inline']);
  });

  it('refuses an embed with two subtypes', () => {
    const report = validateAttributes(
      withRequired({
        id: 'x',
        name: 'X',
        type: 'embed',
        embed: { src_url: 'https://acme.com/a', image: { section: 'embed' }, video: { section: 'embed' } },
      }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['subtype_count $[2].embed']);
  });

  it('refuses an embed without src_url', () => {
    const report = validateAttributes(
      withRequired({ id: 'x', name: 'X', type: 'embed', embed: { image: { section: 'embed' } } }),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual(['invalid_type $[2].embed.src_url']);
    expect(report.errors[0]!.message).toContain('http(s) URL');
  });

  it.each([
    'ftp://acme.com/a.png',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    '/relative/a.png',
    'acme.com/a.png',
    '',
  ])('refuses the embed src_url %j', (srcUrl) => {
    const report = validateAttributes(
      withRequired({
        id: 'x',
        name: 'X',
        type: 'embed',
        embed: { src_url: srcUrl, pdf: { section: 'embed' } },
      }),
      { mode: 'send' },
    );
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toContain('custom $[2].embed.src_url');
  });

  it('refuses an attribute with no carrier, or with two', () => {
    const report = validateAttributes(
      withRequired(
        { id: 'none', name: 'None' },
        {
          id: 'both',
          name: 'Both',
          inline: { plain_text: { value: 'a', section: 'body' } },
          embed: { src_url: 'https://acme.com/a', image: { section: 'embed' } },
        },
      ),
      { mode: 'receive' },
    );
    expect(located(report.errors)).toEqual(['carrier_count $[2]', 'carrier_count $[3]']);
    expect(report.errors[1]!.message).toContain('inline and embed');
  });

  it.each([null, 'title', 42, [], [TITLE]])('refuses the attribute %j', (candidate) => {
    const report = validateAttributes([clone(TITLE), clone(DEV), candidate], { mode: 'receive' });
    expect(report.ok).toBe(false);
    expect(report.errors.some((e) => formatJsonPath(e.path).startsWith('$[2]'))).toBe(true);
  });

  it.each([{}, 'x', null, undefined, 1])('refuses a set that is not an array: %j', (input) => {
    const report = validateAttributes(input, { mode: 'receive' });
    expect(report).toEqual({
      ok: false,
      attributes: [],
      errors: [expect.objectContaining({ code: 'not_an_array', path: [] })],
      warnings: [],
    });
  });
});

describe('validateAttributes: values', () => {
  const dateAttribute = (value: unknown) => ({
    id: 'due',
    name: 'Due',
    type: 'inline',
    inline: { date: { value, section: 'primary' } },
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '24-1-1',
    '2024-5-1',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-05-01T12:00:00Z',
    '01/05/2024',
    '',
    20240501,
  ])('refuses the date %j at $[2].inline.date.value', (value) => {
    const report = validateAttributes(withRequired(dateAttribute(value)), { mode: 'send' });
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => formatJsonPath(e.path))).toEqual(['$[2].inline.date.value']);
  });

  it.each(['2024-02-29', '2000-02-29', '1999-12-31', '2024-05-01'])('accepts the date %s', (value) => {
    expect(validateAttributes(withRequired(dateAttribute(value)), { mode: 'send' }).errors).toEqual([]);
  });

  const datetimeAttribute = (value: unknown) => ({
    id: 'at',
    name: 'At',
    type: 'inline',
    inline: { datetime: { value, section: 'secondary' } },
  });

  it.each([
    '2024-05-01',
    'yesterday',
    '2024-02-30T12:00:00Z',
    '2024-05-01T25:00:00Z',
    '2024-05-01 12:00:00Z',
    1714564800000,
  ])('refuses the datetime %j', (value) => {
    const report = validateAttributes(withRequired(datetimeAttribute(value)), { mode: 'send' });
    expect(report.errors.map((e) => formatJsonPath(e.path))).toEqual(['$[2].inline.datetime.value']);
  });

  it.each([
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00:00.123Z',
    '2024-05-01T12:00:00+02:00',
    '2024-05-01T12:00:00-08:00',
  ])('accepts the datetime %s', (value) => {
    expect(validateAttributes(withRequired(datetimeAttribute(value)), { mode: 'send' }).errors).toEqual([]);
  });

  const colorAttribute = (value: unknown) => ({
    id: 'c',
    name: 'C',
    type: 'inline',
    inline: { color: { value, section: 'background' } },
  });

  it.each([
    [{ r: 256, g: 0, b: 0 }, ['$[2].inline.color.value.r']],
    [{ r: 0, g: -1, b: 0 }, ['$[2].inline.color.value.g']],
    [{ r: 0, g: 0, b: 1.5 }, ['$[2].inline.color.value.b']],
    [{ r: '255', g: 0, b: 0 }, ['$[2].inline.color.value.r']],
    [{ r: 0, g: 0 }, ['$[2].inline.color.value.b']],
    [
      { r: 300, g: 0.5, b: -3 },
      ['$[2].inline.color.value.r', '$[2].inline.color.value.g', '$[2].inline.color.value.b'],
    ],
    ['#ff0000', ['$[2].inline.color.value']],
  ])('refuses the colour %j at %j', (value, paths) => {
    const report = validateAttributes(withRequired(colorAttribute(value)), { mode: 'send' });
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => formatJsonPath(e.path))).toEqual(paths);
  });

  it('refuses a colour with a fourth channel', () => {
    const report = validateAttributes(withRequired(colorAttribute({ r: 1, g: 2, b: 3, a: 4 })), {
      mode: 'send',
    });
    expect(report.ok).toBe(false);
    expect(formatJsonPath(report.errors[0]!.path)).toMatch(/^\$\[2\]\.inline\.color\.value/);
  });

  it('accepts the colour channel bounds 0 and 255', () => {
    const report = validateAttributes(withRequired(colorAttribute({ r: 0, g: 255, b: 128 })), {
      mode: 'send',
    });
    expect(report.errors).toEqual([]);
  });

  it('checks the optional colour of an enum', () => {
    const enumAttribute = (color: unknown) => ({
      id: 'status',
      name: 'Status',
      type: 'inline',
      inline: { enum: { value: 'Open', color, section: 'primary' } },
    });
    expect(validateAttributes(withRequired(enumAttribute({ r: 1, g: 2, b: 3 })), { mode: 'send' }).ok).toBe(
      true,
    );
    const report = validateAttributes(withRequired(enumAttribute({ r: 1, g: 2, b: 999 })), { mode: 'send' });
    expect(report.errors.map((e) => formatJsonPath(e.path))).toEqual(['$[2].inline.enum.color.b']);
  });

  it('refuses an empty title and a title that is not a string', () => {
    const empty = validateAttributes(
      [{ ...clone(TITLE), inline: { title: { value: '', section: 'title' } } }, clone(DEV)],
      { mode: 'send' },
    );
    expect(located(empty.errors)).toEqual(['too_small $[0].inline.title.value', 'missing_title $']);
    const number = validateAttributes(
      [{ ...clone(TITLE), inline: { title: { value: 7, section: 'title' } } }, clone(DEV)],
      { mode: 'send' },
    );
    expect(located(number.errors)).toEqual(['invalid_type $[0].inline.title.value', 'missing_title $']);
    // A value of the wrong type gets one issue, not also a length one (zod 4 runs length checks on arrays).
    const array = validateAttributes(
      [{ ...clone(TITLE), inline: { title: { value: [], section: 'title' } } }, clone(DEV)],
      { mode: 'send' },
    );
    expect(located(array.errors)).toEqual(['invalid_type $[0].inline.title.value', 'missing_title $']);
  });

  it('keeps newlines in plain_text', () => {
    const report = validateAttributes(withRequired(rawAttribute('body', 'plain_text', 'body')), {
      mode: 'send',
    });
    expect(report.attributes[2]).toMatchObject({ inline: { plain_text: { value: 'line one\nline two' } } });
  });

  it('refuses an empty id and ids or names that are not strings', () => {
    const report = validateAttributes(
      withRequired(
        { ...rawAttribute('x', 'plain_text', 'body'), id: '' },
        { ...rawAttribute('x', 'plain_text', 'body'), id: 5 },
        { ...rawAttribute('y', 'plain_text', 'body'), name: null },
      ),
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual([
      'too_small $[2].id',
      'invalid_type $[3].id',
      'invalid_type $[4].name',
    ]);
  });
});

describe('validateAttributes: caps (SPEC §7.2)', () => {
  const filler = (count: number) =>
    Array.from({ length: count }, (_, i) => rawAttribute(`a${i}`, 'plain_text', 'body'));

  it('accepts 100 attributes and refuses 101', () => {
    const hundred = validateAttributes(withRequired(...filler(98)), { mode: 'send' });
    expect(hundred.ok).toBe(true);
    expect(hundred.attributes).toHaveLength(LIMITS.maxAttributes);
    const report = validateAttributes(withRequired(...filler(99)), { mode: 'send' });
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual(['too_many_attributes $']);
    expect(report.errors[0]!.message).toContain('101');
  });

  const long = (n: number) => 'x'.repeat(n);

  it.each([
    [
      'title value',
      (s: string) => ({ ...clone(TITLE), inline: { title: { value: s, section: 'title' } } }),
      '$[0].inline.title.value',
    ],
    ['id', (s: string) => ({ ...clone(TITLE), id: s }), '$[0].id'],
    ['name', (s: string) => ({ ...clone(TITLE), name: s }), '$[0].name'],
    [
      'plain_text value',
      (s: string) => ({ ...clone(TITLE), inline: { plain_text: { value: s, section: 'body' } } }),
      '$[0].inline.plain_text.value',
    ],
    [
      'enum value',
      (s: string) => ({ ...clone(TITLE), inline: { enum: { value: s, section: 'primary' } } }),
      '$[0].inline.enum.value',
    ],
  ])('caps the %s at 2,000 characters', (_, make, path) => {
    const ok = validateAttributes([make(long(2_000)), clone(TITLE), clone(DEV)], { mode: 'send' });
    expect(ok.errors).toEqual([]);
    const report = validateAttributes([make(long(2_001)), clone(TITLE), clone(DEV)], { mode: 'send' });
    expect(located(report.errors)).toContain(`string_too_long ${path}`);
  });

  it('caps a section name at 2,000 characters, a relation mention included', () => {
    const relation = (section: string) => ({
      id: 'r',
      name: 'R',
      type: 'relation',
      relation: { uri: 'https://acme.com/1', mention: { section } },
    });
    expect(validateAttributes(withRequired(relation(long(2_000))), { mode: 'send' }).ok).toBe(true);
    const report = validateAttributes(
      withRequired(relation(long(2_001)), {
        id: 'x',
        name: 'X',
        type: 'inline',
        inline: { plain_text: { value: 'v', section: long(2_001) } },
      }),
      { mode: 'send' },
    );
    // A section Notion does not know is refused whatever its length; a relation's is only capped.
    expect(located(report.errors)).toEqual([
      'string_too_long $[2].relation.mention.section',
      'unknown_section $[3].inline.plain_text.section',
    ]);
  });

  it('caps src_url and a relation uri at 2,000 characters', () => {
    const url = (n: number) => `https://acme.com/${'a'.repeat(n - 'https://acme.com/'.length)}`;
    expect(url(2_000)).toHaveLength(2_000);
    const embed = (src: string) => ({
      id: 'e',
      name: 'E',
      type: 'embed',
      embed: { src_url: src, image: { section: 'embed' } },
    });
    const relation = (uri: string) => ({
      id: 'r',
      name: 'R',
      type: 'relation',
      relation: { uri, mention: { section: 'primary' } },
    });
    expect(
      validateAttributes(withRequired(embed(url(2_000)), relation(url(2_000))), { mode: 'send' }).ok,
    ).toBe(true);
    const report = validateAttributes(withRequired(embed(url(2_001)), relation(url(2_001))), {
      mode: 'send',
    });
    expect(located(report.errors)).toEqual([
      'string_too_long $[2].embed.src_url',
      'string_too_long $[3].relation.uri',
    ]);
  });
});

describe('validateAttributes: required attributes and modes', () => {
  it.each(['send', 'receive'] as const)('makes a missing title an error in %s mode', (mode) => {
    const report = validateAttributes([clone(DEV)], { mode });
    expect(report.ok).toBe(false);
    expect(located(report.errors)).toEqual(['missing_title $']);
  });

  it('counts only a title in section title: a title attribute refused for its section leaves the set without one', () => {
    const report = validateAttributes(
      [{ ...clone(TITLE), inline: { title: { value: 'T', section: 'primary' } } }, clone(DEV)],
      { mode: 'receive' },
    );
    expect(located(report.errors)).toEqual([
      'section_not_allowed $[0].inline.title.section',
      'missing_title $',
    ]);
  });

  it('makes a missing dev an error in send mode and a warning in receive mode', () => {
    const send = validateAttributes([clone(TITLE)], { mode: 'send' });
    expect(send.ok).toBe(false);
    expect(located(send.errors)).toEqual(['missing_dev $']);
    expect(send.warnings).toEqual([]);

    const receive = validateAttributes([clone(TITLE)], { mode: 'receive' });
    expect(receive.ok).toBe(true);
    expect(receive.errors).toEqual([]);
    expect(located(receive.warnings)).toEqual(['missing_dev $']);
    expect(receive.attributes).toEqual([TITLE]);
  });

  it.each([
    [
      'in the wrong section',
      { ...clone(DEV), inline: { plain_text: { value: 'Acme Inc', section: 'primary' } } },
    ],
    ['of the wrong subtype', { ...clone(DEV), inline: { enum: { value: 'Acme Inc', section: 'primary' } } }],
    [
      'an embed',
      {
        id: 'dev',
        name: 'Dev',
        type: 'embed',
        embed: { src_url: 'https://acme.com', image: { section: 'avatar' } },
      },
    ],
  ])('reports a dev attribute %s (error when sending, warning when receiving)', (_, devAttribute) => {
    const send = validateAttributes([clone(TITLE), devAttribute], { mode: 'send' });
    expect(located(send.errors)).toEqual(['dev_shape $[1]']);
    const receive = validateAttributes([clone(TITLE), devAttribute], { mode: 'receive' });
    expect(receive.ok).toBe(true);
    expect(located(receive.warnings)).toEqual(['dev_shape $[1]']);
  });

  it('infers a missing type from the carrier, with a warning, in both modes', () => {
    const { type: _, ...untyped } = rawAttribute('e', 'image', 'avatar');
    for (const mode of ['send', 'receive'] as const) {
      const report = validateAttributes(withRequired(untyped), { mode });
      expect(report.ok).toBe(true);
      expect(located(report.warnings)).toEqual(['missing_type $[2].type']);
      expect(report.warnings[0]!.message).toContain('"embed"');
      expect(report.attributes[2]).toEqual({ ...untyped, type: 'embed' });
    }
  });

  it.each([
    ['embed', rawAttribute('x', 'plain_text', 'body')],
    ['inline', rawAttribute('x', 'image', 'embed')],
    ['relation', rawAttribute('x', 'plain_text', 'body')],
  ])('refuses type %j contradicting the carrier', (type, attribute) => {
    for (const mode of ['send', 'receive'] as const) {
      const report = validateAttributes(withRequired({ ...attribute, type }), { mode });
      expect(report.ok).toBe(false);
      expect(located(report.errors)).toEqual(['type_mismatch $[2].type']);
      expect(report.attributes.map((a) => a.id)).toEqual(['title', 'dev']);
    }
  });

  it('refuses an unknown type', () => {
    const report = validateAttributes(
      withRequired({ ...rawAttribute('x', 'plain_text', 'body'), type: 'block' }),
      {
        mode: 'receive',
      },
    );
    expect(located(report.errors)).toEqual(['invalid_value $[2].type']);
  });

  it('lets a later attribute with the same id replace the earlier one, with a warning', () => {
    const first = {
      id: 'status',
      name: 'Status',
      type: 'inline',
      inline: { enum: { value: 'Open', section: 'primary' } },
    };
    const second = {
      id: 'status',
      name: 'Status',
      type: 'inline',
      inline: { enum: { value: 'Closed', section: 'primary' } },
    };
    const report = validateAttributes(withRequired(first, second), { mode: 'send' });
    expect(report.ok).toBe(true);
    expect(located(report.warnings)).toEqual(['duplicate_id $[3]']);
    expect(report.warnings[0]!.message).toContain('attribute 2');
    expect(report.attributes).toHaveLength(3);
    expect(report.attributes.filter((a) => a.id === 'status')).toEqual([second]);
  });

  it('replaces a duplicated title by the later one', () => {
    const later = { ...clone(TITLE), inline: { title: { value: 'Later', section: 'title' } } };
    const report = validateAttributes([clone(TITLE), clone(DEV), later], { mode: 'send' });
    expect(report.ok).toBe(true);
    expect(report.attributes.filter((a) => a.id === 'title')).toEqual([later]);
    expect(report.warnings.map((w) => w.code)).toEqual(['duplicate_id']);
  });

  it('warns when a set has several titles under different ids', () => {
    const second = { ...clone(TITLE), id: 'title2' };
    const report = validateAttributes([clone(TITLE), clone(DEV), second], { mode: 'send' });
    expect(report.ok).toBe(true);
    expect(located(report.warnings)).toEqual(['several_titles $']);
  });

  it('accepts and keeps a relation attribute (SPEC §7.1)', () => {
    const relation = {
      id: 'parent',
      name: 'Parent',
      type: 'relation',
      relation: { uri: 'https://acme.com/items/1', mention: { section: 'primary' } },
    };
    const report = validateAttributes(withRequired(relation), { mode: 'send' });
    expect(report.ok).toBe(true);
    expect(report.attributes[2]).toEqual(relation);

    const { type: _, ...untyped } = relation;
    const inferred = validateAttributes(withRequired(untyped), { mode: 'receive' });
    expect(inferred.attributes[2]).toEqual(relation);
    expect(located(inferred.warnings)).toEqual(['missing_type $[2].type']);
  });

  it('checks a relation uri and mention', () => {
    const report = validateAttributes(
      withRequired({ id: 'p', name: 'P', type: 'relation', relation: { uri: 'not a uri', mention: {} } }),
      { mode: 'receive' },
    );
    expect(located(report.errors)).toEqual([
      'custom $[2].relation.uri',
      'invalid_type $[2].relation.mention.section',
    ]);
  });

  it('reports every problem, each at its own path', () => {
    const report = validateAttributes(
      [
        clone(TITLE),
        rawAttribute('a', 'date', 'body'),
        clone(DEV),
        { id: 'b', name: 'B', type: 'inline', inline: { date: { value: '2024-02-30', section: 'primary' } } },
        rawAttribute('c', 'video', 'avatar'),
      ],
      { mode: 'send' },
    );
    expect(located(report.errors)).toEqual([
      'section_not_allowed $[1].inline.date.section',
      'invalid_format $[3].inline.date.value',
      'section_not_allowed $[4].embed.video.section',
    ]);
    expect(report.attributes.map((a) => a.id)).toEqual(['title', 'dev']);
  });

  it('prefixes every path with options.path', () => {
    const report = validateAttributes([rawAttribute('a', 'date', 'body'), clone(DEV)], {
      mode: 'send',
      path: ['operations', 0, 'set'],
    });
    expect(located(report.errors)).toEqual([
      'section_not_allowed $.operations[0].set[0].inline.date.section',
      'missing_title $.operations[0].set',
    ]);
  });
});

describe('validateAttributes: payloads from the protocol documents', () => {
  it('accepts the SPEC §3 answer set in send mode, without warnings', () => {
    const set = SPEC_UNFURL_ANSWER.operations[0]!.set;
    const report = validateAttributes(clone(set), { mode: 'send' });
    expect(report).toEqual({ ok: true, attributes: set, errors: [], warnings: [] });
  });

  it("accepts Gumroad's set (SPEC §7.5) in receive mode with warnings only", () => {
    const set = GUMROAD_ANSWER.operations[0]!.set;
    const report = validateAttributes(clone(set), { mode: 'receive' });
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(located(report.warnings)).toEqual([
      'missing_type $[0].type',
      'missing_type $[6].type',
      'missing_dev $',
    ]);
    expect(report.attributes).toHaveLength(7);
    expect(report.attributes[0]).toMatchObject({ id: 'title', type: 'inline' });
    expect(report.attributes[6]).toMatchObject({ id: 'media', type: 'embed' });
  });

  it("refuses Gumroad's set in send mode (dev is required in what unfurlkit sends)", () => {
    const report = validateAttributes(clone(GUMROAD_ANSWER.operations[0]!.set), { mode: 'send' });
    expect(located(report.errors)).toEqual(['missing_dev $']);
  });

  it("accepts the seed's placeholder attributes as they are written, with $<itemNo> unsubstituted", () => {
    const report = validateAttributes(clone(SEED_PLACEHOLDER), { mode: 'send' });
    expect(report).toEqual({ ok: true, attributes: SEED_PLACEHOLDER, errors: [], warnings: [] });
  });
});
