/**
 * `$<group>` placeholders in a rule's placeholder attributes (SPEC §1): Notion shows them, with the groups the
 * pattern captured, while it waits for the Unfurl Callback.
 */
// A group name is any JavaScript identifier, `número` as well as `itemNo`.
const PLACEHOLDER = /\$<([\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*)>/gu;

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
    text.replace(PLACEHOLDER, (_, name: string) => groupValue(groups, name)),
  ) as T;
}

/** Own string properties only: `$<constructor>` or `$<toString>` must not reach into Object.prototype. */
function groupValue(groups: Readonly<Record<string, string | undefined>>, name: string): string {
  if (!Object.hasOwn(groups, name)) return '';
  const value = groups[name];
  return typeof value === 'string' ? value : '';
}

function walkStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => walkStrings(item, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walkStrings(item, map)]));
  }
  return value;
}
