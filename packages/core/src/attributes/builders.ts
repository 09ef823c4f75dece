import { UnfurlkitError } from '../errors/unfurlkit-error.js';
import { formatIssues } from '../validation/validation-issue.js';
import type { Attribute, EmbedAttribute, InlineAttribute, Rgb } from './attribute.js';
import type { EmbedSubtype, SectionOf } from './sections.js';
import { rememberedValid, rememberValid } from './valid-attribute-memo.js';
import { validateAttributes } from './validate-attributes.js';

/**
 * Typed builders for unfurl attributes. The section parameter only accepts the sections Notion allows for that
 * value type (a compile-time check), and each builder checks the value at run time (a date that is not a date,
 * a colour channel of 300), throwing `UNFURLKIT_ATTRIBUTE_INVALID` where the mistake is made rather than
 * when Notion refuses the set.
 */

interface Labelled {
  /** Unique within the set. */
  id: string;
  /** The label Notion shows. */
  name: string;
}

function checked<T extends Attribute>(attribute: T): T {
  // An attribute with this very JSON text was found valid before: the same verdict (valid-attribute-memo.ts).
  const { known, key } = rememberedValid(attribute);
  if (known) return attribute;
  // A lone attribute lacks title/dev by nature: only its own errors count here.
  const report = validateAttributes([attribute], { mode: 'send' });
  const own = report.errors.filter((issue) => issue.path.length > 0);
  if (own.length > 0) {
    throw new UnfurlkitError(
      'UNFURLKIT_ATTRIBUTE_INVALID',
      `attribute "${attribute.id}": ${formatIssues(own)}`,
    );
  }
  rememberValid(key);
  return attribute;
}

function inline<T extends InlineAttribute['inline']>(id: string, name: string, value: T): InlineAttribute {
  return checked({ id, name, type: 'inline', inline: value });
}

/**
 * The required title, drawn as the preview's heading.
 * @example title('Fix login bug') // {id:"title", name:"Title", type:"inline", inline:{title:{value:"Fix login bug", section:"title"}}}
 */
export function title(value: string, label: Partial<Labelled> = {}): InlineAttribute {
  return inline(label.id ?? 'title', label.name ?? 'Title', { title: { value, section: 'title' } });
}

/**
 * The required `dev` attribute: the developer or company behind the preview.
 * @example dev('Acme Inc')
 */
export function dev(value: string, name = 'Developer Name'): InlineAttribute {
  return inline('dev', name, { plain_text: { value, section: 'secondary' } });
}

/**
 * Plain text (may hold `\n`).
 * @example plainText({ id: 'owner', name: 'Owner', value: 'alice', section: 'primary' })
 */
export function plainText(
  options: Labelled & { value: string; section: SectionOf<'plain_text'> },
): InlineAttribute {
  return inline(options.id, options.name, { plain_text: { value: options.value, section: options.section } });
}

/** The ISO-8601 form of a Date, refusing an Invalid Date (whose `toISOString` throws a bare RangeError). */
function isoOf(value: Date, id: string): string {
  if (Number.isNaN(value.getTime())) {
    throw new UnfurlkitError('UNFURLKIT_ATTRIBUTE_INVALID', `attribute "${id}": the Date is invalid`);
  }
  return value.toISOString();
}

/** `YYYY-MM-DD` of a Date in UTC, or the string as given. */
function toIsoDate(value: string | Date, id: string): string {
  return value instanceof Date ? isoOf(value, id).slice(0, 10) : value;
}

/**
 * A calendar date, `YYYY-MM-DD` (a `Date` is taken in UTC).
 * @example date({ id: 'due', name: 'Due', value: '2024-05-01', section: 'secondary' })
 */
export function date(
  options: Labelled & { value: string | Date; section: SectionOf<'date'> },
): InlineAttribute {
  return inline(options.id, options.name, {
    date: { value: toIsoDate(options.value, options.id), section: options.section },
  });
}

