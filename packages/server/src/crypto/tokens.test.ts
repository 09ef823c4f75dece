import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret, type SecretKind } from './tokens.js';

const PREFIXES: Record<SecretKind, string> = {
  code: 'ufk_code_',
  access: 'ufk_at_',
  refresh: 'ufk_rt_',
  consent: 'ufk_consent_',
  csrf: 'ufk_csrf_',
};

describe('newSecret', () => {
  it.each(Object.entries(PREFIXES))(
    'makes a %s secret: its prefix, then 256 bits as 43 base64url characters',
    (kind, prefix) => {
      const secret = newSecret(kind as SecretKind);
      expect(secret.startsWith(prefix)).toBe(true);
      const body = secret.slice(prefix.length);
      expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(body, 'base64url')).toHaveLength(32);
    },
  );

  it('asks the injected random source for 32 bytes and encodes exactly those', () => {
    const sizes: number[] = [];
    const bytes = Buffer.alloc(32, 0xff);
    const secret = newSecret('access', (size) => {
      sizes.push(size);
      return bytes;
    });
    expect(sizes).toEqual([32]);
    expect(secret).toBe(`ufk_at_${bytes.toString('base64url')}`);
  });

  it('never repeats itself over 2,000 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) seen.add(newSecret('code'));
    expect(seen.size).toBe(2_000);
  });
});

describe('hashSecret', () => {
  it('is the SHA-256 hex digest of the UTF-8 secret', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecret('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
    expect(hashSecret('ufk_at_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret('ufk_at_x')).not.toBe(hashSecret('ufk_at_y'));
  });
});
