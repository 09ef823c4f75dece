import { uriSchema } from '@unfurlkit/core';

/** Distinct links remembered; past it, the oldest is forgotten (and checked again when it comes back). */
const MAX_URIS = 1_000;

/** Links found valid by `uriSchema`, most recent last. */
const validUris = new Set<string>();

/**
 * `uriSchema.safeParse(uri).success`, remembered for links found valid: a link is resolved again and again (a
 * pushed update re-resolves it for every person holding its preview), and the schema's URL parse cost more than
 * matching the rules. The verdict is a pure function of the string; only valid links are remembered, so an
 * invalid one is checked, and refused, every time. Bounded by count (a link is at most `LIMITS.maxUrlLength`).
 *
 * @example
 * if (!isValidUri(uri)) return answer(400, 'This link is not a valid URL', 'bad-uri');
 */
export function isValidUri(uri: string): boolean {
  if (validUris.has(uri)) return true;
  if (!uriSchema.safeParse(uri).success) return false;
  validUris.add(uri);
  if (validUris.size > MAX_URIS) {
    const oldest = validUris.values().next().value;
    if (oldest !== undefined) validUris.delete(oldest);
  }
  return true;
}
