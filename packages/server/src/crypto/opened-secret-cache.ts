import type { SealedSecret } from '../store/store.js';
import type { SecretBox } from './secret-box.js';

/**
 * Remembers what `SecretBox.open` gave for a sealed secret and its aad, for a short time: the outbox opens the
 * same connection's Notion token for every delivery, and AES-GCM costs more than the rest of reading it. The
 * entry is keyed by the whole ciphertext, its key id and aad, so it answers exactly what opening would (a new
 * token is a new ciphertext); a failure is never remembered. Bounded in size and age, so plaintext tokens do not
 * linger in memory.
 *
 * @example
 * const tokens = new OpenedSecretCache(context.secretBox);
 * const token = tokens.open(connection.accessToken, notionTokenAad(connection.accountId, connection.botId));
 */
export class OpenedSecretCache {
  readonly #box: SecretBox;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  readonly #opened = new Map<string, { plaintext: string; until: number }>();

  constructor(box: SecretBox, options: { ttlMs?: number; maxEntries?: number; clock?: () => number } = {}) {
    this.#box = box;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#maxEntries = options.maxEntries ?? 1_024;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** As `SecretBox.open`: throws when the key is unknown or the ciphertext or its aad was tampered with. */
  open(secret: SealedSecret, aad: string): string {
    const key = `${secret.keyId}\u0000${aad}\u0000${secret.sealed}`;
    const now = this.#clock();
    const hit = this.#opened.get(key);
    if (hit !== undefined && hit.until > now) return hit.plaintext;
    const plaintext = this.#box.open(secret, aad);
    this.#opened.delete(key);
    if (this.#opened.size >= this.#maxEntries) {
      const oldest = this.#opened.keys().next().value;
      if (oldest !== undefined) this.#opened.delete(oldest);
    }
    this.#opened.set(key, { plaintext, until: now + this.#ttlMs });
    return plaintext;
  }
}