/**
 * A point in time, ISO-8601.
 * @example datetime({ id: 'updated', name: 'Updated', value: new Date(), section: 'secondary' })
 */
export function datetime(
  options: Labelled & { value: string | Date; section: SectionOf<'datetime'> },
): InlineAttribute {
  const value = options.value instanceof Date ? isoOf(options.value, options.id) : options.value;
  return inline(options.id, options.name, { datetime: { value, section: options.section } });
}

/**
 * A status-like value, optionally coloured.
 * @example enumValue({ id: 'status', name: 'Status', value: 'Open', color: '#2f9e44' })
 */
export function enumValue(
  options: Labelled & { value: string; color?: Rgb | string; section?: SectionOf<'enum'> },
): InlineAttribute {
  const value: { value: string; color?: Rgb; section: SectionOf<'enum'> } = {
    value: options.value,
    section: options.section ?? 'primary',
  };
  if (options.color !== undefined) value.color = toRgb(options.color);
  return inline(options.id, options.name, { enum: value });
}

/**
 * A colour swatch: the preview's background or the small entity icon.
 * @example color({ id: 'color', name: 'Color', value: '#eb4034', section: 'background' })
 */
export function color(
  options: Labelled & { value: Rgb | string; section: SectionOf<'color'> },
): InlineAttribute {
  return inline(options.id, options.name, {
    color: { value: toRgb(options.value), section: options.section },
  });
}

/** `#rgb` or `#rrggbb` to `{r,g,b}`; an `{r,g,b}` passes through (and is checked by the validator). */
export function toRgb(value: Rgb | string): Rgb {
  if (typeof value !== 'string') return value;
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value);
  if (!match)
    throw new UnfurlkitError('UNFURLKIT_ATTRIBUTE_INVALID', `"${value}" is not a #rgb or #rrggbb colour`);
  const hex = match[1]!.length === 3 ? [...match[1]!].map((c) => c + c).join('') : match[1]!;
  return {
    r: Number.parseInt(hex.slice(0, 2), 16),
    g: Number.parseInt(hex.slice(2, 4), 16),
    b: Number.parseInt(hex.slice(4, 6), 16),
  };
}

type EmbedOptions<S extends EmbedSubtype> = Labelled & { src: string; section?: SectionOf<S> };

function embed<S extends EmbedSubtype>(subtype: S, options: EmbedOptions<S>): EmbedAttribute {
  const placement = { section: options.section ?? 'embed' };
  return checked({
    id: options.id,
    name: options.name,
    type: 'embed',
    embed: { src_url: options.src, [subtype]: placement } as EmbedAttribute['embed'],
  });
}

/**
 * An image: the large embed (default), or the identifier, entity icon or avatar.
 * @example image({ id: 'avatar', name: 'Owner', src: 'https://acme.com/a.png', section: 'avatar' })
 */
export function image(options: EmbedOptions<'image'>): EmbedAttribute {
  return embed('image', options);
}

/** @example video({ id: 'clip', name: 'Clip', src: 'https://acme.com/clip.mp4' }) */
export function video(options: EmbedOptions<'video'>): EmbedAttribute {
  return embed('video', options);
}

/** @example audio({ id: 'memo', name: 'Memo', src: 'https://acme.com/memo.mp3' }) */
export function audio(options: EmbedOptions<'audio'>): EmbedAttribute {
  return embed('audio', options);
}

/**
 * A page drawn in an iframe. The person is already authenticated: it must not ask them to sign in.
 * @example html({ id: 'chart', name: 'Chart', src: 'https://acme.com/embed/chart/1' })
 */
export function html(options: EmbedOptions<'html'>): EmbedAttribute {
  return embed('html', options);
}

/** @example pdf({ id: 'invoice', name: 'Invoice', src: 'https://acme.com/invoices/1.pdf' }) */
export function pdf(options: EmbedOptions<'pdf'>): EmbedAttribute {
  return embed('pdf', options);
}
