import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { OpenedSecretCache } from './opened-secret-cache.js';
import { SecretBox } from './secret-box.js';

const box = new SecretBox([{ id: 'k1', key: randomBytes(32) }]);

describe('OpenedSecretCache', () => {
  it('answers what SecretBox.open answers, for each ciphertext and aad', () => {
    const cache = new OpenedSecretCache(box);
    const one = box.seal('token-one', 'aad-1');
    const two = box.seal('token-two', 'aad-1');
    expect(cache.open(one, 'aad-1')).toBe('token-one');
    expect(cache.open(one, 'aad-1')).toBe('token-one');
    expect(cache.open(two, 'aad-1')).toBe('token-two');
  });

  it('still refuses a wrong aad or a tampered ciphertext after a success, and remembers no failure', () => {
    const cache = new OpenedSecretCache(box);
    const sealed = box.seal('token', 'connection-a');
    expect(cache.open(sealed, 'connection-a')).toBe('token');
    expect(() => cache.open(sealed, 'connection-b')).toThrow();
    const tampered = { ...sealed, sealed: `${sealed.sealed.slice(0, -2)}AA` };
    expect(() => cache.open(tampered, 'connection-a')).toThrow();
    expect(() => cache.open(tampered, 'connection-a')).toThrow();
    expect(() => cache.open({ ...sealed, keyId: 'gone' }, 'connection-a')).toThrow(/no encryption key/);
  });

  it('opens again once an entry is older than its time to live, and keeps at most maxEntries', () => {
    let now = 0;
    let opened = 0;
    const counting = {
      open: (...args: Parameters<SecretBox['open']>) => {
        opened += 1;
        return box.open(...args);
      },
    };
    const cache = new OpenedSecretCache(counting as SecretBox, {
      ttlMs: 1_000,
      maxEntries: 2,
      clock: () => now,
    });
    const [a, b, c] = ['a', 'b', 'c'].map((t) => box.seal(t, 'x'));
    cache.open(a!, 'x');
    cache.open(a!, 'x');
    expect(opened).toBe(1);
    now = 1_000;
    cache.open(a!, 'x');
    expect(opened).toBe(2);
    cache.open(b!, 'x');
    cache.open(c!, 'x');
    cache.open(a!, 'x'); // pushed out by b and c
    expect(opened).toBe(5);
  });
});
