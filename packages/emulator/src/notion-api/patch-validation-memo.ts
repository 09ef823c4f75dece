import { type UnfurlObjectValidation, type ValidationMode, validateUnfurlObject } from '@unfurlkit/core';

/** Distinct bodies remembered; past it, the least recently used is forgotten (and validated again if it returns). */
const MAX_BODIES = 256;
/** Longer bodies are validated every time: remembering them would cost more memory than validating saves. */
const MAX_BODY_CHARACTERS = 16_384;

/**
 * `validateUnfurlObject` for PATCH bodies, remembered by the body's exact text. An integration pushing one change
 * sends the same body to every connection holding the uri (each with its own token), and validating it was the
 * largest part of the emulator's work per PATCH, growing with the attributes: 0.26 ms of about 1 ms for a
 * 1,000-byte body. The result is a pure function of the text and the mode (JSON.parse of one text always gives
 * the same value), so a remembered one never goes stale. Results are frozen: callers share them.
 *
 * @example
 * const memo = new PatchValidationMemo();
 * const validation = memo.validate(request.body, request.notionBodyText, 'receive');
 */
export class PatchValidationMemo {
  readonly #byText = new Map<string, Readonly<UnfurlObjectValidation>>();

  /** `text`: the body as received (undefined when not kept); `body`: what it parsed to. */
  validate(body: unknown, text: string | undefined, mode: ValidationMode): Readonly<UnfurlObjectValidation> {
    if (text === undefined || text.length > MAX_BODY_CHARACTERS) return validateUnfurlObject(body, { mode });
    const key = `${mode}\n${text}`;
    const known = this.#byText.get(key);
    if (known !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the one to forget.
      this.#byText.delete(key);
      this.#byText.set(key, known);
      return known;
    }
    const validation = deepFreeze(validateUnfurlObject(body, { mode }));
    this.#byText.set(key, validation);
    if (this.#byText.size > MAX_BODIES) {
      const oldest = this.#byText.keys().next().value;
      if (oldest !== undefined) this.#byText.delete(oldest);
    }
    return validation;
  }

  /** How many bodies are remembered (for tests). */
  get size(): number {
    return this.#byText.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
