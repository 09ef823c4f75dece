import { describe, expect, it } from 'vitest';
import { urlHost } from './url-host.js';

describe('urlHost', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['0.0.0.0', '127.0.0.1'],
    ['::', '[::1]'],
    ['::1', '[::1]'],
    ['fe80::1', '[fe80::1]'],
    ['[::1]', '[::1]'],
    ['localhost', 'localhost'],
  ])('%s → %s', (host, expected) => {
    expect(urlHost(host)).toBe(expected);
    expect(URL.canParse(`http://${urlHost(host)}:3000`)).toBe(true);
  });
});
