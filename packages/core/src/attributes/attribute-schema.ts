import { z } from 'zod';

/**
 * Structural zod schemas of one attribute's parts. They check shapes and value formats only; which section may
 * hold which subtype, required attributes and duplicates are set-level rules in `validate-attributes.ts`, and
 * what Notion tolerates but unfurlkit does not (lengths, a missing name, a datetime without offset, a relation
 * uri that is not http) is judged per mode in `tolerances.ts`.
 */

const text = z.string();
const channel = z.int('a colour channel is an integer 0–255').min(0).max(255);

export const rgbSchema = z.object({ r: channel, g: channel, b: channel }).strict();

/** An http(s) URL the WHATWG parser accepts, capped in length. */
export const webUrlSchema = z.string('must be an absolute http(s) URL').refine((value) => {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}, 'must be an absolute http(s) URL');

const section = z.string('section must be a string');

/** The value schema of each inline subtype, keyed by subtype. */
export const inlineValueSchemas = {
  title: z.object({ value: text.min(1, 'a title cannot be empty'), section }),
  plain_text: z.object({ value: text, section }),
  date: z.object({ value: z.iso.date('a date is YYYY-MM-DD'), section }),
  datetime: z.object({
    // Without an offset too: Notion draws it; `tolerances.ts` says what is missing.
    value: z.iso.datetime({
      offset: true,
      local: true,
      message: 'a datetime is an ISO-8601 timestamp, e.g. 2024-05-01T12:00:00Z',
    }),
    section,
  }),
  enum: z.object({ value: text, color: rgbSchema.optional(), section }),
  color: z.object({ value: rgbSchema, section }),
} as const;

/** The `{"section": …}` object beside `src_url` in an embed. */
export const embedPlacementSchema = z.object({ section });

/** Any absolute URI (Notion's own reference example is `acme:item_state/open`). */
export const relationValueSchema = z.object({
  uri: z
    .string('a relation uri is a string')
    .refine((value) => URL.canParse(value), 'a relation uri is an absolute URI, e.g. acme:item_state/open'),
  mention: z.object({ section }),
});

/** The fields every attribute has; `type` is optional because real integrations omit it (SPEC §7.1). */
export const attributeEnvelopeSchema = z.object({
  id: text.min(1, 'an attribute id cannot be empty'),
  name: text.optional(),
  type: z.enum(['inline', 'embed', 'relation']).optional(),
  inline: z.record(z.string(), z.unknown()).optional(),
  embed: z.record(z.string(), z.unknown()).optional(),
  relation: z.unknown().optional(),
});

export const unfurlErrorValueSchema = z.object({
  status: z.int('status is an integer HTTP status').min(400, 'an error status is 4xx or 5xx').max(599),
  message: text,
});
