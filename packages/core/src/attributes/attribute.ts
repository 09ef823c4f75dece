import type { SectionOf } from './sections.js';

/**
 * The unfurl attribute, as the protocol carries it (SPEC §5, §7.1). These types are what builders produce and
 * what the validator returns after normalising a received set (with `type` filled in).
 */

/** A colour, each channel an integer 0–255. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export type InlineValue =
  | { title: { value: string; section: SectionOf<'title'> } }
  | { plain_text: { value: string; section: SectionOf<'plain_text'> } }
  | { date: { value: string; section: SectionOf<'date'> } }
  | { datetime: { value: string; section: SectionOf<'datetime'> } }
  | { enum: { value: string; color?: Rgb; section: SectionOf<'enum'> } }
  | { color: { value: Rgb; section: SectionOf<'color'> } };

export type EmbedValue = { src_url: string } & (
  | { image: { section: SectionOf<'image'> } }
  | { video: { section: SectionOf<'video'> } }
  | { audio: { section: SectionOf<'audio'> } }
  | { html: { section: SectionOf<'html'> } }
  | { pdf: { section: SectionOf<'pdf'> } }
);

interface AttributeBase {
  /** Unique within a set; a later attribute with the same id replaces the earlier one. */
  id: string;
  /** The label Notion shows beside the value. */
  name: string;
}

export interface InlineAttribute extends AttributeBase {
  type: 'inline';
  inline: InlineValue;
}

export interface EmbedAttribute extends AttributeBase {
  type: 'embed';
  embed: EmbedValue;
}

/** Undocumented but present in Notion's reference: accepted and kept, never built (SPEC §7.1). */
export interface RelationAttribute extends AttributeBase {
  type: 'relation';
  relation: { uri: string; mention: { section: string } };
}

export type Attribute = InlineAttribute | EmbedAttribute | RelationAttribute;

/** The `{status, message}` Notion shows instead of a preview. */
export interface UnfurlErrorValue {
  status: number;
  message: string;
}
