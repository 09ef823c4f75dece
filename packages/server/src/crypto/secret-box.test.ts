import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type EncryptionKey, parseEncryptionKeys } from './encryption-keys.js';
import { SecretBox } from './secret-box.js';

const ring = (...ids: string[]): EncryptionKey[] => ids.map((id) => ({ id, key: randomBytes(32) }));
const NOTION_TOKEN = 'secret_notion_access_token_0123456789';
const AAD = 'notion-access-token:alice:bot-1';

/** The sealed bytes with one bit flipped at `index`. */
function flip(sealed: string, index: number): string {
  const raw = Buffer.from(sealed, 'base64url');
  raw[index] = raw[index]! ^ 0x01;
  return raw.toString('base64url');
}

describe('SecretBox', () => {
  it('opens what it sealed, with the same aad', () => {
    const box = new SecretBox(ring('k1'));
    const sealed = box.seal(NOTION_TOKEN, AAD);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.sealed).not.toContain(NOTION_TOKEN);
    expect(box.open(sealed, AAD)).toBe(NOTION_TOKEN);
    expect(box.open(box.seal('', AAD), AAD)).toBe('');
    expect(box.open(box.seal('ünïcødé ✓', AAD), AAD)).toBe('ünïcødé ✓');
  });

  it('seals the same text differently every time (random IV)', () => {
    const box = new SecretBox(ring('k1'));
    const seen = new Set(Array.from({ length: 20 }, () => box.seal(NOTION_TOKEN, AAD).sealed));
    expect(seen.size).toBe(20);
  });

  it('refuses a ciphertext with any flipped bit: IV, body or tag', () => {
    const box = new SecretBox(ring('k1'));
    const sealed = box.seal(NOTION_TOKEN, AAD);
    const length = Buffer.from(sealed.sealed, 'base64url').length;
    for (const index of [0, 11, 12, length - 17, length - 16, length - 1]) {
      expect(() => box.open({ ...sealed, sealed: flip(sealed.sealed, index) }, AAD)).toThrow();
    }
  });

  it('refuses a truncated or empty ciphertext', () => {
    const box = new SecretBox(ring('k1'));
    const sealed = box.seal(NOTION_TOKEN, AAD);
    const raw = Buffer.from(sealed.sealed, 'base64url');
    for (const length of [0, 4, 12, 16, 27, raw.length - 1]) {
      expect(() =>
        box.open({ ...sealed, sealed: raw.subarray(0, length).toString('base64url') }, AAD),
      ).toThrow();
    }
  });

  it('refuses another aad: a ciphertext moved to another row does not open', () => {
    const box = new SecretBox(ring('k1'));
    const sealed = box.seal(NOTION_TOKEN, AAD);
    expect(() => box.open(sealed, 'notion-access-token:mallory:bot-1')).toThrow();
    expect(() => box.open(sealed, '')).toThrow();
  });

  it('refuses an unknown key id, saying which', () => {
    const sealed = new SecretBox(ring('gone')).seal(NOTION_TOKEN, AAD);
    expect(() => new SecretBox(ring('k1')).open(sealed, AAD)).toThrow(
      'no encryption key with id "gone" (was it removed from TOKEN_ENCRYPTION_KEY?)',
    );
  });

  it('refuses a key of the right id but other bytes', () => {
    const sealed = new SecretBox(ring('k1')).seal(NOTION_TOKEN, AAD);
    expect(() => new SecretBox(ring('k1')).open(sealed, AAD)).toThrow();
  });

  it('rotates: a ring "new,old" opens what old sealed and seals with new', () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const before = new SecretBox(parseEncryptionKeys(`old:${oldKey}`));
    const sealedBefore = before.seal(NOTION_TOKEN, AAD);

    const after = new SecretBox(parseEncryptionKeys(`new:${newKey},old:${oldKey}`));
    expect(after.open(sealedBefore, AAD)).toBe(NOTION_TOKEN);
    const sealedAfter = after.seal(NOTION_TOKEN, AAD);
    expect(sealedAfter.keyId).toBe('new');
    expect(after.open(sealedAfter, AAD)).toBe(NOTION_TOKEN);
    expect(() => before.open(sealedAfter, AAD)).toThrow(/no encryption key with id "new"/);
  });

  it('needs at least one key', () => {
    expect(() => new SecretBox([])).toThrow('SecretBox needs at least one key');
  });
});
