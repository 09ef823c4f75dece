// Tokens the benchmark chooses itself, and the digest servers store them under (as unfurlkit's
// packages/server/src/crypto/tokens.ts does: SHA-256, hex, of the UTF-8 token).
import { createHash, randomBytes } from 'node:crypto';

/** A token in unfurlkit's format (`ufk_at_…`, `ufk_rt_…`): a prefix and 256 random bits, base64url. */
export const newToken = (prefix) => prefix + randomBytes(32).toString('base64url');

export const sha256Hex = (secret) => createHash('sha256').update(secret, 'utf8').digest('hex');

export const randomId = (prefix) => `${prefix}_${randomBytes(8).toString('hex')}`;
