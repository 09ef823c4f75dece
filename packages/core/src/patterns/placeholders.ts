/**
 * `$<group>` placeholders in a rule's placeholder attributes (SPEC §1): Notion shows them, with the groups the
 * pattern captured, while it waits for the Unfurl Callback.
 */
const PLACEHOLDER = /\$<([A-Za-z_$][\w$]*)>/g;

/** The group names a value's strings refer to, deep. */
export function placeholderNames(value: unknown): string[] {
  const names = new Set<string>();
  walkStrings(value, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) names.add(match[1]!);
    return text;
  });
  return [...names];
}

/**
 * Replaces every `$<name>` in every string, deep; an unknown or unmatched group becomes the empty string, as in
 * `String.prototype.replace`.
 * @example substitutePlaceholders({ value: 'Acme Item #$<itemNo>' }, { itemNo: '23487' }) // { value: 'Acme Item #23487' }
 */
export function substitutePlaceholders<T>(value: T, groups: Readonly<Record<string, string | undefined>>): T {
  return walkStrings(value, (text) =>
    text.replace(PLACEHOLDER, (_, name: string) => groups[name] ?? ''),
  ) as T;
}

function walkStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => walkStrings(item, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walkStrings(item, map)]));
  }
  return value;
}
