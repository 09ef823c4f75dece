import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import type { SealedSecret } from '../store/store.js';
import type { EncryptionKey } from './encryption-keys.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for Notion's tokens at rest (SECURITY: data at rest). The key id travels with the ciphertext so
 * old secrets stay readable after a rotation; `aad` binds a ciphertext to its purpose (a Notion access token
 * sealed for one connection cannot be swapped into another row).
 */
export class SecretBox {
  readonly #current: { id: string; key: KeyObject };
  /** As key objects, made once: a raw key given to createCipheriv is turned into one on every call. */
  readonly #byId: Map<string, KeyObject>;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
    this.#byId = new Map(keys.map((k) => [k.id, createSecretKey(k.key)]));
    this.#current = { id: keys[0]!.id, key: createSecretKey(keys[0]!.key) };
  }

  seal(plaintext: string, aad: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.#current.id,
      sealed: Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url'),
    };
  }

  /** Throws when the key is unknown or the ciphertext or its aad was tampered with. */
  open(secret: SealedSecret, aad: string): string {
    const key = this.#byId.get(secret.keyId);
    if (!key)
      throw new Error(
        `no encryption key with id "${secret.keyId}" (was it removed from TOKEN_ENCRYPTION_KEY?)`,
      );
    const raw = Buffer.from(secret.sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }
}
