/** Distinct attributes remembered; past it, the oldest is forgotten (and checked again when it comes back). */
const MAX_ATTRIBUTES = 1_000;
/** Larger attributes are checked every time: remembering them would cost more memory than it saves. */
const MAX_KEY_LENGTH = 4_096;

/** JSON texts of single attributes the builders found valid. */
const validTexts = new Set<string>();

/**
 * Whether a builder already found an attribute with this exact JSON text valid, and the text to remember it by
 * once it is (undefined: too large, or not serialisable; check it every time). A resolver builds the same
 * attributes again and again (one item shown to many people, a pushed update re-resolved for each of them), and
 * checking one cost more than building it. A verdict is a pure function of the text, so it never goes stale;
 * only valid attributes are remembered, so an invalid one is checked, and refused, every time.
 *
 * @example
 * const { known, key } = rememberedValid(attribute);
 * if (!known) { check(attribute); rememberValid(key); }
 */
export function rememberedValid(attribute: unknown): { known: boolean; key: string | undefined } {
  let key: string | undefined;
  try {
    key = JSON.stringify(attribute);
  } catch {
    return { known: false, key: undefined };
  }
  if (key === undefined || key.length > MAX_KEY_LENGTH) return { known: false, key: undefined };
  return { known: validTexts.has(key), key };
}

/** Remembers a valid attribute's JSON text (from `rememberedValid`). */
export function rememberValid(key: string | undefined): void {
  if (key === undefined) return;
  validTexts.add(key);
  if (validTexts.size > MAX_ATTRIBUTES) {
    const oldest = validTexts.values().next().value;
    if (oldest !== undefined) validTexts.delete(oldest);
  }
}
