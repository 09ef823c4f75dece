/**
 * fast-check generators of wire attributes, shared by the property tests. Values are generated from the SPEC
 * table in `fixtures.ts`, not from the code under test.
 */
import fc from 'fast-check';
import { SPEC_EMBED_SUBTYPES, SPEC_SECTION_TABLE } from './fixtures.js';

export type WireAttribute = Record<string, unknown> & { id: string };

/** Every allowed (section, subtype) pair of SPEC §7.2. */
export const ALLOWED_PAIRS: ReadonlyArray<readonly [section: string, subtype: string]> = Object.entries(
  SPEC_SECTION_TABLE,
).flatMap(([section, subtypes]) => subtypes.map((subtype) => [section, subtype] as const));

const label = fc.string({ unit: 'binary', maxLength: 30 });
const id = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => s !== 'dev');
const channel = fc.integer({ min: 0, max: 255 });
export const rgbArb = fc.record({ r: channel, g: channel, b: channel });

const instant = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

/** An http(s) URL the WHATWG parser accepts, within the 2,000-character cap. */
export const webUrlArb = fc
  .webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })
  .filter((url) => url.length <= 2_000 && URL.canParse(url));

function inlineValue(subtype: string): fc.Arbitrary<unknown> {
  switch (subtype) {
    case 'title':
      return fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    case 'plain_text':
      return fc.string({ unit: 'binary', maxLength: 40 });
    case 'date':
      return instant.map((d) => d.toISOString().slice(0, 10));
    case 'datetime':
      return fc
        .tuple(instant, fc.constantFrom('Z', '+00:00', '+05:30', '-08:00'))
        .map(([d, offset]) => d.toISOString().replace('Z', offset));
    case 'color':
      return rgbArb;
    default:
      throw new Error(`no generator for ${subtype}`);
  }
}

/** One valid attribute of a (section, subtype) pair the table allows, `type` written. */
export function attributeFor(section: string, subtype: string): fc.Arbitrary<WireAttribute> {
  if ((SPEC_EMBED_SUBTYPES as readonly string[]).includes(subtype)) {
    return fc.record({ id, name: label, src: webUrlArb }).map(({ id, name, src }) => ({
      id,
      name,
      type: 'embed',
      embed: { src_url: src, [subtype]: { section } },
    }));
  }
  if (subtype === 'enum') {
    return fc
      .record({
        id,
        name: label,
        value: fc.string({ maxLength: 20 }),
        color: fc.option(rgbArb, { nil: undefined }),
      })
      .map(({ id, name, value, color }) => ({
        id,
        name,
        type: 'inline',
        inline: { enum: color === undefined ? { value, section } : { value, color, section } },
      }));
  }
  return fc.record({ id, name: label, value: inlineValue(subtype) }).map(({ id, name, value }) => ({
    id,
    name,
    type: 'inline',
    inline: { [subtype]: { value, section } },
  }));
}

export const relationArb: fc.Arbitrary<WireAttribute> = fc
  .record({ id, name: label, uri: webUrlArb, section: fc.constantFrom('primary', 'secondary', 'identifier') })
  .map(({ id, name, uri, section }) => ({
    id,
    name,
    type: 'relation',
    relation: { uri, mention: { section } },
  }));

/** Mostly the 21 table pairs; now and then a relation. */
export const anyValidAttributeArb: fc.Arbitrary<WireAttribute> = fc.oneof(
  {
    arbitrary: fc
      .constantFrom(...ALLOWED_PAIRS)
      .chain(([section, subtype]) => attributeFor(section, subtype)),
    weight: 10,
  },
  { arbitrary: relationArb, weight: 1 },
);

const TITLE_ATTRIBUTE: WireAttribute = {
  id: 'title',
  name: 'Title',
  type: 'inline',
  inline: { title: { value: 'A title', section: 'title' } },
};
const DEV_ATTRIBUTE: WireAttribute = {
  id: 'dev',
  name: 'Developer Name',
  type: 'inline',
  inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
};

/** A valid set: a title, `dev`, and up to 30 more attributes with unique ids, in a random order. */
export const validSetArb: fc.Arbitrary<WireAttribute[]> = fc
  .uniqueArray(
    anyValidAttributeArb.filter((a) => a.id !== 'title'),
    { selector: (a) => a.id, maxLength: 30 },
  )
  .chain((others) =>
    fc.shuffledSubarray([TITLE_ATTRIBUTE, DEV_ATTRIBUTE, ...others], { minLength: others.length + 2 }),
  )
  .map((set) => structuredClone(set));

/**
 * Replaces one node of `value` (found by following `picks` as indexes into the keys at each level) with
 * `replacement`, or deletes it when `replacement` is the DELETE marker. Returns a new value.
 */
export const DELETE = Symbol('delete');
export function mutate(value: unknown, picks: readonly number[], replacement: unknown): unknown {
  const [pick, ...rest] = picks;
  if (pick === undefined || value === null || typeof value !== 'object') return replacement;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0) return replacement;
  const key = keys[pick % keys.length]!;
  const child = mutate((copy as Record<string, unknown>)[key], rest, replacement);
  if (child === DELETE) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key];
  } else {
    (copy as Record<string, unknown>)[key] = child;
  }
  return copy;
}

/** A valid set with one node replaced by arbitrary JSON (or removed): close to valid, so deep code runs. */
export const nearValidSetArb: fc.Arbitrary<unknown> = fc
  .tuple(
    validSetArb,
    fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(DELETE)),
  )
  .map(([set, picks, replacement]) => mutate(set, picks, replacement));
