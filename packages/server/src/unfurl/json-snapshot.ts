/**
 * A value's JSON text, kept as a tree that a later value can be compared with, without serialising it again.
 *
 * Why: a resolver that answers from a cache (or a constant) returns the same objects on every unfurl, and
 * serialising them only to look up a verdict found before costs more than the rest of the answer. Comparing the
 * objects with what their text was, field by field, costs a third of that and allocates nothing.
 */
export type JsonSnapshot =
  | { kind: 'leaf'; value: string | number | boolean | null }
  | { kind: 'array'; items: JsonSnapshot[] }
  | { kind: 'object'; keys: string[]; values: JsonSnapshot[] };

/** The snapshot of a JSON text (what `JSON.stringify` gave for the value now being remembered). */
export function jsonSnapshot(jsonText: string): JsonSnapshot {
  return snapshotOf(JSON.parse(jsonText));
}

function snapshotOf(parsed: unknown): JsonSnapshot {
  if (Array.isArray(parsed)) return { kind: 'array', items: parsed.map(snapshotOf) };
  if (parsed !== null && typeof parsed === 'object') {
    const keys = Object.keys(parsed);
    return {
      kind: 'object',
      keys,
      values: keys.map((key) => snapshotOf((parsed as Record<string, unknown>)[key])),
    };
  }
  return { kind: 'leaf', value: parsed as string | number | boolean | null };
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * True only if `JSON.stringify(value)` would give exactly the snapshot's text: the same own enumerable keys in the
 * same order, the same primitives, nothing with a `toJSON`. Anything it cannot vouch for cheaply (an `undefined`
 * member that JSON drops, `NaN` that JSON writes as null, an inherited enumerable key) answers false: the caller
 * then serialises, as it would without a snapshot.
 */
export function matchesJsonSnapshot(value: unknown, snapshot: JsonSnapshot): boolean {
  switch (snapshot.kind) {
    case 'leaf':
      return value === snapshot.value;
    case 'array': {
      if (!Array.isArray(value) || value.length !== snapshot.items.length || hasToJson(value)) return false;
      const { items } = snapshot;
      for (let index = 0; index < items.length; index++) {
        if (!matchesJsonSnapshot(value[index], items[index] as JsonSnapshot)) return false;
      }
      return true;
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || hasToJson(value))
        return false;
      const { keys, values } = snapshot;
      let index = 0;
      // `for…in` walks own keys in the order JSON.stringify does, then inherited enumerable ones (refused).
      for (const key in value) {
        if (key !== keys[index] || !hasOwn.call(value, key)) return false;
        if (!matchesJsonSnapshot((value as Record<string, unknown>)[key], values[index] as JsonSnapshot))
          return false;
        index++;
      }
      return index === keys.length;
    }
  }
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
