import { type Attribute, type AttributeValidation, validateAttributes } from '@unfurlkit/core';
import { type JsonSnapshot, jsonSnapshot, matchesJsonSnapshot } from './json-snapshot.js';

/** Distinct answers remembered; past it, the oldest is forgotten (and validated again when it comes back). */
const MAX_ANSWERS = 1_000;
/** Larger answers are validated every time: remembering them would cost more memory than it saves. */
const MAX_KEY_LENGTH = 16_384;

/** A valid answer: the normalised set that passed validation, and that set's JSON text, ready to send. */
interface ValidAnswer {
  attributes: Attribute[];
  json: string;
}

/** Valid answers by the JSON text of what the resolver returned. */
const validAnswers = new Map<string, ValidAnswer>();

/**
 * Valid answers by the resolver's own object, with the text that object had when it was validated: a resolver
 * that returns the same (cached or constant) array is recognised by comparing it with that text, not by
 * serialising it. Weak: an entry lives as long as the resolver keeps its object.
 */
const validObjects = new WeakMap<object, { text: JsonSnapshot; answer: ValidAnswer }>();

/** The verdict, and for a valid answer the text of its normalised set (what `attributesAnswerJson` sends). */
export type SendingVerdict =
  | { ok: true; attributes: Attribute[]; json: string; errors: [] }
  | ({ ok: false; json?: undefined } & Pick<AttributeValidation, 'attributes' | 'errors'>);

/**
 * `validateAttributes(attributes, { mode: 'send' })`, remembered for answers already found valid: a preview
 * shown on many pages, or a resolver that answers from a cache, is checked and serialised once, not on every
 * unfurl.
 *
 * Why it keeps the guarantee that nothing invalid reaches Notion: the key is the answer's JSON text, which is
 * exactly what Notion would receive, and on a hit what is sent is the normalised set that passed validation for
 * that very text (and that set's own text). Only valid answers are remembered, so an invalid one is validated
 * (and refused, with its issues logged) every time. Validation is a pure function of the attributes, so a
 * remembered verdict never goes stale. The same object returned again is a hit only if it still has, field by
 * field, the text it was validated with (`matchesJsonSnapshot`): an object the resolver changed since is keyed
 * by its new text like any other.
 */
export function validateForSending(attributes: unknown): SendingVerdict {
  const byObject =
    typeof attributes === 'object' && attributes !== null ? validObjects.get(attributes) : undefined;
  if (byObject !== undefined && matchesJsonSnapshot(attributes, byObject.text)) {
    return remembered(byObject.answer);
  }
  const key = jsonKey(attributes);
  const known = key === undefined ? undefined : validAnswers.get(key);
  if (known !== undefined) {
    // An object seen before whose text changed to one known valid: compared with its new text from now on.
    if (byObject !== undefined)
      validObjects.set(attributes as object, { text: jsonSnapshot(key as string), answer: known });
    return remembered(known);
  }
  const report = validateAttributes(attributes, { mode: 'send' });
  if (!report.ok) return { ok: false, attributes: report.attributes, errors: report.errors };
  const json = JSON.stringify(report.attributes);
  if (key !== undefined) {
    // A frozen copy: later answers with this text share it (nothing may change it), and the resolver's own
    // objects, which the set may still reference, stay the product's to change.
    const answer = { attributes: deepFreeze(structuredClone(report.attributes)), json };
    validAnswers.set(key, answer);
    // Only on validation, not on every text hit: a resolver that builds new objects per unfurl would otherwise pay
    // for a snapshot per request that nothing ever looks up again.
    validObjects.set(attributes as object, { text: jsonSnapshot(key), answer });
    if (validAnswers.size > MAX_ANSWERS) {
      const oldest = validAnswers.keys().next().value;
      if (oldest !== undefined) validAnswers.delete(oldest);
    }
  }
  return { ok: true, attributes: report.attributes, json, errors: [] };
}
/** The verdict for an answer found valid before: its normalised set and that set's text. */
function remembered(answer: ValidAnswer): SendingVerdict {
  return { ok: true, attributes: answer.attributes, json: answer.json, errors: [] };
}

function jsonKey(attributes: unknown): string | undefined {
  let key: string | undefined;
  try {
    key = JSON.stringify(attributes);
  } catch {
    return undefined;
  }
  return key !== undefined && key.length <= MAX_KEY_LENGTH ? key : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
