import type { Attribute, Rgb, Section } from '@unfurlkit/core';

/** One attribute reduced to what a renderer draws: a text, a colour, or a medium at a URL. */
export type Drawable =
  | { kind: 'text'; name: string; text: string; subtype: string; color?: Rgb }
  | { kind: 'color'; name: string; color: Rgb }
  | { kind: 'media'; name: string; subtype: 'image' | 'video' | 'audio' | 'html' | 'pdf'; src: string }
  | { kind: 'relation'; name: string; uri: string };

type MediaSubtype = Extract<Drawable, { kind: 'media' }>['subtype'];

export type SectionedAttributes = Partial<Record<Section, Drawable[]>> & { relations?: Drawable[] };

/**
 * Sorts a validated attribute set into Notion's sections (SPEC §7.2), in set order, so the full card and the
 * mention draw from one reading of the attributes.
 */
export function sectionAttributes(attributes: readonly Attribute[]): SectionedAttributes {
  const sections: SectionedAttributes = {};
  const add = (section: Section | 'relations', drawable: Drawable) => {
    const list = sections[section] ?? [];
    list.push(drawable);
    sections[section] = list;
  };
  for (const attribute of attributes) {
    if (attribute.type === 'relation') {
      add('relations', { kind: 'relation', name: attribute.name, uri: attribute.relation.uri });
      continue;
    }
    if (attribute.type === 'embed') {
      const { src_url: src, ...rest } = attribute.embed;
      const [subtype, placement] = Object.entries(rest)[0] as [MediaSubtype, { section: Section }];
      add(placement.section, { kind: 'media', name: attribute.name, subtype, src });
      continue;
    }
    const [subtype, value] = Object.entries(attribute.inline)[0] as [
      string,
      { value: unknown; section: Section; color?: Rgb },
    ];
    if (subtype === 'color') {
      add(value.section, { kind: 'color', name: attribute.name, color: value.value as Rgb });
    } else {
      const text = formatValue(subtype, value.value as string);
      const drawable: Drawable = { kind: 'text', name: attribute.name, text, subtype };
      if (value.color) drawable.color = value.color;
      add(value.section, drawable);
    }
  }
  return sections;
}

/** Dates as a reader sees them; the value itself was validated by core. */
function formatValue(subtype: string, value: string): string {
  if (subtype === 'date') {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime())
      ? value
      : date.toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
  }
  if (subtype === 'datetime') {
    const date = new Date(value);
    return Number.isNaN(date.getTime())
      ? value
      : `${date.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC`;
  }
  return value;
}

export function rgbCss(color: Rgb, alpha = 1): string {
  // Channels are validated integers 0–255, so this cannot inject CSS.
  return `rgb(${color.r} ${color.g} ${color.b} / ${alpha})`;
}

/** The title text of a set, if it has one. */
export function titleOf(sections: SectionedAttributes): string | undefined {
  const first = sections.title?.[0];
  return first?.kind === 'text' ? first.text : undefined;
}
