import { editDistance } from './edit-distance.js';

/**
 * Prefixes of the server's own variables. Only names with one of them are looked at, so the rest of the
 * environment (PATH, HOME, NODE_OPTIONS, another program's settings) never draws a warning.
 */
function prefixesOf(known: readonly string[]): Set<string> {
  const prefixes = new Set<string>();
  for (const name of known) {
    const cut = name.indexOf('_');
    if (cut > 0 && name.slice(0, cut) !== 'NODE') prefixes.add(name.slice(0, cut + 1));
  }
  return prefixes;
}

/**
 * Warnings for environment names that look like one of ours but are not (a typo would otherwise be ignored in
 * silence and its default used, e.g. Notion's real API for a mistyped NOTION_API_URL): same prefix, unknown,
 * and within 2 edits of a known name (1 for short names).
 *
 * @example envNameSuggestions(['NOTION_API_ULR'], ['NOTION_API_URL']) // ['NOTION_API_ULR is not a setting …: did you mean NOTION_API_URL?']
 */
export function envNameSuggestions(given: Iterable<string>, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  const prefixes = prefixesOf(known);
  const warnings: string[] = [];
  for (const name of given) {
    if (knownSet.has(name)) continue;
    if (![...prefixes].some((prefix) => name.startsWith(prefix))) continue;
    let best: { name: string; distance: number } | undefined;
    for (const candidate of known) {
      const distance = editDistance(name, candidate);
      if (!best || distance < best.distance) best = { name: candidate, distance };
    }
    const allowed = name.length <= 8 ? 1 : 2;
    if (best && best.distance <= allowed) {
      warnings.push(`${name} is not a setting unfurlkit reads (it is ignored): did you mean ${best.name}?`);
    }
  }
  return warnings;
}
