/**
 * Where Notion draws each attribute, and which value types each place accepts (SPEC §7.2).
 * Everything else in the attribute layer (types, builders, validator, renderers) derives from this table, so
 * the rule is written once.
 */

/** Value types carried inline, as `{"inline": {"<subtype>": {"value": …, "section": …}}}`. */
export const INLINE_SUBTYPES = ['title', 'plain_text', 'date', 'datetime', 'enum', 'color'] as const;
/** Media types carried as embeds, as `{"embed": {"src_url": …, "<subtype>": {"section": …}}}`. */
export const EMBED_SUBTYPES = ['image', 'video', 'audio', 'html', 'pdf'] as const;

export type InlineSubtype = (typeof INLINE_SUBTYPES)[number];
export type EmbedSubtype = (typeof EMBED_SUBTYPES)[number];
export type Subtype = InlineSubtype | EmbedSubtype;

export const SECTION_SUBTYPES = {
  title: ['title'],
  primary: ['enum', 'date', 'datetime', 'plain_text'],
  secondary: ['date', 'datetime', 'plain_text'],
  identifier: ['image', 'plain_text'],
  entity: ['color', 'image'],
  avatar: ['image', 'plain_text'],
  background: ['color'],
  body: ['plain_text'],
  embed: ['audio', 'html', 'image', 'pdf', 'video'],
} as const satisfies Record<string, readonly Subtype[]>;

export type Section = keyof typeof SECTION_SUBTYPES;
export const SECTIONS = Object.keys(SECTION_SUBTYPES) as Section[];

/** The sections in which a subtype may be drawn, e.g. `SectionOf<'date'>` is `'primary' | 'secondary'`. */
export type SectionOf<S extends Subtype> = {
  [K in Section]: S extends (typeof SECTION_SUBTYPES)[K][number] ? K : never;
}[Section];

export function isSection(value: string): value is Section {
  return Object.hasOwn(SECTION_SUBTYPES, value);
}

export function isInlineSubtype(value: string): value is InlineSubtype {
  return (INLINE_SUBTYPES as readonly string[]).includes(value);
}

export function isEmbedSubtype(value: string): value is EmbedSubtype {
  return (EMBED_SUBTYPES as readonly string[]).includes(value);
}

/** Whether Notion draws `subtype` in `section`. */
export function sectionAllows(section: Section, subtype: Subtype): boolean {
  return (SECTION_SUBTYPES[section] as readonly Subtype[]).includes(subtype);
}

/** The sections that accept `subtype`, for error messages that say what would have been right. */
export function sectionsFor(subtype: Subtype): Section[] {
  return SECTIONS.filter((section) => sectionAllows(section, subtype));
}
