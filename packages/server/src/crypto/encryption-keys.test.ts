import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateDevelopmentKey, parseEncryptionKeys } from './encryption-keys.js';

const key = () => randomBytes(32).toString('base64');

describe('parseEncryptionKeys', () => {
  it('reads one bare base64 key as "k1"', () => {
    const value = key();
    expect(parseEncryptionKeys(value)).toEqual([{ id: 'k1', key: Buffer.from(value, 'base64') }]);
  });

  it('reads a key ring in order, the first one first, tolerating spaces', () => {
    const [a, b] = [key(), key()];
    const keys = parseEncryptionKeys(` new:${a} , old:${b} `);
    expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keys[0]?.key.equals(Buffer.from(a, 'base64'))).toBe(true);
    expect(keys[1]?.key.equals(Buffer.from(b, 'base64'))).toBe(true);
  });

  it('numbers unnamed keys of a ring by position', () => {
    expect(parseEncryptionKeys(`${key()},${key()}`).map((k) => k.id)).toEqual(['k1', 'k2']);
  });

  it('refuses keys that are not 32 bytes, saying how long they were and how to make one', () => {
    expect(() => parseEncryptionKeys(randomBytes(16).toString('base64'))).toThrow(
      'TOKEN_ENCRYPTION_KEY must be 32 bytes in base64 (got 16 bytes); make one with `openssl rand -base64 32`',
    );
    expect(() => parseEncryptionKeys(`new:${key()},old:${randomBytes(33).toString('base64')}`)).toThrow(
      'TOKEN_ENCRYPTION_KEY key "old" must be 32 bytes in base64 (got 33 bytes)',
    );
    expect(() => parseEncryptionKeys('a hex string is not base64 of 32 bytes')).toThrow(/must be 32 bytes/);
  });

  it('refuses a repeated key id, naming it', () => {
    expect(() => parseEncryptionKeys(`a:${key()},b:${key()},a:${key()}`)).toThrow(
      /TOKEN_ENCRYPTION_KEY repeats a key id.*"a"/,
    );
    // An unnamed second key is "k2": naming another one so collides too.
    expect(() => parseEncryptionKeys(`k2:${key()},${key()}`)).toThrow(/repeats a key id.*"k2"/);
  });

  it('refuses an empty value and key ids that are empty or hold odd characters', () => {
    expect(() => parseEncryptionKeys(' , ')).toThrow('TOKEN_ENCRYPTION_KEY is empty');
    expect(() => parseEncryptionKeys(`:${key()}`)).toThrow('TOKEN_ENCRYPTION_KEY key id "" must be');
    expect(() => parseEncryptionKeys(`bad id!:${key()}`)).toThrow(
      'TOKEN_ENCRYPTION_KEY key id "bad id!" must be',
    );
    expect(() => parseEncryptionKeys(`${'x'.repeat(33)}:${key()}`)).toThrow(/key id "x+" must be/);
  });
});

describe('loadOrCreateDevelopmentKey', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder and a 0600 file holding one key, then reads the same key back', () => {
    dir = mkdtempSync(join(tmpdir(), 'unfurlkit-key-'));
    const path = join(dir, 'nested', 'folder', 'token-encryption.key');
    const created = loadOrCreateDevelopmentKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^dev:[A-Za-z0-9+/]{43}=\n$/);
    expect(created).toHaveLength(1);
    const again = loadOrCreateDevelopmentKey(path);
    expect(again[0]?.key.equals(created[0]!.key)).toBe(true);
  });
});
