import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * Parses `TOKEN_ENCRYPTION_KEY`: one base64 key of 32 bytes, or a key ring `id1:base64,id2:base64` whose first
 * key seals new secrets while all of them open old ones (rotation: prepend the new key, keep the old until
 * every connection has been re-sealed or reconnected). Throws a message naming what is wrong.
 */
export function parseEncryptionKeys(value: string): EncryptionKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('TOKEN_ENCRYPTION_KEY is empty');
  const keys = entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator === -1 ? (index === 0 ? 'k1' : `k${index + 1}`) : entry.slice(0, separator);
    const encoded = separator === -1 ? entry : entry.slice(separator + 1);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) {
      throw new Error(
        `TOKEN_ENCRYPTION_KEY ${id === 'k1' && separator === -1 ? '' : `key "${id}" `}must be 32 bytes in base64 (got ${key.length} bytes); make one with \`openssl rand -base64 32\``,
      );
    }
    if (!/^[\w.-]{1,32}$/.test(id))
      throw new Error(`TOKEN_ENCRYPTION_KEY key id "${id}" must be 1–32 letters or digits`);
    return { id, key };
  });
  const repeated = keys.find((k, index) => keys.findIndex((other) => other.id === k.id) !== index);
  if (repeated) {
    throw new Error(
      `TOKEN_ENCRYPTION_KEY repeats a key id: "${repeated.id}" (give each key of the ring its own id)`,
    );
  }
  return keys;
}

/**
 * Development only: reads the key generated on a previous start, or generates one, so a demo keeps working across
 * restarts without configuration. The file is created 0600 beside the database.
 */
export function loadOrCreateDevelopmentKey(path: string): EncryptionKey[] {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `dev:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  chmodSync(path, 0o600);
  return parseEncryptionKeys(readFileSync(path, 'utf8').trim());
}
