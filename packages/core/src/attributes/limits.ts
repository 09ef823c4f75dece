/**
 * Caps unfurlkit enforces (SPEC §7.2, a choice): Notion documents no limits on counts or lengths, so we apply
 * Notion's general API limits, which keep one bad resolver from sending Notion a payload it would refuse.
 * They are errors for what unfurlkit sends (`send`) and in `strict` mode, warnings in `receive` mode (Notion
 * draws longer values). The payload size is an error in every mode.
 */
export const LIMITS = {
  /** Attributes in one set. */
  maxAttributes: 100,
  /** Characters in any string value (titles, text, names, ids). */
  maxStringLength: 2_000,
  /** Characters in any URL (`uri`, `src_url`). */
  maxUrlLength: 2_000,
  /** Bytes of one JSON payload (an unfurl response or an external-object PATCH). */
  maxPayloadBytes: 500 * 1024,
} as const;
